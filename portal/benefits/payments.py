"""The monthly payment run: every running benefit's month, one transaction per benefit,
and a SEPA credit-transfer file (pain.001.001.03) of what this run paid.

Running twice for the same month pays nobody twice: a payment is unique per benefit and
month, a paid one is skipped. A crashed run is resumed: its paid payments without a file
are taken into the next run's file. A month without an approved declaration, a household
the rules cannot read, or an invalid IBAN (schwifty) is held, with the reason.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schwifty import IBAN
from sepaxml import SepaTransfer
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.benefits.config import config_of, payment_date
from portal.benefits.household import household_on, rules_household, rules_system
from portal.benefits.models import Benefit, Declaration, Payment, PaymentRun, to_cents
from portal.db.tenant_filter import TENANT_KEY
from portal.i18n import N_
from portal.rules.benefit import MonthInput, month_amounts

SCHEMA = "pain.001.001.03"
HOLD_REASONS = {
    "no_declaration": N_("We have not received your income declaration for this month."),
    "late_declaration": N_("Your declaration came after the due date. We pay once it has been checked."),
    "not_checked": N_("Your declaration has not been checked yet."),
    "no_iban": N_("We have no valid bank account number (IBAN) for you. Please contact us."),
    "household": N_("We cannot work out the amount yet. A caseworker is looking into it."),
}


@dataclass
class RunResult:
    run: PaymentRun
    paid: int
    held: list[tuple["Snapshot", str]]


def valid_iban(text: str | None) -> bool:
    if not text:
        return False
    try:
        IBAN(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: uuid.UUID
    reference: str
    household: dict
    iban: str | None


def _hold_reason(benefit: Snapshot, declaration: tuple | None) -> str | None:
    if declaration is None:
        return "no_declaration"
    status, late, _work, _other = declaration
    if status != Declaration.APPROVED:
        return "late_declaration" if late else "not_checked"
    if rules_household(benefit.household) is None:
        return "household"
    if not valid_iban(benefit.iban):
        return "no_iban"
    return None


async def run_payments(session: AsyncSession, tenant, month: date, *, engine=None, chunk: int = 2000,
                       commit_every: int = 200) -> RunResult:
    """Pay `month` for every running benefit not paid for it yet.

    Each benefit's month is written in a savepoint of its own (all of it or nothing) and
    committed every `commit_every` benefits: a commit waits for the disk (15-25 ms here),
    so committing each of 50,000 alone would take a quarter of an hour. A crash loses at
    most the last uncommitted benefits, which the next run pays (it skips every paid one).
    `commit_every=1` commits each benefit alone."""
    month = month.replace(day=1)
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    run = PaymentRun(id=uuid.uuid4(), month=month, message_id=f"{tenant.slug[:8].upper()}{clock.now():%Y%m%d%H%M%S%f}"[:35])
    session.add(run)
    await session.commit()
    # Resume: paid payments of an earlier run of this month that never got its file.
    unfinished = select(PaymentRun.id).where(PaymentRun.month == month, PaymentRun.finished_at.is_(None),
                                             PaymentRun.id != run.id)
    await session.execute(update(Payment).where(Payment.month == month, Payment.status == Payment.PAID,
                                                Payment.run_id.in_(unfinished)).values(run_id=run.id)
                          .execution_options(synchronize_session=False))
    await session.execute(update(PaymentRun).where(PaymentRun.id.in_(unfinished)).values(finished_at=clock.now())
                          .execution_options(synchronize_session=False))
    await session.commit()

    # Plain snapshots: a commit per benefit expires ORM objects, and reading one again
    # would cost a query each.
    benefits = [Snapshot(b.id, b.reference, household_on(b, month), b.iban) for b in (await session.scalars(select(Benefit).where(
        Benefit.status == Benefit.RUNNING, Benefit.start_date <= last_day,
        (Benefit.end_date.is_(None)) | (Benefit.end_date >= month)))).all()]
    existing = {row.benefit_id: (row.id, row.status) for row in await session.execute(
        select(Payment.benefit_id, Payment.id, Payment.status).where(Payment.month == month))}
    declarations = {d.benefit_id: (d.status, d.late, d.total("work"), d.total("other")) for d in (await session.scalars(
        select(Declaration).where(Declaration.month == month))).all()}
    history: dict[uuid.UUID, list[tuple[date, dict]]] = {}
    for benefit_id, paid_month, figures in (await session.execute(select(Payment.benefit_id, Payment.month, Payment.figures).where(
            Payment.status == Payment.PAID, Payment.month < month))):
        history.setdefault(benefit_id, []).append((paid_month, figures))
    holiday_month = config_of(tenant).holiday_allowance_month == month.month
    since = date(month.year - 1, month.month, 1)
    paid_on = payment_date(tenant, month)
    system = rules_system(tenant, engine)
    tenant_id = session.info[TENANT_KEY]

    pending = 0

    async def write(benefit_id, values) -> bool:
        """One benefit's month in a (sub)transaction of its own: all of it or nothing. A
        unique-key clash (another run paid it meanwhile) undoes only this benefit's."""
        nonlocal pending
        found = existing.get(benefit_id)
        now = clock.now()
        try:
            async with session.begin_nested():
                if found is None:
                    await session.execute(insert(Payment).values(id=uuid.uuid4(), tenant_id=tenant_id, benefit_id=benefit_id,
                                                                 month=month, created_at=now, updated_at=now, **values))
                else:
                    await session.execute(update(Payment).where(Payment.id == found[0], Payment.status != Payment.PAID)
                                          .values(updated_at=now, **values).execution_options(synchronize_session=False))
        except IntegrityError:
            return False
        pending += 1
        if pending >= commit_every:
            await session.commit()
            pending = 0
        return True

    todo: list[tuple[Snapshot, tuple]] = []
    held: list[tuple[Snapshot, str]] = []
    for benefit in benefits:
        found = existing.get(benefit.id)
        if found is not None and found[1] == Payment.PAID:
            continue
        declaration = declarations.get(benefit.id)
        reason = _hold_reason(benefit, declaration)
        if reason is not None:
            held.append((benefit, reason))
            await write(benefit.id, {"status": Payment.HELD, "hold_reason": reason, "amount_cents": 0, "figures": {}})
            continue
        todo.append((benefit, declaration))

    paid = 0
    for start in range(0, len(todo), chunk):
        part = todo[start:start + chunk]
        inputs = []
        for benefit, (_status, _late, work, other) in part:
            past = history.get(benefit.id, [])
            kinds = [f.get("disregard_kind") for _, f in past]
            payout = (sum((Decimal(f.get("reserve", "0")) for m, f in past if m >= since), Decimal("0.00"))
                      if holiday_month else Decimal("0.00"))
            inputs.append(MonthInput(rules_household(benefit.household), work_income=work, other_income=other,
                                     general_months_used=kinds.count("general"),
                                     single_parent_months_used=kinds.count("single_parent"), holiday_payout=payout))
        amounts = month_amounts(system, month, inputs)
        for (benefit, _declaration), amount in zip(part, amounts):
            paid += await write(benefit.id, {
                "status": Payment.PAID, "hold_reason": None, "amount_cents": to_cents(amount.to_pay),
                "figures": amount.to_dict(), "run_id": run.id, "paid_on": paid_on,
                "end_to_end_id": f"{benefit.reference}-{month:%Y%m}"[:35]})
    await session.commit()

    await finish_run(session, tenant, run)
    return RunResult(run, paid, held)


async def finish_run(session: AsyncSession, tenant, run: PaymentRun) -> None:
    rows = (await session.execute(
        select(Payment.amount_cents, Payment.paid_on, Payment.month, Payment.end_to_end_id,
               Benefit.account_holder, Benefit.iban, Benefit.reference)
        .join(Benefit, Benefit.id == Payment.benefit_id)
        .where(Payment.run_id == run.id, Payment.status == Payment.PAID)
        .order_by(Payment.end_to_end_id))).all()
    run = await session.get(PaymentRun, run.id)
    run.paid_count = len(rows)
    run.total_cents = sum(row.amount_cents for row in rows)
    run.held_count = await _count_held(session, run.month)
    run.sepa_xml = sepa_file(tenant, run, rows) if rows else None
    run.finished_at = clock.now()
    await session.commit()


async def _count_held(session, month) -> int:
    return len((await session.scalars(select(Payment.id).where(Payment.month == month, Payment.status == Payment.HELD))).all())


def sepa_file(tenant, run: PaymentRun, rows) -> str:
    debtor = config_of(tenant).debtor
    sepa = SepaTransfer({"name": debtor.name, "IBAN": debtor.iban, "BIC": debtor.bic, "batch": True, "currency": "EUR"},
                        schema=SCHEMA, clean=True)
    # The library makes the message id; the run keeps it (the bank reports by it).
    run.message_id = sepa.msg_id[:35]
    for row in rows:
        if row.amount_cents <= 0:
            continue
        sepa.add_payment({
            "name": row.account_holder[:70], "IBAN": IBAN(row.iban).compact, "amount": row.amount_cents,
            "execution_date": row.paid_on, "description": f"Uitkering {row.month:%m-%Y} {row.reference}"[:140],
            "endtoend_id": row.end_to_end_id,
        })
    # Validated against the XSD in the tests (xmlschema takes minutes over 50,000 payments).
    return sepa.export(validate=False).decode("utf-8")


async def held_list(session: AsyncSession, month: date) -> list[tuple[Payment, Benefit]]:
    rows = await session.execute(select(Payment, Benefit).join(Benefit, Benefit.id == Payment.benefit_id).where(
        Payment.month == month, Payment.status == Payment.HELD).order_by(Benefit.reference))
    return [tuple(row) for row in rows]


async def payment_round(session: AsyncSession) -> None:
    """Worker round: on or after the payment day, the past month is paid if no run did yet."""
    from portal.tenancy.scope import tenant_of

    tenant = tenant_of(session)
    today = clock.today()
    if today.day < config_of(tenant).payment_day:
        return
    month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    done = await session.scalar(select(PaymentRun.id).where(PaymentRun.month == month, PaymentRun.finished_at.is_not(None)).limit(1))
    if done is None and await session.scalar(select(Benefit.id).limit(1)) is not None:
        await run_payments(session, tenant, month)
