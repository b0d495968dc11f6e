"""Demo benefits: each demo citizen's granted bijstand case (portal/cases/demo.py) runs as
a benefit with months of history: declarations on time and late, one month held for a
missing declaration, the first citizen paid to a valid IBAN, the second held for having
none, and has a change in progress (a housemate moved in). The month just past is left to
declare (the browser test does that)."""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

from schwifty import IBAN
from sqlalchemy import select

from portal import clock
from portal.benefits.config import due_date, payment_date
from portal.benefits.models import Benefit, Change, Declaration, to_cents
from portal.benefits.payments import run_payments
from portal.benefits.service import approve, declarable_month, month_of, next_month, start_benefit
from portal.cases.service import Case, CaseEvent
from portal.tenancy.scope import tenant_of

DEMO_HOUSEHOLDS = (
    {"birth_date": "1986-04-12", "partner_birth_date": None, "children": [], "housemates_27_plus": 0},
    {"birth_date": "1979-09-03", "partner_birth_date": None, "children": ["2017-02-20"], "housemates_27_plus": 0},
)
# Work income per month of the first citizen's history (None: no declaration, so held).
WORK = (Decimal("0"), Decimal("412.50"), Decimal("0"), None, Decimal("640.00"), Decimal("0"))


def _at(day) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=timezone.utc)


async def load_demo(database, tenant, settings) -> None:
    async with database.session(tenant.slug) as session:
        rows = (await session.execute(
            select(Case, CaseEvent).join(CaseEvent, CaseEvent.case_id == Case.id)
            .where(Case.scheme == "bijstand", CaseEvent.kind == "decision").order_by(Case.submitted_at))).all()
        granted = [(c, e) for c, e in rows if e.data.get("outcome") == "granted" and (c.answers or {}).get("demo")]
        if not granted or await session.scalar(select(Benefit.id).where(Benefit.case_id.in_([c.id for c, _ in granted]))):
            return
        from portal.auth.models import Employee

        employee = next((e for e in (await session.scalars(select(Employee))).all() if e.has_role("caseworker")), None)
        # The first demo citizen (the one tests log in as) first: paid to a valid IBAN.
        from portal.auth.models import Citizen
        from portal.auth.people import demo_people

        bsns = [p.bsn for p in demo_people(tenant).citizens]
        citizens = {c.id: c.bsn for c in (await session.scalars(select(Citizen))).all()}
        first_cases = {}
        for case, decision in granted:
            first_cases.setdefault(case.citizen_id, (case, decision))
        granted = sorted(first_cases.values(),
                         key=lambda row: bsns.index(citizens[row[0].citizen_id]) if citizens.get(row[0].citizen_id) in bsns else 99)
        benefits = []
        for n, (case, decision) in enumerate(granted[:2]):
            benefit = await start_benefit(session, case, decision)
            household = dict(DEMO_HOUSEHOLDS[n % 2], medical_hours_limit=False, complete=True, demo=True)
            benefit.household = household
            benefit.iban = IBAN.generate("NL", bank_code="INGB", account_code=f"{zlib.crc32(tenant.slug.encode()) % 10**7:07d}{n}").compact \
                if n == 0 else None
            benefits.append(benefit)
        if len(benefits) > 1:
            # A change in progress: a housemate of 31 moved in at the first of last month.
            session.add(Change(benefit_id=benefits[1].id, kind="housemate_in", happened_on=declarable_month(clock.today()),
                               data={"birth_date": "1995-06-01"}, idempotency_key=f"demo-change-{benefits[1].id}"))
        await session.commit()
        if employee is None:
            return
        last = declarable_month(clock.today())
        month = month_of(max(b.start_date for b in benefits))
        months = []
        while month < last:
            months.append(month)
            month = next_month(month)
        for i, month in enumerate(months[-len(WORK):]):
            work = WORK[i]
            if work is not None:
                late = i == 2
                when = due_date(tenant_of(session), month)
                when = when + timedelta(days=2) if late else when - timedelta(days=4)
                with clock.moment(_at(when)):
                    for benefit in benefits:
                        kind = "work" if work else "none"
                        declaration = Declaration(benefit_id=benefit.id, month=month, late=late,
                                                  idempotency_key=f"demo-{benefit.id}-{month:%Y%m}",
                                                  lines=[{"person": "applicant", "kind": kind, "cents": to_cents(work),
                                                          "document_id": None}])
                        session.add(declaration)
                        await approve(session, declaration, employee)
                    await session.commit()
            with clock.moment(_at(payment_date(tenant_of(session), month))):
                await run_payments(session, tenant_of(session), month)
