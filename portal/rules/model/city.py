"""Schemes with per-city parameters (``parameters.city``): inkomenstoeslag, bijzondere bijstand, city pass."""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from ._helpers import round_cents
from .entities import Household


class inkomenstoeslag_age_ok(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The applicant is between the minimum age (21) and the AOW age"

    def formula(household, period, parameters):
        minimum = parameters(period).city.inkomenstoeslag.minimum_age
        return (household("applicant_age", period) >= minimum) * np.logical_not(
            household("applicant_has_aow_age", period)
        )


class inkomenstoeslag_reference_period(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Months of low income the city requires"

    def formula(household, period, parameters):
        return household.filled_array(parameters(period).city.inkomenstoeslag.reference_period_months)


class inkomenstoeslag_period_ok(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The household has had a low income for the whole reference period"

    def formula(household, period, parameters):
        return household("months_low_income", period) >= household("inkomenstoeslag_reference_period", period)


class inkomenstoeslag_income_limit(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Low-income limit: the city's percentage of the norm"

    def formula(household, period, parameters):
        pct = parameters(period).city.inkomenstoeslag.low_income_percentage
        return round_cents(household("base_norm", period).astype(np.float64) * pct)


class inkomenstoeslag_income_ok(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The household income is at most the low-income limit"

    def formula(household, period, parameters):
        return household("household_income", period) <= household("inkomenstoeslag_income_limit", period)


class inkomenstoeslag_amount(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Individuele inkomenstoeslag per year for this household type"

    def formula(household, period, parameters):
        amount = parameters(period).city.inkomenstoeslag.amount
        partner = household("has_partner", period)
        children = household("has_minor_children", period)
        return np.where(
            partner,
            np.where(children, amount.couple_with_children, amount.couple),
            np.where(children, amount.single_parent, amount.single),
        )


class inkomenstoeslag_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "All conditions for the individuele inkomenstoeslag are met"

    def formula(household, period, parameters):
        return (
            household("lives_in_municipality", period)
            * household("lawful_residence", period)
            * household("inkomenstoeslag_age_ok", period)
            * household("not_in_detention", period)
            * household("inkomenstoeslag_period_ok", period)
            * household("inkomenstoeslag_income_ok", period)
            * household("assets_within_limit", period)
        )


class stadspas_income_limit(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "City pass income limit: the city's percentage of the norm"

    def formula(household, period, parameters):
        pct = parameters(period).city.stadspas.income_limit_percentage
        return round_cents(household("base_norm", period).astype(np.float64) * pct)


class stadspas_income_ok(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The household income is at most the city pass limit"

    def formula(household, period, parameters):
        return household("household_income", period) <= household("stadspas_income_limit", period)


class stadspas_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "All conditions for the city pass are met"

    def formula(household, period, parameters):
        return (
            household("lives_in_municipality", period)
            * household("meets_minimum_age", period)
            * household("stadspas_income_ok", period)
        )


class bijzondere_bijstand_minimum_costs(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Costs below this amount per 12 months may be refused"

    def formula(household, period, parameters):
        return household.filled_array(parameters(period).city.bijzondere_bijstand.minimum_costs)


class bijzondere_bijstand_costs_ok(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The special costs reach the city's threshold"

    def formula(household, period, parameters):
        return household("special_costs", period) >= household("bijzondere_bijstand_minimum_costs", period)


class bijzondere_bijstand_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Bijzondere bijstand is possible in principle"

    def formula(household, period, parameters):
        return (
            household("lives_in_municipality", period)
            * household("lawful_residence", period)
            * household("meets_minimum_age", period)
            * household("not_in_detention", period)
            * household("assets_within_limit", period)
            * household("bijzondere_bijstand_costs_ok", period)
        )


variables = [
    inkomenstoeslag_age_ok, inkomenstoeslag_reference_period, inkomenstoeslag_period_ok,
    inkomenstoeslag_income_limit, inkomenstoeslag_income_ok, inkomenstoeslag_amount,
    inkomenstoeslag_eligible, stadspas_income_limit, stadspas_income_ok, stadspas_eligible,
    bijzondere_bijstand_minimum_costs, bijzondere_bijstand_costs_ok, bijzondere_bijstand_eligible,
]
