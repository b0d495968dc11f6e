"""Reporting a change (wijziging doorgeven): its likely effect per month from the date it
happened, computed by the same rules, and the caseworker's confirmation, after which the
benefit's household changes from that month. A change that lands after months were paid
at the old amount shows the overpayment (or back-payment) per paid month.

Kinds here: a housemate moving in (with their date of birth: from 27 a cost-sharer,
Participatiewet art. 22a) and a housemate moving out. The other changes of issue 18
(moving, partner, birth, income, assets, abroad, detention, study) are not built yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.benefits.household import change_month, household_on, rules_household, rules_system
from portal.benefits.models import Benefit, Change, Payment
from portal.i18n import N_
from portal.rules.benefit import MonthInput, month_amount
from portal.tenancy.scope import tenant_of

KINDS = {"housemate_in": N_("A housemate moves in"), "housemate_out": N_("A housemate moves out")}


class ChangeRefused(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass
class MonthEffect:
    month: date
    norm_before: Decimal
    norm_after: Decimal
    paid: Decimal | None  # what was paid for the month at the old amount, if it was paid
    amount_after: Decimal
    difference: Decimal | None  # paid minus the new amount: > 0 overpaid, < 0 to pay back to the citizen


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def household_after(benefit: Benefit, kind: str, happened_on: date, data: dict) -> dict:
    """The household after the change, counting housemates of 27 or over on the change month."""
    before = dict(household_on(benefit, change_month(happened_on)))
    housemates = int(before.get("housemates_27_plus", 0))
    if kind == "housemate_in":
        born = date.fromisoformat(data["birth_date"])
        counts = _age_on(born, change_month(happened_on)) >= 27
        return before | {"housemates_27_plus": housemates + counts}
    if kind == "housemate_out":
        return before | {"housemates_27_plus": max(0, housemates - 1)}
    raise ValueError(kind)


def validate(kind: str, happened_on_text: str, birth_text: str, today: date) -> tuple[date, dict]:
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = N_("Choose what changed.")
    try:
        happened_on = date.fromisoformat((happened_on_text or "").strip())
    except ValueError:
        happened_on = None
        errors["happened_on"] = N_("Enter the date like 2026-03-15.")
    if happened_on is not None and not date(2025, 7, 1) <= happened_on <= date(today.year + 1, today.month, 1):
        errors["happened_on"] = N_("Enter a date from 1 July 2025 and at most a year ahead.")
    data: dict = {}
    if kind == "housemate_in":
        try:
            born = date.fromisoformat((birth_text or "").strip())
            if not date(1900, 1, 1) <= born <= today:
                raise ValueError
            data["birth_date"] = born.isoformat()
        except ValueError:
            errors["birth_date"] = N_("Enter the housemate's date of birth like 1996-04-30.")
    if errors:
        raise ChangeRefused(errors)
    return happened_on, data


async def effect(session: AsyncSession, benefit: Benefit, kind: str, happened_on: date, data: dict, *,
                 engine=None, months_ahead: int = 1) -> list[MonthEffect]:
    """Month by month from the change month up to next month: the norm before and after,
    what was paid and the new amount (no income: the change's own effect)."""
    system = rules_system(tenant_of(session), engine)
    after = rules_household(household_after(benefit, kind, happened_on, data))
    first = change_month(happened_on)
    today = clock.today()
    last = date(today.year + (today.month + months_ahead > 12), (today.month + months_ahead - 1) % 12 + 1, 1)
    paid = {p.month: p for p in (await session.scalars(select(Payment).where(
        Payment.benefit_id == benefit.id, Payment.status == Payment.PAID, Payment.month >= first))).all()}
    out = []
    month = first
    while month <= last and len(out) < 24:
        before = rules_household(household_on(benefit, month))
        payment = paid.get(month)
        work = Decimal(payment.figures.get("work_income", "0")) if payment else Decimal("0")
        other = Decimal(payment.figures.get("other_income", "0")) if payment else Decimal("0")
        old = month_amount(system, month, MonthInput(before, work_income=work, other_income=other))
        new = month_amount(system, month, MonthInput(after, work_income=work, other_income=other))
        out.append(MonthEffect(month, old.norm, new.norm, payment.amount if payment else None, new.to_pay,
                               (payment.amount - new.to_pay) if payment else None))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


async def report(session: AsyncSession, benefit: Benefit, kind: str, happened_on: date, data: dict, key: str) -> Change:
    """Store the change once (the same form key again gives the same change)."""
    same = await session.scalar(select(Change).where(Change.idempotency_key == key))
    if same is not None:
        return same
    change = Change(benefit_id=benefit.id, kind=kind, happened_on=happened_on, data=data, idempotency_key=key)
    session.add(change)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return await session.scalar(select(Change).where(Change.idempotency_key == key))
    return change


async def confirm(session: AsyncSession, change: Change, employee) -> Benefit:
    """The caseworker confirms: the household changes from the change month on."""
    benefit = await session.get(Benefit, change.benefit_id)
    if change.status == Change.CONFIRMED:
        return benefit
    after = household_after(benefit, change.kind, change.happened_on, change.data)
    history = [e for e in (benefit.household_history or []) if e["from"] != change_month(change.happened_on).isoformat()]
    benefit.household_history = history + [{"from": change_month(change.happened_on).isoformat(), "household": after}]
    change.status, change.confirmed_by, change.confirmed_at = Change.CONFIRMED, employee.id, clock.now()
    return benefit


async def open_changes(session: AsyncSession) -> list[tuple[Change, Benefit]]:
    rows = await session.execute(select(Change, Benefit).join(Benefit, Benefit.id == Change.benefit_id)
                                 .where(Change.status == Change.SUBMITTED).order_by(Change.submitted_at))
    return [tuple(row) for row in rows]
