"""Objection (bezwaar): while the objection term runs, the citizen lodges one online.

It opens a case of its own (kind "objection", zaaktype "bezwaar", with its own status
types) linked to the decided case, and a visible event on the decided case points to it.
The files sent with it belong to the objection's file. Handled by the Awb: by someone
not involved in the contested decision (7:5, portal.cases.impartial), after a hearing
(7:2) or a recorded reason to leave it out (7:3), decided within the term of 7:10
(cases.toml), in a decision of its own (7:11, 7:12) whose remedy is appeal to the court.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen
from portal.cases import deadlines, notify
from portal.cases.actions import _citizen, clean_text, require_citizen, require_employee, require_open, status_reached, today
from portal.cases.impartial import require_not_involved
from portal.cases.config import RECEIVED, cases_config
from portal.cases.models import Case, CaseEvent
from portal.cases.events import CaseActionRefused, actor_of, add_event, events_of, open_case, refresh
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
        # The objection term's last day: the decision term of Awb 7:10 counts from the day after.
        answers={"reasons": reasons, "document_ids": [str(d) for d in document_ids], "against": case.reference,
                 "objection_term_end": term_end.isoformat()},
    )
    await _move_documents(session, citizen, case, objection, document_ids)
    await refresh(session, objection)
    await add_event(session, case, "objection", **actor_of(citizen),
                    data={"objection_case_id": str(objection.id), "reference": objection.reference})
    await status_reached(session, objection, RECEIVED)
    return objection


async def _move_documents(session: AsyncSession, citizen: Citizen, case: Case, objection: Case, document_ids) -> None:
    """The files sent with the objection belong to the objection's file, not the decided
    case's (the upload stored them on the page's case, before the objection existed)."""
    if not document_ids:
        return
    from portal.documents.models import Document

    documents = await session.scalars(select(Document).where(
        Document.id.in_(list(document_ids)), Document.citizen_id == citizen.id, Document.case_id == case.id))
    for document in documents:
        document.case_id = objection.id
    await session.flush()


# The decision on an objection (Awb 7:11): the objection is well-founded (gegrond: the
# contested decision is revoked or changed), unfounded (ongegrond: it stands) or
# inadmissible (niet-ontvankelijk, e.g. too late, Awb 6:11).
OBJECTION_OUTCOMES = ("well_founded", "unfounded", "inadmissible")
# Awb 7:3: when the hearing may be left out, the letters of its grounds.
WAIVER_GROUNDS = {
    "manifestly_inadmissible": "a",  # the objection is manifestly inadmissible
    "manifestly_unfounded": "b",  # manifestly unfounded
    "declined": "c",  # the objector said they do not want to be heard
    "no_reply": "d",  # they did not say so within the reasonable term they were given
    "fully_met": "e",  # the objection is met in full, and nobody else is harmed by it
}
# How the letter and the pages say each ground (after "we did not hear you, because").
WAIVER_TEXTS = {
    "manifestly_inadmissible": N_("the objection is manifestly inadmissible."),
    "manifestly_unfounded": N_("the objection is manifestly unfounded."),
    "declined": N_("you told us you did not want to be heard."),
    "no_reply": N_("you did not tell us within the term we gave you that you wanted to be heard."),
    "fully_met": N_("we meet your objection in full, and nobody else is harmed by that."),
}


def require_objection(case: Case) -> None:
    if case.kind != "objection":
        raise CaseActionRefused(N_("Only an objection has a hearing."))


def hearing_of(events: list[CaseEvent]) -> CaseEvent | None:
    """The hearing as it stands: the latest plan or waiver (a later one replaces it)."""
    return next((e for e in reversed(events) if e.kind in ("hearing_planned", "hearing_waived")), None)


async def plan_hearing(session: AsyncSession, case: Case, employee, *, start, location_id: str | None,
                       place: str = "") -> CaseEvent:
    """Invite the objector to explain the objection (hoorzitting, Awb 7:2) at a moment and
    a place: one of the tenant's locations, or a place described. Heard by someone not
    involved in the contested decision (Awb 7:5)."""
    require_objection(case)
    require_employee(case, employee)
    require_open(await events_of(session, case), case)
    await require_not_involved(session, case, employee)
    if start is None:
        raise CaseActionRefused(N_("Enter the date and time of the hearing."), field="start")
    if start <= clock.now():
        raise CaseActionRefused(N_("Choose a moment in the future."), field="start")
    agenda = tenant_of(case).sections.get("appointments")
    location = agenda.location(location_id) if agenda is not None and location_id else None
    place = clean_text(place, "place", required=location is None,
                       empty_msgid=N_("Choose a location or describe the place."))
    data = {"start": start.isoformat(), "place": place}
    if location is not None:
        data |= {"location_id": location.id, "location_name": location.name, "address": location.address}
    event = await add_event(session, case, "hearing_planned", **actor_of(employee), data=data)
    notify.tell_citizen(session, case, await _citizen(session, case), "hearing")
    return event


async def waive_hearing(session: AsyncSession, case: Case, employee, *, ground: str, reason: str) -> CaseEvent:
    """Decide without hearing the objector, on one of the grounds of Awb 7:3, with the
    reason the decision letter gives."""
    require_objection(case)
    require_employee(case, employee)
    require_open(await events_of(session, case), case)
    await require_not_involved(session, case, employee)
    if ground not in WAIVER_GROUNDS:
        raise CaseActionRefused(N_("Choose the ground of Awb 7:3 for not hearing the objector."), field="ground")
    reason = clean_text(reason, "reason", empty_msgid=N_("Explain why the objector is not heard."))
    return await add_event(session, case, "hearing_waived", **actor_of(employee), text=reason,
                           data={"ground": ground, "article": f"7:3 {WAIVER_GROUNDS[ground]}"})


def require_hearing_done(events: list[CaseEvent]) -> CaseEvent:
    """Before the decision on an objection: the objector was heard, or the hearing was waived."""
    hearing = hearing_of(events)
    if hearing is None:
        raise CaseActionRefused(N_("Plan the hearing, or record why it is left out, before deciding (Awb 7:2, 7:3)."),
                                field="outcome")
    if hearing.kind == "hearing_planned" and datetime.fromisoformat(hearing.data["start"]) > clock.now():
        raise CaseActionRefused(N_("The hearing is still to come: decide after it."), field="outcome")
    return hearing
