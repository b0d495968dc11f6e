"""The running benefit's month: earnings disregard, holiday allowance reserve, amount to pay.

Inputs per household and day (the first day of the month the amount is for):
`work_income` and `other_income` (net, that month), the months the general and the
single-parent disregard were already applied, and a medical limit on hours (UWV).

Rounding (stated, as the norm letter gives amounts to the cent): every amount is rounded
half up to whole cents where it is made: the disregard, the reserve; the rest are sums
and differences of cents. portal/rules/benefit.py reads the results as Decimal cents.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from ._helpers import round_cents
from .entities import Household


class work_income(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Net income from work of the household in the month"


class other_income(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Other net income of the household in the month (no disregard)"


class general_disregard_months_used(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Months the general earnings disregard was already applied"


class single_parent_disregard_months_used(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Months the single-parent earnings disregard was already applied"


class medical_hours_limit(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "UWV found a medical limit on the hours the applicant can work"


class has_child_under_12(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "A child under 12 lives at home"

    def formula(household, period, parameters):
        below = parameters(period).bijstand.earnings_disregard.single_parent.child_age_below
        return household.any(household.members("age", period) < below, role=Household.CHILD)


def share(amount, rate):
    """`rate` of a money amount, half up to the cent, worked out on whole cents in float64
    (OpenFisca keeps floats as float32: 186.50 x 5% would come out 9.3249998 there)."""
    cents = np.round(np.asarray(amount, dtype=np.float64) * 100)
    return np.floor(cents * np.float64(rate) + 0.5 + 1e-6) / 100


def _capped(income, rate, cap):
    return np.minimum(share(income, rate), round_cents(cap))


class general_disregard_applies(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The general disregard (art. 31 lid 2 onder n) applies this month"

    def formula(household, period, parameters):
        p = parameters(period).bijstand.earnings_disregard.general
        return ((household("applicant_age", period) >= p.minimum_age)
                * (household("general_disregard_months_used", period) < p.max_months)
                * (household("work_income", period) > 0)
                * np.logical_not(household("medical_hours_limit", period)))


class single_parent_disregard_applies(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The single-parent disregard (art. 31 lid 2 onder r) applies this month"

    def formula(household, period, parameters):
        p = parameters(period).bijstand.earnings_disregard.single_parent
        return (np.logical_not(household("has_partner", period))
                * household("has_child_under_12", period)
                * np.logical_not(household("general_disregard_applies", period))
                * (household("single_parent_disregard_months_used", period) < p.max_months)
                * (household("work_income", period) > 0)
                * np.logical_not(household("medical_hours_limit", period)))


class earnings_disregard(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Work income left out of account this month (one disregard at a time)"

    def formula(household, period, parameters):
        p = parameters(period).bijstand.earnings_disregard
        work = household("work_income", period)
        return np.select(
            [household("medical_hours_limit", period) * (work > 0),
             household("general_disregard_applies", period),
             household("single_parent_disregard_applies", period)],
            [_capped(work, p.medical.rate, p.medical.cap),
             _capped(work, p.general.rate, p.general.cap),
             _capped(work, p.single_parent.rate, p.single_parent.cap)],
            0.0,
        )


class counted_income(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Income deducted from the norm: work income after the disregard, plus other income"

    def formula(household, period, parameters):
        work = household("work_income", period)
        return round_cents(np.maximum(work - household("earnings_disregard", period), 0) + household("other_income", period))


class benefit_before_reserve(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Bijstand this month: the norm minus counted income, not below zero"

    def formula(household, period, parameters):
        return round_cents(np.maximum(household("bijstand_norm", period) - household("counted_income", period), 0))


class holiday_allowance_reserve(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Part of this month's bijstand reserved as holiday allowance (art. 19 lid 3)"

    def formula(household, period, parameters):
        rate = parameters(period).bijstand.holiday_allowance.rate
        return share(household("benefit_before_reserve", period), rate)


class benefit_month_payment(Variable):
    value_type = float
    entity = Household
    definition_period = DAY
    label = "Paid for the month: bijstand minus the holiday allowance reserve"

    def formula(household, period, parameters):
        return round_cents(household("benefit_before_reserve", period) - household("holiday_allowance_reserve", period))


variables = [
    work_income, other_income, general_disregard_months_used, single_parent_disregard_months_used,
    medical_hours_limit, has_child_under_12, general_disregard_applies, single_parent_disregard_applies,
    earnings_disregard, counted_income, benefit_before_reserve, holiday_allowance_reserve, benefit_month_payment,
]
