"""Bijstand (levensonderhoud) under the Participatiewet: norms, exclusions, amount."""

from __future__ import annotations

from datetime import date

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from ._helpers import on_date, round_cents
from .entities import Household


class base_norm(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Bijstand norm for the household type and ages, before the cost-sharer norm"

    def formula(household, period, parameters):
        p = parameters(period).bijstand
        norm = p.norm
        adult_age = p.ages.adult_norm_age
        partner = household("has_partner", period)
        children = household("has_minor_children", period)
        aow = household("aow_household", period)
        applicant_young = household("applicant_age", period) < adult_age
        partner_young = household("partner_age", period) < adult_age
        single = np.select(
            [aow, applicant_young],
            [norm.single_aow, norm.single_young],
            norm.single,
        )
        both_young = applicant_young * partner_young
        one_young = applicant_young + partner_young
        couple = np.select(
            [aow, both_young, one_young],
            [
                norm.couple_aow,
                np.where(children, norm.couple_young_children, norm.couple_young),
                np.where(children, norm.couple_mixed_children, norm.couple_mixed),
            ],
            norm.couple,
        )
        # Art. 24 lid 1: a partner without a right of their own (detention, student
        # finance) leaves the other the given percentage of the couple norm.
        pct = p.non_entitled_partner.percentage
        couple = np.where(household("partner_excluded", period), round_cents(couple * pct / 100), couple)
        return np.where(partner, couple, single)


class cost_sharer_norm_applies(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The cost-sharer norm applies (housemates aged 27 or over, applicant and partner 21 or over)"

    def formula(household, period, parameters):
        adult_age = parameters(period).bijstand.ages.adult_norm_age
        partner = household("has_partner", period)
        others = household("cost_sharers", period) - 1 - partner
        applicant_adult = household("applicant_age", period) >= adult_age
        partner_adult = np.logical_not(partner) + (household("partner_age", period) >= adult_age)
        return (others > 0) * applicant_adult * partner_adult


class cost_sharer_norm(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Cost-sharer norm: (40 + 30 A) / (100 A) times the couple norm, per adult in the couple"

    def formula(household, period, parameters):
        p = parameters(period).bijstand
        a = np.maximum(household("cost_sharers", period), 1).astype(np.float64)
        couple_norm = np.where(household("aow_household", period), p.norm.couple_aow, p.norm.couple)
        per_person = round_cents(
            (p.cost_sharer.base_percentage + p.cost_sharer.percentage_per_person * a) / (100 * a) * couple_norm
        )
        return per_person * (1 + household("has_partner", period))


class bijstand_norm(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "The bijstand norm that applies to this household"

    def formula(household, period, parameters):
        return np.where(
            household("cost_sharer_norm_applies", period),
            household("cost_sharer_norm", period),
            household("base_norm", period),
        )


class meets_minimum_age(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is 18 or older"

    def formula(household, period, parameters):
        return household("applicant_age", period) >= parameters(period).bijstand.ages.minimum_age


class not_in_detention(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is not in detention"

    def formula(household, period, parameters):
        return np.logical_not(household("applicant_in_detention", period))


class young_person(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is under 27 (search period and student finance rules apply)"

    def formula(household, period, parameters):
        return household("applicant_age", period) < parameters(period).bijstand.ages.young_person_age


class no_student_finance_exclusion(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is not under 27 with a right to student finance"

    def formula(household, period, parameters):
        return np.logical_not(household("young_person", period) * household("applicant_student_finance", period))


class search_period_end(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Household
    definition_period = DAY
    label = "First day the applicant under 27 may apply (4 weeks after reporting)"

    def formula(household, period, parameters):
        days = int(parameters(period).bijstand.search_period)
        return household("reported_on", period) + np.timedelta64(days, "D")


class search_period_over(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The search period for applicants under 27 is over, or does not apply"

    def formula(household, period, parameters):
        today = np.datetime64(on_date(period), "D")
        later = household("search_checked_on", period)
        # Judged on the later of the rules' day and the day the advice is asked: the
        # search period delays the handling, it does not refuse the application.
        today = np.maximum(today, later.astype("datetime64[D]"))
        over = household("search_period_end", period) <= today
        waived = household("search_period_exception", period) * bool(parameters(period).bijstand.search_period_exception)
        return np.logical_not(household("young_person", period)) + over + waived


class search_period_exception(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "An exception to the search period applies (Participatiewet art. 41 lid 4)"


class search_checked_on(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Household
    definition_period = ETERNITY
    label = "The day the search period is judged on, when later than the rules' day (the advice: today)"


class income_below_norm(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The household income is below the bijstand norm"

    def formula(household, period, parameters):
        return household("household_income", period) < household("bijstand_norm", period)


class bijstand_amount(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Expected bijstand per month: the norm minus income, never below zero"

    def formula(household, period, parameters):
        norm = household("bijstand_norm", period).astype(np.float64)
        income = household("household_income", period).astype(np.float64)
        return round_cents(np.maximum(norm - income, 0))


class bijstand_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "All conditions for bijstand are met"

    def formula(household, period, parameters):
        return (
            household("lives_in_municipality", period)
            * household("lawful_residence", period)
            * household("meets_minimum_age", period)
            * household("not_in_detention", period)
            * household("no_student_finance_exclusion", period)
            * household("search_period_over", period)
            * household("assets_within_limit", period)
            * household("home_equity_within_limit", period)
            * household("income_below_norm", period)
        )


variables = [
    base_norm, cost_sharer_norm_applies, cost_sharer_norm, bijstand_norm, meets_minimum_age,
    not_in_detention, young_person, no_student_finance_exclusion, search_period_end,
    search_period_over, search_period_exception, search_checked_on, income_below_norm, bijstand_amount, bijstand_eligible,
]
