"""Benefits fixtures: a granted bijstand case of a citizen of Amsterdam, at a fixed moment."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.cases import decisions
from portal.cases.service import Case, CaseEvent, open_case

# Thursday 5 March 2026, 10:00 in Amsterdam: February is declared, due 10 March (on time).
NOW = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
VALID_IBAN = "NL91ABNA0417164300"


def answers(birth_date="12 april 1986", iban=VALID_IBAN, partner=None, children=()):
    rows = [{"key": "birth_date", "label": "Geboortedatum", "value": birth_date},
            {"key": "housemates_27_plus", "label": "Medebewoners", "value": "0"},
            {"key": "iban", "label": "IBAN", "value": iban},
            {"key": "account_holder", "label": "Naam rekeninghouder", "value": "S. Jansen"}]
    if partner:
        rows.append({"key": "partner_birth_date", "label": "Geboortedatum partner", "value": partner})
    rows += [{"key": "child_birth_date", "label": "Geboortedatum kind", "value": c} for c in children]
    return {"sections": [{"title": "Uw situatie", "rows": rows}]}


@pytest.fixture(autouse=True)
def fixed_clock():
    with clock.moment(NOW):
        yield


async def citizen_by_bsn(session, bsn):
    return await session.scalar(select(Citizen).where(Citizen.bsn == bsn))


async def granted_case(session, tenant, citizen, *, start=date(2026, 1, 1), **kw) -> tuple[Case, CaseEvent]:
    """A bijstand case of `citizen`, decided granted (with a senior's approval where needed)."""
    worker = Employee(subject=f"w-{citizen.bsn}", name="Werker", email="w@example.org", roles=["caseworker"])
    senior = Employee(subject=f"s-{citizen.bsn}", name="Senior", email="s@example.org", roles=["senior"])
    session.add_all([worker, senior])
    await session.flush()
    with clock.moment(datetime(2025, 12, 20, 9, 0, tzinfo=timezone.utc)):
        case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers=answers(**kw))
        proposal = await decisions.propose_decision(session, case, worker, outcome="granted", amount="1401.50",
                                                    start_date=start)
        if proposal.data.get("needs_approval"):
            await decisions.approve_decision(session, case, senior)
    await session.commit()
    decision = await session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "decision"))
    return case, decision
