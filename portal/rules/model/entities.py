"""Entities: a person, and the household they form (applicant, partner, children, housemates)."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A person",
    is_person=True,
)

Household = build_entity(
    key="household",
    plural="households",
    label="The household of the applicant",
    roles=[
        {"key": "applicant", "max": 1, "label": "Applicant"},
        {"key": "partner", "max": 1, "label": "Partner (married or living together)"},
        {"key": "child", "plural": "children", "label": "Child living at home"},
        {"key": "housemate", "plural": "housemates", "label": "Other housemate"},
    ],
)

entities = [Household, Person]
