"""Every key a case can hold gets a real label, in each language."""

import dataclasses
import re

import pytest

from portal.applications.library import QUESTIONS
from portal.backoffice.answers import EXTRA_LABELS, answer_sections, label_for
from portal.i18n import load_catalogs, use_locale
from portal.rules.situation import Situation
from portal.settings import PROJECT_ROOT

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
KEYS = sorted(set(QUESTIONS) | {f.name for f in dataclasses.fields(Situation)} | set(EXTRA_LABELS)
              | {"child_1_name", "child_3_bsn", "child_12_birth_date"})

SAME_IN_DUTCH = {"Postcode"}


@pytest.fixture(autouse=True, scope="module")
def catalogs():
    load_catalogs(PROJECT_ROOT / "locales")


@pytest.mark.parametrize("locale", ["nl", "en", "ar"])
def test_every_known_key_has_a_label(locale):
    with use_locale(locale):
        labels = {key: label_for(key) for key in KEYS}
    assert {key: label for key, label in labels.items() if SNAKE.search(label)} == {}
    if locale != "en":  # translated, not the English msgid (Dutch writes "Postcode" alike)
        with use_locale("en"):
            english = {key: label_for(key) for key in KEYS}
        assert [k for k in KEYS if labels[k] == english[k] and labels[k] not in SAME_IN_DUTCH] == []


def test_frozen_rows_keep_a_tenants_own_label_and_loose_keys_are_shown_too():
    answers = {"sections": [{"title": "Uw situatie", "rows": [
        {"key": "income", "label": "Inkomen", "value": "€ 0,00"},
        {"key": "pet_count", "label": "Aantal huisdieren", "value": "2"}]}],
        "search_period_until": "2026-04-01", "situation": {"income": "0.00"}, "answers": {"income": "0.00"}}
    with use_locale("en"):
        sections = answer_sections(answers)
    assert [(r.label, r.value) for r in sections[0].rows] == [("Your net income per month", "€ 0,00"),
                                                             ("Aantal huisdieren", "2")]
    assert sections[1].title == "Other information"
    assert [(r.label, r.value) for r in sections[1].rows] == [("Search period ends on", "April 1, 2026")]
    assert answer_sections({}) == [] and answer_sections(None) == []
