"""Awb 7:5: an objection is handled by someone who was not involved in the contested
decision. Here "involved" is what the history records: who proposed the decision that
was sent (its `decision` event carries the proposer) and who approved it.

Only objection cases have a contested decision; for any other case nobody is excluded.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.events import CaseActionRefused, events_of
from portal.cases.models import Case, CaseEvent
from portal.i18n import N_


async def contested(session: AsyncSession, case: Case) -> tuple[Case, CaseEvent] | None:
    """The case and the decision an objection is against (None for other cases)."""
    if case.kind != "objection" or case.parent_case_id is None:
        return None
    parent = await session.scalar(select(Case).where(Case.id == case.parent_case_id))
    if parent is None:
        return None
    decision = next((e for e in reversed(await events_of(session, parent)) if e.kind == "decision"), None)
    return (parent, decision) if decision is not None else None


async def involved_in_contested_decision(session: AsyncSession, case: Case) -> set[uuid.UUID]:
    """The employees who decided or approved the decision this objection contests."""
    found = await contested(session, case)
    if found is None:
        return set()
    parent, decision = found
    proposal_id = decision.data.get("proposal_id")
    people = {decision.actor_id}
    for event in await events_of(session, parent):
        if event.kind == "decision_approved" and (proposal_id is None or event.data.get("proposal_id") == proposal_id):
            people.add(event.actor_id)
    return {p for p in people if p is not None}


async def require_not_involved(session: AsyncSession, case: Case, employee, *, field: str | None = None,
                               as_assignee: bool = False) -> None:
    """Refuse when `employee` took part in the decision this objection contests."""
    if employee.id in await involved_in_contested_decision(session, case):
        if as_assignee:
            raise CaseActionRefused(
                N_("%(name)s took part in the contested decision and cannot handle this objection (Awb 7:5)."),
                field=field, name=employee.name)
        raise CaseActionRefused(
            N_("You took part in the contested decision: a colleague who did not handles this objection (Awb 7:5)."),
            field=field)
