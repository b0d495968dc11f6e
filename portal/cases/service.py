"""Opening a case from a submitted application. The cases package grows the rest
(status changes, requests for information, decisions) around this."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.models import Case, CaseEvent
from portal.cases.references import next_reference
from portal.db.base import utcnow

RECEIVED = "received"
DEFAULT_DECISION_TERM = timedelta(weeks=8)  # Awb 4:13


async def add_event(
    session: AsyncSession,
    case: Case,
    kind: str,
    *,
    actor_kind: str,
    actor_id: uuid.UUID | None = None,
    actor_role: str | None = None,
    data: dict | None = None,
    text: str | None = None,
    internal: bool = False,
    at: datetime | None = None,
) -> CaseEvent:
    last = await session.scalar(select(func.max(CaseEvent.sequence)).where(CaseEvent.case_id == case.id))
    event = CaseEvent(
        case_id=case.id,
        sequence=(last or 0) + 1,
        kind=kind,
        actor_kind=actor_kind,
        actor_id=actor_id,
        actor_role=actor_role,
        data=data or {},
        text=text,
        internal=internal,
        at=at or utcnow(),
    )
    session.add(event)
    return event


async def open_case(
    session: AsyncSession,
    *,
    tenant,
    scheme: str,
    citizen_id: uuid.UUID,
    citizen_name: str,
    answers: dict,
    application_id: uuid.UUID | None = None,
    submitted_at: datetime | None = None,
    kind: str = "application",
    parent_case_id: uuid.UUID | None = None,
    decision_term: timedelta = DEFAULT_DECISION_TERM,
) -> Case:
    """Create the case, its reference and its first event, in the caller's transaction.

    The caller commits (together with the application's submission and the
    confirmation email), so a case exists only if all of it does.
    """
    submitted_at = submitted_at or utcnow()
    reference = await next_reference(session, tenant.config.reference_prefix, submitted_at.year)
    case = Case(
        reference=reference,
        scheme=scheme,
        kind=kind,
        parent_case_id=parent_case_id,
        citizen_id=citizen_id,
        citizen_name=citizen_name,
        application_id=application_id,
        status=RECEIVED,
        submitted_at=submitted_at,
        answers=answers,
        deadline_sort=submitted_at + decision_term,
    )
    session.add(case)
    await session.flush()
    await add_event(session, case, "submitted", actor_kind="citizen", actor_id=citizen_id,
                    data={"status": RECEIVED}, at=submitted_at)
    return case
