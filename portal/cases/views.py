"""The read side: what a case looks like to the citizen (and, for the back office, its
state), computed from the history on every view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.actions import open_requests, today
from portal.cases.config import ZaakType, zaaktype_of
from portal.cases.decisions import pending_proposal
from portal.cases.letters import decision_facts
from portal.cases.models import Case, CaseEvent, CaseLetter
from portal.cases.objections import WAIVER_TEXTS, hearing_of, objection_of, objection_term_end
from portal.cases.events import deadline_from, events_of
from portal.tenancy.scope import tenant_of


@dataclass
class Step:
    code: str
    label: str
    text: str
    state: str  # done, current, todo
    at: object = None


@dataclass
class Request:
    id: str
    question: str
    documents: list[str]
    answer_by: date
    asked_at: object
    overdue: bool = False
    answer: CaseEvent | None = None


@dataclass
class CaseState:
    case: Case
    zaaktype: ZaakType
    events: list[CaseEvent]
    status_label: str
    status_text: str
    deadline: date | None
    steps: list[Step] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    open_request: Request | None = None
    messages: list[CaseEvent] = field(default_factory=list)
    extension: CaseEvent | None = None
    pending_proposal: CaseEvent | None = None
    decision: dict | None = None
    letter_id: object = None
    ended: CaseEvent | None = None
    objection_until: date | None = None
    objection: Case | None = None
    parent: Case | None = None
    hearing: CaseEvent | None = None  # of an objection: planned or left out (Awb 7:2, 7:3)

    @property
    def hearing_start(self):
        if self.hearing is None or self.hearing.kind != "hearing_planned":
            return None
        return datetime.fromisoformat(self.hearing.data["start"])

    @property
    def hearing_left_out_because(self) -> str | None:
        """The ground of Awb 7:3 in the citizen's words (a msgid)."""
        if self.hearing is None or self.hearing.kind != "hearing_waived":
            return None
        return WAIVER_TEXTS.get(self.hearing.data.get("ground"))

    @property
    def ended_on(self) -> date | None:
        return date.fromisoformat(self.ended.data["end_date"]) if self.ended else None

    @property
    def late(self) -> bool:
        """The decision term has passed without a decision: the page says so instead of
        showing a date in the past as "expected"."""
        return self.deadline is not None and today() > self.deadline

    @property
    def action_needed(self) -> bool:
        return self.open_request is not None

    @property
    def can_object(self) -> bool:
        return (self.case.kind == "application" and self.objection_until is not None
                and self.objection is None and today() <= self.objection_until)


def _steps(zaaktype: ZaakType, events: list[CaseEvent], locale: str | None) -> list[Step]:
    """Steps done (in the order they happened), the current one, and those to come."""
    reached = [e for e in events if "status" in e.data]
    steps: list[Step] = []
    for event in reached:
        status_type = zaaktype.status(event.data["status"])
        if status_type is None or (steps and steps[-1].code == status_type.code):
            continue
        steps.append(Step(status_type.code, status_type.omschrijving.get(locale), status_type.statustekst.get(locale), "done", event.at))
    if steps:
        steps[-1].state = "current"
    current = zaaktype.volgnummer(steps[-1].code) if steps else 0
    for number, status_type in enumerate(zaaktype.statustypen, start=1):
        if number > current and not status_type.optional:
            steps.append(Step(status_type.code, status_type.omschrijving.get(locale), status_type.statustekst.get(locale), "todo"))
    return steps


def _requests(events: list[CaseEvent]) -> list[Request]:
    answers = {str(e.data.get("request_id")): e for e in events if e.kind == "info_answered"}
    result = []
    for event in events:
        if event.kind != "info_requested":
            continue
        answer_by = date.fromisoformat(event.data["answer_by"])
        answer = answers.get(str(event.id))
        result.append(Request(str(event.id), event.text or "", event.data.get("documents", []), answer_by,
                              event.at, overdue=answer is None and today() > answer_by, answer=answer))
    return result


@dataclass
class _Loaded:
    """What `case_state` reads of several cases, read with one query each (the overview)."""

    events: dict
    letters: dict
    objections: dict
    cases: dict


async def _load_many(session: AsyncSession, cases: list[Case]) -> _Loaded:
    ids = [case.id for case in cases]
    events: dict = {case_id: [] for case_id in ids}
    for event in (await session.scalars(
            select(CaseEvent).where(CaseEvent.case_id.in_(ids)).order_by(CaseEvent.case_id, CaseEvent.sequence))).all():
        events[event.case_id].append(event)
    decided = [e.id for evs in events.values() for e in evs if e.kind == "decision"]
    letters: dict = {}
    if decided:
        letters = dict((await session.execute(
            select(CaseLetter.event_id, CaseLetter.id).where(CaseLetter.event_id.in_(decided)))).all())
    objections: dict = {}
    applications = [case.id for case in cases if case.kind == "application"]
    if applications:
        for objection in (await session.scalars(select(Case).where(
                Case.parent_case_id.in_(applications), Case.kind == "objection"))).all():
            objections.setdefault(objection.parent_case_id, objection)
    known = {case.id: case for case in cases}
    missing = {case.parent_case_id for case in cases if case.kind != "application" and case.parent_case_id
               and case.parent_case_id not in known}
    if missing:
        known.update((c.id, c) for c in (await session.scalars(select(Case).where(Case.id.in_(missing)))).all())
    return _Loaded(events, letters, objections, known)


async def case_state(session: AsyncSession, case: Case, locale: str | None = None, *,
                     loaded: _Loaded | None = None) -> CaseState:
    """The case as the citizen sees it; `loaded` (citizen_cases) saves its queries."""
    tenant = tenant_of(case)
    zaaktype = zaaktype_of(tenant, case)
    events = loaded.events[case.id] if loaded else await events_of(session, case)
    decided = next((e for e in reversed(events) if e.kind == "decision"), None)
    status_type = zaaktype.status(case.status)
    state = CaseState(
        case=case, zaaktype=zaaktype, events=events,
        status_label=status_type.omschrijving.get(locale) if status_type else case.status,
        status_text=status_type.statustekst.get(locale) if status_type else "",
        deadline=None if decided else deadline_from(events, case),
        steps=_steps(zaaktype, events, locale),
        requests=_requests(events),
        messages=[e for e in events if e.kind == "message"],
        extension=next((e for e in events if e.kind == "extended"), None),
        pending_proposal=pending_proposal(events),
        ended=next((e for e in events if e.kind == "ended"), None),
    )
    open_ids = {str(e.id) for e in open_requests(events)}
    state.open_request = next((r for r in state.requests if r.id in open_ids), None)
    if decided is not None:
        state.decision = decision_facts(tenant, case, decided)
        state.letter_id = (loaded.letters.get(decided.id) if loaded else
                           await session.scalar(select(CaseLetter.id).where(CaseLetter.event_id == decided.id)))
        state.objection_until = objection_term_end(tenant, events)
    if case.kind == "application":
        state.objection = loaded.objections.get(case.id) if loaded else await objection_of(session, case)
    elif case.parent_case_id is not None:
        state.parent = (loaded.cases.get(case.parent_case_id) if loaded else
                        await session.scalar(select(Case).where(Case.id == case.parent_case_id)))
        state.hearing = hearing_of(events)
    return state


async def citizen_cases(session: AsyncSession, citizen) -> list[CaseState]:
    """All cases of a citizen, newest first, each with its state for the overview."""
    cases = (await session.scalars(
        select(Case).where(Case.citizen_id == citizen.id).order_by(Case.submitted_at.desc(), Case.reference.desc())
    )).all()
    if not cases:
        return []
    # One query per kind of thing for all cases, not one per case (the overview of a
    # citizen with ten cases made thirty).
    loaded = await _load_many(session, list(cases))
    return [await case_state(session, case, loaded=loaded) for case in cases]


async def citizen_case(session: AsyncSession, citizen, case_id) -> Case | None:
    """The case if it is this citizen's (the session's tenant filter does the tenant part)."""
    return await session.scalar(select(Case).where(Case.id == case_id, Case.citizen_id == citizen.id))
