"""Household composition, income and assets: shared by all schemes."""

from __future__ import annotations

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from .entities import Household


class has_partner(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant has a partner (married or living together)"

    def formula(household, period, parameters):
        return household.nb_persons(Household.PARTNER) > 0


class number_of_children(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Number of children living at home"

    def formula(household, period, parameters):
        return household.nb_persons(Household.CHILD)


class has_minor_children(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "At least one child under 18 lives at home"

    def formula(household, period, parameters):
        ages = household.members("age", period)
        return household.any(ages < 18, role=Household.CHILD)


class applicant_age(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Age of the applicant"

    def formula(household, period, parameters):
        return household.value_from_person(household.members("age", period), role=Household.APPLICANT)


class partner_age(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Age of the partner"

    def formula(household, period, parameters):
        return household.value_from_person(household.members("age", period), role=Household.PARTNER)


class applicant_has_aow_age(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant has reached the AOW age"

    def formula(household, period, parameters):
        return household.value_from_person(
            household.members("has_aow_age", period), role=Household.APPLICANT, default=False
        )


class aow_household(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant or the partner has reached the AOW age"

    def formula(household, period, parameters):
        partner_aow = household.value_from_person(
            household.members("has_aow_age", period), role=Household.PARTNER, default=False
        )
        return household("applicant_has_aow_age", period) + (household("has_partner", period) * partner_aow)


class housemates_27_plus(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Housemates aged 27 or over, other than the partner (as answered)"


class cost_sharers(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Cost-sharers A: applicant, partner and housemates aged 27 or over"

    def formula(household, period, parameters):
        min_age = parameters(period).bijstand.cost_sharer.housemate_minimum_age
        ages = household.members("age", period)
        older_children = household.sum(ages >= min_age, role=Household.CHILD)
        older_housemates = household.sum(ages >= min_age, role=Household.HOUSEMATE)
        return (
            1
            + household("has_partner", period)
            + household("housemates_27_plus", period)
            + older_children
            + older_housemates
        )


class household_income(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Net monthly income of the applicant and the partner"

    def formula(household, period, parameters):
        income = household.members("net_income", period)
        return household.sum(income, role=Household.APPLICANT) + household.sum(income, role=Household.PARTNER)


class assets(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Assets of the applicant and the partner (savings, car, valuables), home equity excluded"


class debts(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Debts of the applicant and the partner"


class home_equity(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Equity in an owner-occupied home (value minus mortgage)"


class net_assets(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Assets minus debts"

    def formula(household, period, parameters):
        return household("assets", period) - household("debts", period)


class asset_limit(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Asset limit for this household"

    def formula(household, period, parameters):
        limits = parameters(period).bijstand.assets
        family = household("has_partner", period) + household("has_minor_children", period)
        return np.where(family, limits.family, limits.single)


class assets_within_limit(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Assets minus debts are at most the asset limit"

    def formula(household, period, parameters):
        return household("net_assets", period) <= household("asset_limit", period)


class home_equity_limit(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Limit for home equity"

    def formula(household, period, parameters):
        return household.filled_array(parameters(period).bijstand.assets.home_equity)


class home_equity_within_limit(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Home equity is at most the limit"

    def formula(household, period, parameters):
        return household("home_equity", period) <= household("home_equity_limit", period)


class lives_in_municipality(Variable):
    value_type = bool
    default_value = True
    entity = Household
    definition_period = DAY
    label = "The household lives in the municipality of this tenant"


class months_low_income(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Months in a row the household has had a low income"


class special_costs(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Special costs in the last 12 months (bijzondere bijstand)"


class reported_on(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Household
    definition_period = ETERNITY
    label = "Date the applicant reported to the municipality"


class applicant_in_detention(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is in detention"

    def formula(household, period, parameters):
        return household.value_from_person(
            household.members("in_detention", period), role=Household.APPLICANT, default=False
        )


class ResidenceStatus(Enum):
    """Nationality or residence status of the applicant (Participatiewet art. 11; Vreemdelingenwet 2000 art. 8)."""

    unknown = "Not answered"
    dutch = "Dutch nationality"
    permit_regular = "Regular residence permit (Vw art. 8 a, b)"
    permit_asylum = "Asylum residence permit (Vw art. 8 c, d)"
    eu_citizen = "EU, EEA or Swiss citizen (Vw art. 8 e)"
    other_8l = "Lawful residence under Vw art. 8 l"
    pending = "Awaiting a decision on residence (Vw art. 8 f to k)"
    none = "No lawful residence"


class residence_status(Variable):
    value_type = Enum
    possible_values = ResidenceStatus
    default_value = ResidenceStatus.unknown
    entity = Household
    definition_period = DAY
    label = "Nationality or residence status of the applicant"


class lawful_residence(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Dutch, or lawfully residing on a ground that gives the right to bijstand (Participatiewet art. 11)"

    def formula(household, period, parameters):
        p = parameters(period).bijstand.lawful_residence
        status = household("residence_status", period)
        # Not answered counts as giving the right here: the reason "lawful residence" needs
        # the answer (the advice says "not known"), and only the public check, which does
        # not ask it, evaluates without it (RulesEngine.evaluate, strict=False).
        gives_right = status == ResidenceStatus.unknown
        for item in ResidenceStatus:
            if item is not ResidenceStatus.unknown:
                gives_right = gives_right + (status == item) * bool(p[item.name])
        return gives_right


class partner_excluded(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The partner has no right to bijstand (detention, or under 27 with student finance)"

    def formula(household, period, parameters):
        excluded = household.value_from_person(
            household.members("excluded_from_bijstand", period), role=Household.PARTNER, default=False
        )
        return household("has_partner", period) * excluded


class applicant_student_finance(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant has a right to student finance"

    def formula(household, period, parameters):
        return household.value_from_person(
            household.members("student_finance", period), role=Household.APPLICANT, default=False
        )


variables = [
    has_partner, number_of_children, has_minor_children, applicant_age, partner_age,
    applicant_has_aow_age, aow_household, housemates_27_plus, cost_sharers, household_income,
    assets, debts, home_equity, net_assets, asset_limit, assets_within_limit, home_equity_limit,
    home_equity_within_limit, lives_in_municipality, months_low_income, special_costs, reported_on,
    applicant_in_detention, applicant_student_finance, residence_status, lawful_residence, partner_excluded,
]
