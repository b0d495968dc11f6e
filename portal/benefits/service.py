"""The benefits domain's public interface and its logic: a benefit starts from a granted
bijstand case, the citizen declares each month, the caseworker approves, a run pays.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock  # noqa: F401 - used by the back office (service.clock)
from portal.benefits.config import config_of, due_date, next_month, payment_date
from portal.benefits.household import household_from_answers, household_on, rules_household, rules_system
from portal.benefits.models import Benefit, Declaration, Payment, PaymentRun, euros, to_cents
from portal.cases.service import Case, CaseEvent
from portal.i18n import N_
from portal.rules.benefit import MonthAmount, MonthInput, month_amount
from portal.tenancy.scope import tenant_of

__all__ = ["Benefit", "Declaration", "Payment", "PaymentRun", "DeclarationRefused", "start_benefit",
           "start_benefits_round", "benefit_of", "declare", "expected", "approve", "month_of"]

KINDS = ("work", "other", "none")
MAX_INCOME = Decimal("100000")


class DeclarationRefused(ValueError):
    """Bad input: `errors` maps a field to an English msgid."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def month_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


# -- starting --------------------------------------------------------------------------------
async def start_benefit(session: AsyncSession, case: Case, decision: CaseEvent, *, engine=None) -> Benefit | None:
    """The benefit of a granted bijstand case (once per case); the caller commits."""
    if case.scheme != "bijstand" or decision.kind != "decision" or decision.data.get("outcome") != "granted":
        return None
    existing = await session.scalar(select(Benefit).where(Benefit.case_id == case.id))
    if existing is not None:
        return existing
    tenant = tenant_of(session)
    household = household_from_answers(case.answers or {})
    start = date.fromisoformat(decision.data["start_date"]) if decision.data.get("start_date") else clock.today()
    iban, holder = None, case.citizen_name
    for section in (case.answers or {}).get("sections", []):
        for row in section.get("rows", []):
            if row.get("key") == "iban":
                iban = str(row.get("value", "")).replace(" ", "").upper() or None
            if row.get("key") == "account_holder" and row.get("value"):
                holder = str(row["value"])
    benefit = Benefit(case_id=case.id, citizen_id=case.citizen_id, reference=case.reference, start_date=start,
                      household=household, iban=iban, account_holder=holder[:200],
                      payment_day=config_of(tenant).payment_day)
    people = rules_household(household)
    if people is not None:
        amount = month_amount(rules_system(tenant, engine), max(month_of(start), date(2025, 7, 1)), MonthInput(people))
        benefit.start_norm_cents = to_cents(amount.norm)
    session.add(benefit)
    await session.flush()
    return benefit


async def start_benefits_round(session: AsyncSession) -> None:
    """Worker round: every granted bijstand case without a benefit gets one (the grant's hook)."""
    started = select(Benefit.case_id)
    cases = (await session.scalars(select(Case).where(Case.scheme == "bijstand", Case.closed.is_(True),
                                                      Case.kind == "application", Case.id.not_in(started)))).all()
    if not cases:
        return
    events = (await session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in cases]),
                                                            CaseEvent.kind == "decision"))).all()
    by_case = {e.case_id: e for e in events}
    for case in cases:
        if case.id in by_case:
            await start_benefit(session, case, by_case[case.id])
    await session.commit()


async def benefit_of(session: AsyncSession, citizen_id: uuid.UUID) -> Benefit | None:
    """The citizen's running benefit, the one that has been paying longest; an ended one only
    when none runs. (A second grant while one runs must not hide the months still to declare.)"""
    return await session.scalar(select(Benefit).where(Benefit.citizen_id == citizen_id)
                                .order_by(Benefit.end_date.is_not(None), Benefit.start_date).limit(1))


# -- the month's amount ------------------------------------------------------------------------
async def months_used(session: AsyncSession, benefit: Benefit, month: date) -> tuple[int, int]:
    """Months the general and the single-parent disregard were applied before `month`."""
    rows = (await session.scalars(select(Payment.figures).where(Payment.benefit_id == benefit.id, Payment.month < month,
                                                                Payment.status == Payment.PAID))).all()
    kinds = [f.get("disregard_kind") for f in rows]
    return kinds.count("general"), kinds.count("single_parent")


async def holiday_payout(session: AsyncSession, tenant, benefit: Benefit, month: date) -> Decimal:
    """In the tenant's holiday allowance month: what was reserved in the twelve months before."""
    if month.month != config_of(tenant).holiday_allowance_month:
        return Decimal("0.00")
    since = date(month.year - 1, month.month, 1)
    rows = (await session.scalars(select(Payment.figures).where(
        Payment.benefit_id == benefit.id, Payment.status == Payment.PAID, Payment.month >= since, Payment.month < month))).all()
    return sum((Decimal(f.get("reserve", "0")) for f in rows), Decimal("0.00"))


def _lines_input(lines: list) -> tuple[Decimal, Decimal]:
    work = euros(sum(int(x["cents"]) for x in lines if x["kind"] == "work"))
    other = euros(sum(int(x["cents"]) for x in lines if x["kind"] == "other"))
    return work, other


async def expected(session: AsyncSession, benefit: Benefit, month: date, lines: list, *, engine=None,
                   tenant=None) -> MonthAmount | None:
    """The month's amount with these income lines (None: the household is not complete)."""
    tenant = tenant or tenant_of(session)
    people = rules_household(household_on(benefit, month_of(month)))
    if people is None:
        return None
    work, other = _lines_input(lines)
    general, single = await months_used(session, benefit, month)
    payout = await holiday_payout(session, tenant, benefit, month)
    return month_amount(rules_system(tenant, engine), month, MonthInput(
        people, work_income=work, other_income=other, general_months_used=general,
        single_parent_months_used=single, holiday_payout=payout))


# -- declaring --------------------------------------------------------------------------------
def parse_amount(text: str, field: str, errors: dict) -> int:
    text = (text or "").strip().replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        errors[field] = N_("Enter an amount like 150,00.")
        return 0
    if amount <= 0 or amount >= MAX_INCOME or amount != amount.quantize(Decimal("0.01")):
        errors[field] = N_("Enter an amount between 0,01 and 100.000 with at most two decimals.")
        return 0
    return to_cents(amount)


def people_of(benefit: Benefit) -> list[str]:
    return ["applicant", "partner"] if benefit.household.get("partner_birth_date") else ["applicant"]


def read_lines(benefit: Benefit, form: dict) -> tuple[list, dict]:
    """Income per person from the form: `kind-<person>` (work, other, none) and `amount-<person>`."""
    lines, errors = [], {}
    for person in people_of(benefit):
        kind = form.get(f"kind-{person}", "")
        if kind not in KINDS:
            errors[f"kind-{person}"] = N_("Choose whether there was income, and what kind.")
            continue
        cents = 0 if kind == "none" else parse_amount(form.get(f"amount-{person}", ""), f"amount-{person}", errors)
        lines.append({"person": person, "kind": kind, "cents": cents, "document_id": None})
    return lines, errors


def is_late(tenant, month: date, today: date) -> bool:
    return today > due_date(tenant, month)


def declarable_month(today: date) -> date:
    """The month a citizen declares now: the month just past."""
    return previous_month(month_of(today))


async def declare(session: AsyncSession, benefit: Benefit, month: date, lines: list, key: str) -> tuple[Declaration, bool]:
    """Record the declaration once: the same key again (double click, reload) gives the same
    one back; a second declaration of the month is refused. Returns (declaration, new)."""
    same = await session.scalar(select(Declaration).where(Declaration.idempotency_key == key))
    if same is not None:
        return same, False
    if await session.scalar(select(Declaration).where(Declaration.benefit_id == benefit.id, Declaration.month == month)):
        raise DeclarationRefused({"form": N_("You have already sent the declaration for this month.")})
    declaration = Declaration(benefit_id=benefit.id, month=month, lines=lines, idempotency_key=key,
                              late=is_late(tenant_of(session), month, clock.today()))
    session.add(declaration)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        same = await session.scalar(select(Declaration).where(Declaration.idempotency_key == key))
        if same is None:
            raise DeclarationRefused({"form": N_("You have already sent the declaration for this month.")}) from None
        return same, False
    return declaration, True


async def approve(session: AsyncSession, declaration: Declaration, employee, *, corrected: list | None = None,
                  reason: str = "") -> Declaration:
    """The caseworker's check: approve as declared, or with corrected amounts and a reason."""
    if declaration.status == Declaration.APPROVED:
        return declaration
    if corrected is not None and corrected != declaration.lines:
        if not reason.strip():
            raise DeclarationRefused({"reason": N_("Write why you correct the amount.")})
        declaration.corrected_lines = corrected
        declaration.correction_reason = reason.strip()[:2000]
    declaration.status = Declaration.APPROVED
    declaration.approved_by = employee.id
    declaration.approved_at = clock.now()
    return declaration


async def open_declarations(session: AsyncSession, limit: int = 200) -> list[tuple[Declaration, Benefit]]:
    rows = await session.execute(select(Declaration, Benefit).join(Benefit, Benefit.id == Declaration.benefit_id)
                                 .where(Declaration.status == Declaration.SUBMITTED)
                                 .order_by(Declaration.submitted_at).limit(limit))
    return [tuple(row) for row in rows]


@dataclass
class Overview:
    benefit: Benefit
    amount: MonthAmount | None
    next_payment: date
    to_declare: date | None
    due: date | None


async def overview(session: AsyncSession, benefit: Benefit, *, engine=None) -> Overview:
    tenant = tenant_of(session)
    today = clock.today()
    month = declarable_month(today)
    declared = await session.scalar(select(Declaration.id).where(Declaration.benefit_id == benefit.id,
                                                                 Declaration.month == month))
    show = month if month >= month_of(benefit.start_date) and declared is None else None
    upcoming = payment_date(tenant, previous_month(month_of(today)))
    if upcoming < today:
        upcoming = payment_date(tenant, month_of(today))
    amount = await expected(session, benefit, max(month_of(today), month_of(benefit.start_date)), [], engine=engine)
    return Overview(benefit, amount, upcoming, show, due_date(tenant, show) if show else None)


async def payments_of(session: AsyncSession, benefit: Benefit) -> list[Payment]:
    return list((await session.scalars(select(Payment).where(Payment.benefit_id == benefit.id)
                                       .order_by(Payment.month.desc()))).all())


async def year_statement(session: AsyncSession, benefit: Benefit, year: int) -> dict:
    """The year statement (jaaropgave) for the tax return: what was paid in `year`, by
    payment date, with the holiday allowance paid out in it (net amounts: the portal knows
    no gross amounts or withheld tax; the municipality's salary system adds those)."""
    rows = (await session.scalars(select(Payment).where(
        Payment.benefit_id == benefit.id, Payment.status == Payment.PAID,
        Payment.paid_on >= date(year, 1, 1), Payment.paid_on <= date(year, 12, 31)).order_by(Payment.paid_on))).all()
    paid = sum((p.amount for p in rows), Decimal("0.00"))
    payout = sum((Decimal(p.figures.get("holiday_payout", "0")) for p in rows), Decimal("0.00"))
    return {"months": rows, "paid": paid, "holiday_payout": payout, "count": len(rows)}


async def statement_years(session: AsyncSession, benefit: Benefit) -> list[int]:
    days = (await session.scalars(select(Payment.paid_on).where(Payment.benefit_id == benefit.id,
                                                                Payment.status == Payment.PAID))).all()
    return sorted({d.year for d in days if d and d.year < clock.today().year}, reverse=True)


__all__ += ["year_statement", "statement_years", "KINDS", "read_lines", "people_of", "declarable_month", "overview", "payments_of", "open_declarations",
            "next_month", "func"]
