"""Opening a case, recording events, and the helpers every case action shares.

The history is the source of truth: every action adds a CaseEvent (who, when, what)
and then `refresh` recomputes the case's status copy and its queue sort key from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.cases import deadlines
from portal.cases.config import RECEIVED, process_of, zaaktype_of
from portal.cases.models import Case, CaseEvent
from portal.cases.references import next_reference
from portal.i18n import gettext
from portal.tenancy.scope import tenant_of

DEFAULT_DECISION_TERM = timedelta(weeks=8)  # Awb 4:13


class CaseActionRefused(Exception):
    """An action that is not allowed now. `msgid` is English, translated when shown;
    `field` names the form field it is about, if any."""

    def __init__(self, msgid: str, *, field: str | None = None, **variables: object):
        super().__init__(msgid)
        self.msgid = msgid
        self.field = field
        self.variables = variables

    @property
    def message(self) -> str:
        return gettext(self.msgid, **self.variables)


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
        at=at or clock.now(),
    )
    session.add(event)
    await session.flush()
    return event


def actor_of(person) -> dict:
    """The actor fields of an event for a Citizen or an Employee (or None: the system)."""
    from portal.auth.models import Citizen, Employee

    if isinstance(person, Employee):
        role = "senior" if person.has_role("senior") else (person.roles[0] if person.roles else None)
        return {"actor_kind": "employee", "actor_id": person.id, "actor_role": role}
    if isinstance(person, Citizen):
        return {"actor_kind": "citizen", "actor_id": person.id}
    return {"actor_kind": "system"}


async def events_of(session: AsyncSession, case: Case) -> list[CaseEvent]:
    return list((await session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.sequence)
    )).all())


def term_start(zaaktype, case: Case) -> date | None:
    """The day the decision term counts from when it is not the day of submission: for
    an objection, the last day of the objection term (Awb 7:10 lid 1), kept in its answers."""
    if zaaktype.term_from == "objection_term_end" and (case.answers or {}).get("objection_term_end"):
        return date.fromisoformat(case.answers["objection_term_end"])
    return None


def deadline_from(events: list[CaseEvent], case: Case, tenant=None) -> date:
    definition = process_of(tenant or tenant_of(case), case.scheme) if case.kind == "application" else None
    if definition is not None:  # a process of tenant data computes its own terms
        return definition.deadline(events, case)
    zaaktype = zaaktype_of(tenant or tenant_of(case), case)
    return deadlines.decision_deadline(events, zaaktype.term, term_start(zaaktype, case))


@dataclass(frozen=True)
class DecisionTerm:
    """What a citizen is told of the decision term: the zaaktype's weeks (cases.toml) and
    the last day as the case's history makes it now (suspensions, extension, Atw)."""

    weeks: int
    last_day: date


async def decision_term(session: AsyncSession, case: Case | uuid.UUID) -> DecisionTerm:
    """Of a case, or of the case with this id (other domains hold only the id)."""
    if not isinstance(case, Case):
        case = await session.scalar(select(Case).where(Case.id == case))
        if case is None:
            raise LookupError("no such case in this tenant")
    zaaktype = zaaktype_of(tenant_of(case), case)
    events = await events_of(session, case)
    return DecisionTerm(zaaktype.doorlooptijd_weeks, deadline_from(events, case))


async def refresh(session: AsyncSession, case: Case) -> list[CaseEvent]:
    """Recompute the case's copies (status, queue sort key) from its history."""
    events = await events_of(session, case)
    for event in events:
        if "status" in event.data:
            case.status = event.data["status"]
    if any(e.kind == "decision" for e in events):
        case.deadline_sort = None  # decided: no term left to watch
    else:
        case.deadline_sort = deadlines.deadline_sort_value(deadline_from(events, case))
    await session.flush()
    return events


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
    decision_term: timedelta | None = None,
) -> Case:
    """Create the case, its reference and its first event, in the caller's transaction.

    The caller commits (together with the application's submission and the
    confirmation email), so a case exists only if all of it does. The term comes from
    the tenant's zaaktype; `decision_term` is kept for callers that passed it.
    """
    submitted_at = submitted_at or clock.now()
    # The reference carries the Amsterdam year: at 00:30 on 1 January it is the new year
    # there, though UTC still says 31 December.
    reference = await next_reference(session, tenant.config.reference_prefix, clock.to_local(submitted_at).year)
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
        deadline_sort=submitted_at + (decision_term or DEFAULT_DECISION_TERM),
    )
    session.add(case)
    await session.flush()
    event = await add_event(session, case, "submitted", actor_kind="citizen", actor_id=citizen_id,
                            data={"status": RECEIVED}, at=submitted_at)
    if "cases" in tenant.sections:
        case.deadline_sort = deadlines.deadline_sort_value(deadline_from([event], case, tenant))
    return case
