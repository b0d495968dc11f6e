"""A running benefit's month as money: the norm for that month's household, the income,
the earnings disregard, the holiday allowance reserved, and what is paid, each a
`Decimal` to the cent with its reason (the variables of portal/rules/model/benefit.py).

The norm is the one on the first day of the month (ages on that day: a birthday of 21,
27 or AOW age, a child turning 18 count from the month after). Many benefits are
computed in one vectorised OpenFisca simulation (the payment run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class BenefitHousehold:
    birth_date: date
    partner_birth_date: date | None = None
    children: tuple[date, ...] = ()
    housemates_27_plus: int = 0
    medical_hours_limit: bool = False


@dataclass(frozen=True, slots=True)
class MonthInput:
    household: BenefitHousehold
    work_income: Decimal = ZERO
    other_income: Decimal = ZERO
    general_months_used: int = 0
    single_parent_months_used: int = 0
    # The holiday allowance reserved over the past year, paid out this month (or 0).
    holiday_payout: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class AmountLine:
    code: str
    label: str  # English msgid
    amount: Decimal
    source: str = ""


@dataclass(frozen=True, slots=True)
class MonthAmount:
    month: date
    norm: Decimal
    work_income: Decimal
    other_income: Decimal
    disregard: Decimal
    disregard_kind: str  # "", "general", "single_parent", "medical"
    counted_income: Decimal
    before_reserve: Decimal
    reserve: Decimal
    holiday_payout: Decimal
    to_pay: Decimal
    lines: list[AmountLine] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: str(getattr(self, k)) for k in ("norm", "work_income", "other_income", "disregard", "counted_income",
                                                  "before_reserve", "reserve", "holiday_payout", "to_pay")} | {
            "disregard_kind": self.disregard_kind, "month": self.month.isoformat()}


def cents(value) -> Decimal:
    return Decimal(repr(round(float(value), 2))).quantize(CENT)


DISREGARD_SOURCES = {
    "general": "Participatiewet art. 31 lid 2 onder n",
    "single_parent": "Participatiewet art. 31 lid 2 onder r",
    "medical": "Participatiewet art. 31 lid 2 onder y",
}


def _simulation(system: TaxBenefitSystem, first: date, inputs: list[MonthInput]):
    """One simulation for all households, built from arrays (not from a dict per person:
    OpenFisca's dict builder is quadratic in the number of people)."""
    births: list[date] = []
    group: list[int] = []
    roles: list[str] = []
    for i, item in enumerate(inputs):
        h = item.household
        births.append(h.birth_date), group.append(i), roles.append("applicant")
        if h.partner_birth_date is not None:
            births.append(h.partner_birth_date), group.append(i), roles.append("partner")
        for born in h.children:
            births.append(born), group.append(i), roles.append("child")
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", [f"p{n}" for n in range(len(births))])
    households = builder.declare_entity("household", np.arange(len(inputs)))
    builder.join_with_persons(households, np.array(group), roles)
    simulation = builder.build(system)
    period = periods.period(first.isoformat())
    simulation.set_input("birth_date", periods.period("eternity"), np.array(births, dtype="datetime64[D]"))
    for name, values in (
        ("housemates_27_plus", [item.household.housemates_27_plus for item in inputs]),
        ("work_income", [float(item.work_income) for item in inputs]),
        ("other_income", [float(item.other_income) for item in inputs]),
        ("general_disregard_months_used", [item.general_months_used for item in inputs]),
        ("single_parent_disregard_months_used", [item.single_parent_months_used for item in inputs]),
        ("medical_hours_limit", [item.household.medical_hours_limit for item in inputs]),
    ):
        simulation.set_input(name, period, np.array(values))
    return simulation


def month_amounts(system: TaxBenefitSystem, month: date, inputs: list[MonthInput]) -> list[MonthAmount]:
    """Each input's month, computed together. `month` is any day of it."""
    first = month.replace(day=1)
    if not inputs:
        return []
    simulation = _simulation(system, first, inputs)
    day = first.isoformat()
    period = periods.period(day)
    calc = {name: simulation.calculate(name, period) for name in (
        "bijstand_norm", "earnings_disregard", "counted_income", "benefit_before_reserve",
        "holiday_allowance_reserve", "benefit_month_payment", "medical_hours_limit",
        "general_disregard_applies", "single_parent_disregard_applies")}
    out = []
    for i, item in enumerate(inputs):
        disregard = cents(calc["earnings_disregard"][i])
        kind = ""
        if disregard > 0:
            kind = ("medical" if calc["medical_hours_limit"][i] else
                    "general" if calc["general_disregard_applies"][i] else "single_parent")
        norm = cents(calc["bijstand_norm"][i])
        before = cents(calc["benefit_before_reserve"][i])
        reserve = cents(calc["holiday_allowance_reserve"][i])
        payout = item.holiday_payout.quantize(CENT)
        to_pay = cents(calc["benefit_month_payment"][i]) + payout
        lines = [
            AmountLine("norm", "Your norm this month", norm, "Participatiewet art. 20-22a, norm letter"),
            AmountLine("work_income", "Income from work", item.work_income.quantize(CENT)),
            AmountLine("disregard", "Part of your work income you may keep", disregard, DISREGARD_SOURCES.get(kind, "")),
            AmountLine("other_income", "Other income", item.other_income.quantize(CENT)),
            AmountLine("counted_income", "Income deducted", cents(calc["counted_income"][i])),
            AmountLine("reserve", "Holiday allowance reserved", reserve, "Participatiewet art. 19 lid 3"),
        ]
        if payout:
            lines.append(AmountLine("holiday_payout", "Holiday allowance paid out", payout, "Participatiewet art. 19 lid 3"))
        lines.append(AmountLine("to_pay", "To be paid", to_pay))
        out.append(MonthAmount(month=first, norm=norm, work_income=item.work_income.quantize(CENT),
                               other_income=item.other_income.quantize(CENT), disregard=disregard,
                               disregard_kind=kind, counted_income=cents(calc["counted_income"][i]),
                               before_reserve=before, reserve=reserve, holiday_payout=payout, to_pay=to_pay,
                               lines=lines))
    return out


def month_amount(system: TaxBenefitSystem, month: date, item: MonthInput) -> MonthAmount:
    return month_amounts(system, month, [item])[0]
