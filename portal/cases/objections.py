"""Objection (bezwaar): while the objection term runs, the citizen lodges one online.

It opens a case of its own (kind "objection", zaaktype "bezwaar", with its own status
types) linked to the decided case, and a visible event on the decided case points to it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.models import Citizen
from portal.cases import deadlines
from portal.cases.actions import clean_text, require_citizen, status_reached, today
from portal.cases.config import RECEIVED, cases_config
from portal.cases.models import Case, CaseEvent
from portal.cases.events import CaseActionRefused, actor_of, add_event, events_of, open_case
from portal.i18n import N_, format_date
from portal.tenancy.scope import tenant_of


def objection_term_end(tenant, events: list[CaseEvent]):
    """The last day to object, or None when there is no decision (yet)."""
    decision = next((e for e in reversed(events) if e.kind == "decision"), None)
    if decision is None:
        return None
    return deadlines.objection_deadline(decision.at, cases_config(tenant).objection_term_weeks)


async def objection_of(session: AsyncSession, case: Case) -> Case | None:
    return await session.scalar(select(Case).where(Case.parent_case_id == case.id, Case.kind == "objection"))


async def lodge_objection(
    session: AsyncSession, case: Case, citizen: Citizen, *, reasons: str, document_ids: list
) -> Case:
    require_citizen(case, citizen)
    if case.kind == "objection":
        raise CaseActionRefused(N_("You cannot object to a decision on an objection here; you can go to court."))
    tenant = tenant_of(case)
    events = await events_of(session, case)
    term_end = objection_term_end(tenant, events)
    if term_end is None:
        raise CaseActionRefused(N_("There is no decision to object to yet."))
    if today() > term_end:
        raise CaseActionRefused(N_("The term to object ended on %(date)s."), date=format_date(term_end))
    if await objection_of(session, case) is not None:
        raise CaseActionRefused(N_("You have objected to this decision already."))
    reasons = clean_text(reasons, "reasons", empty_msgid=N_("Write why you disagree with the decision."))
    objection = await open_case(
        session, tenant=tenant, scheme=case.scheme, citizen_id=citizen.id, citizen_name=case.citizen_name,
        kind="objection", parent_case_id=case.id,
        answers={"reasons": reasons, "document_ids": [str(d) for d in document_ids], "against": case.reference},
    )
    await add_event(session, case, "objection", **actor_of(citizen),
                    data={"objection_case_id": str(objection.id), "reference": objection.reference})
    await status_reached(session, objection, RECEIVED)
    return objection
