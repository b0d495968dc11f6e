"""What caseworkers and citizens do with a case: plain async services.

Every function validates, records one CaseEvent (who, when, what), recomputes the
case's status and deadline copies from the history, and queues the citizen's email
when the status reached says `informeren`. None commits: the caller commits, so the
event, the status and the email exist together or not at all. A refused action raises
`CaseActionRefused(msgid, field=...)`; translate it when showing it (`error.message`).

Services for the back office (issue 7):

    assign(session, case, employee, assignee)
    start_handling(session, case, employee)
    request_information(session, case, employee, *, question, documents: list[str], answer_by: date)
    answer_request(session, case, citizen, *, request_id, text, document_ids)
    send_message(session, case, sender, text)          # sender: Citizen or Employee
    add_note(session, case, employee, text)            # internal, never shown to the citizen
    extend_term(session, case, employee, reason, weeks=None)   # once; weeks default from zaaktype
    end_entitlement(session, case, employee, *, end_date, reason)  # passes and IIT: "einde recht"
  in portal.cases.decisions:
    propose_decision(session, case, employee, *, outcome, amount=None, start_date=None,
                     period_months=None, reason_code=None, text=None)
    approve_decision(session, case, senior)
    send_back_decision(session, case, senior, remark)
  in portal.cases.objections:
    lodge_objection(session, case, citizen, *, reasons, document_ids)
  read side (portal.cases.views): case_state(session, case) -> CaseState (deadline, open
  request, pending proposal, decision, objection term), citizen_cases(session, citizen).
  config (portal.cases.config): refusal_reasons(tenant), answer_by_default_days(tenant),
  needs_second_pair_of_eyes(tenant, scheme, outcome, amount), zaaktype(tenant, scheme).
  pure (portal.cases.deadlines): decision_deadline(events, scheme_term) -> date.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.cases import notify
from portal.cases.config import DECIDED, ENDED, IN_PROGRESS, INFO_NEEDED, cases_config, zaaktype_of
from portal.cases.models import Case, CaseEvent
from portal.cases.events import CaseActionRefused, actor_of, add_event, events_of, refresh
from portal.cases.impartial import require_not_involved
from portal.i18n import N_
from portal.notifications import outbox
from portal.tenancy.scope import tenant_of

MAX_TEXT = 5000
HANDLER_ROLES = (Employee.CASEWORKER, Employee.SENIOR)


def today() -> date:
    return clock.today()


def require_employee(case: Case, employee: Employee, roles=HANDLER_ROLES) -> None:
    if employee.tenant_id != case.tenant_id:
        raise LookupError("employee of another tenant")  # routes turn this into a 404
    if not any(employee.has_role(role) for role in roles):
        raise CaseActionRefused(N_("You are not allowed to do this."))


def require_citizen(case: Case, citizen: Citizen) -> None:
    if citizen.tenant_id != case.tenant_id or citizen.id != case.citizen_id:
        raise LookupError("not this citizen's case")


def require_open(events: list[CaseEvent], case: Case) -> None:
    if case.closed or any(e.kind == "decision" for e in events):
        raise CaseActionRefused(N_("The decision on this case has been sent already."))


def clean_text(value: str | None, field: str, *, required: bool = True, empty_msgid: str = N_("Enter a text.")) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CaseActionRefused(empty_msgid, field=field)
    if len(value) > MAX_TEXT:
        raise CaseActionRefused(N_("Use at most %(max)s characters."), field=field, max=MAX_TEXT)
    return value


async def _citizen(session: AsyncSession, case: Case) -> Citizen:
    return (await session.scalars(select(Citizen).where(Citizen.id == case.citizen_id))).one()


# The statuses whose email says what they mean (an answer needed by a date, a decision
# to read) instead of "the status changed".
STATUS_NEWS = {INFO_NEEDED: "info_needed", DECIDED: "decided"}


async def status_reached(session: AsyncSession, case: Case, code: str, **variables) -> None:
    """After an event set a new status: email the citizen if its status type says so."""
    status_type = zaaktype_of(tenant_of(case), case).status(code)
    if status_type is not None and status_type.informeren:
        notify.tell_citizen(session, case, await _citizen(session, case), STATUS_NEWS.get(code, "status"), **variables)


def info_reminder_ref(request_id) -> str:
    """The outbox ref of the reminder before a request's answer-by date."""
    return f"info-reminder:{request_id}"


async def cancel_info_reminders(session: AsyncSession, requests: list[CaseEvent]) -> None:
    """Answered, or decided without the answer: no reminder goes out for these requests."""
    for request in requests:
        await outbox.cancel(session, info_reminder_ref(request.id))


def open_requests(events: list[CaseEvent]) -> list[CaseEvent]:
    answered = {str(e.data.get("request_id")) for e in events if e.kind == "info_answered"}
    return [e for e in events if e.kind == "info_requested" and str(e.id) not in answered]


async def assign(session: AsyncSession, case: Case, employee: Employee, assignee: Employee) -> CaseEvent:
    """Take the case (assignee = employee) or give it to a colleague of the same tenant."""
    require_employee(case, employee)
    if assignee.tenant_id != case.tenant_id:
        raise LookupError("assignee of another tenant")
    if not any(assignee.has_role(role) for role in HANDLER_ROLES):
        raise CaseActionRefused(N_("This colleague cannot handle cases."), field="assignee")
    require_open(await events_of(session, case), case)
    await require_not_involved(session, case, assignee, field="assignee", as_assignee=assignee.id != employee.id)
    case.assignee_id = assignee.id
    event = await add_event(session, case, "assigned", **actor_of(employee), internal=True,
                            data={"assignee_id": str(assignee.id), "assignee_name": assignee.name})
    await refresh(session, case)
    return event


async def start_handling(session: AsyncSession, case: Case, employee: Employee) -> CaseEvent:
    require_employee(case, employee)
    events = await events_of(session, case)
    require_open(events, case)
    if case.status == IN_PROGRESS:
        raise CaseActionRefused(N_("This case is being handled already."))
    if open_requests(events):
        raise CaseActionRefused(N_("This case waits for the citizen's answer."))
    await require_not_involved(session, case, employee)
    if case.assignee_id is None:
        case.assignee_id = employee.id
    event = await add_event(session, case, "status", **actor_of(employee), data={"status": IN_PROGRESS})
    await refresh(session, case)
    await status_reached(session, case, IN_PROGRESS)
    return event


async def request_information(
    session: AsyncSession, case: Case, employee: Employee, *, question: str, documents: list[str], answer_by: date
) -> CaseEvent:
    """Ask the citizen for information; the decision term stands still until the answer."""
    require_employee(case, employee)
    events = await events_of(session, case)
    require_open(events, case)
    if open_requests(events):
        raise CaseActionRefused(N_("There is an open request already: wait for its answer first."))
    question = clean_text(question, "question", empty_msgid=N_("Enter what you ask the citizen."))
    documents = [d.strip() for d in documents if d and d.strip()]
    if answer_by is None or answer_by <= today():
        raise CaseActionRefused(N_("The answer-by date must be after today."), field="answer_by")
    if answer_by > today() + timedelta(days=90):
        raise CaseActionRefused(N_("The answer-by date can be at most 90 days from today."), field="answer_by")
    event = await add_event(session, case, "info_requested", **actor_of(employee), text=question,
                            data={"status": INFO_NEEDED, "documents": documents, "answer_by": answer_by.isoformat()})
    await refresh(session, case)
    await status_reached(session, case, INFO_NEEDED, date=answer_by)
    # A reminder a few days before the answer-by date (cases.toml), in the morning; taken
    # back when the answer comes. Not when that moment has (nearly) passed already.
    days = cases_config(tenant_of(case)).reminder_days_before_answer_by
    remind_at = clock.start_of_local_day(answer_by - timedelta(days=days)) + timedelta(hours=9)
    if days and remind_at > clock.now() + timedelta(hours=12):
        notify.tell_citizen(session, case, await _citizen(session, case), "info_reminder",
                            ref=info_reminder_ref(event.id), not_before=remind_at, date=answer_by)
    return event


async def answer_request(
    session: AsyncSession, case: Case, citizen: Citizen, *, request_id, text: str, document_ids: list
) -> CaseEvent:
    """The citizen's answer: text and/or documents. The term runs again from today."""
    require_citizen(case, citizen)
    events = await events_of(session, case)
    request = next((e for e in open_requests(events) if str(e.id) == str(request_id)), None)
    if request is None:
        raise CaseActionRefused(N_("This request has been answered already."))
    text = clean_text(text, "text", required=False)
    if not text and not document_ids:
        raise CaseActionRefused(N_("Write an answer or add a document."), field="text")
    still_open = [e for e in open_requests(events) if e.id != request.id]
    data = {"request_id": str(request.id), "document_ids": [str(d) for d in document_ids]}
    if not still_open and not any(e.kind == "decision" for e in events):
        data["status"] = IN_PROGRESS
    event = await add_event(session, case, "info_answered", **actor_of(citizen), text=text or None, data=data)
    await cancel_info_reminders(session, [request])
    await refresh(session, case)
    notify.tell_caseworker(session, case, await _assignee(session, case))
    return event


async def _assignee(session: AsyncSession, case: Case) -> Employee | None:
    if case.assignee_id is None:
        return None
    return await session.scalar(select(Employee).where(Employee.id == case.assignee_id))


async def send_message(session: AsyncSession, case: Case, sender, text: str) -> CaseEvent:
    """A message between citizen and municipality; the other side gets an email (never the text)."""
    if isinstance(sender, Citizen):
        require_citizen(case, sender)
    else:
        require_employee(case, sender)
    text = clean_text(text, "text", empty_msgid=N_("Write your message."))
    event = await add_event(session, case, "message", **actor_of(sender), text=text)
    if isinstance(sender, Citizen):
        notify.tell_caseworker(session, case, await _assignee(session, case))
    else:
        notify.tell_citizen(session, case, await _citizen(session, case), "message")
    return event


async def add_note(session: AsyncSession, case: Case, employee: Employee, text: str) -> CaseEvent:
    """An internal note: in the history for colleagues, never shown to the citizen."""
    require_employee(case, employee)
    text = clean_text(text, "text", empty_msgid=N_("Write your note."))
    return await add_event(session, case, "note", **actor_of(employee), text=text, internal=True)


async def extend_term(session: AsyncSession, case: Case, employee: Employee, reason: str, weeks: int | None = None) -> CaseEvent:
    """Extend the decision term once (Awb 4:14), with a reason the citizen reads."""
    require_employee(case, employee)
    events = await events_of(session, case)
    require_open(events, case)
    if any(e.kind == "extended" for e in events):
        raise CaseActionRefused(N_("The term has been extended once already; it cannot be extended again."))
    maximum = zaaktype_of(tenant_of(case), case).verlenging_weeks
    weeks = maximum if weeks is None else int(weeks)
    if not 1 <= weeks <= maximum:
        raise CaseActionRefused(N_("Choose between 1 and %(max)s weeks."), field="weeks", max=maximum)
    reason = clean_text(reason, "reason", empty_msgid=N_("Enter the reason the citizen will read."))
    event = await add_event(session, case, "extended", **actor_of(employee), text=reason, data={"weeks": weeks})
    await refresh(session, case)
    # The law asks for notice of an extension, whatever the status types say.
    notify.tell_citizen(session, case, await _citizen(session, case), "extended")
    return event


async def end_entitlement(session: AsyncSession, case: Case, employee: Employee, *, end_date: date, reason: str) -> CaseEvent:
    """Einde recht: a granted pass or supplement stops (only zaaktypen that have the status)."""
    require_employee(case, employee)
    events = await events_of(session, case)
    decision = next((e for e in reversed(events) if e.kind == "decision"), None)
    if zaaktype_of(tenant_of(case), case).status(ENDED) is None:
        raise CaseActionRefused(N_("This kind of case has no end of entitlement."))
    if decision is None or decision.data.get("outcome") != "granted" or case.status != DECIDED:
        raise CaseActionRefused(N_("Only a granted entitlement can end."))
    reason = clean_text(reason, "reason", empty_msgid=N_("Enter the reason the citizen will read."))
    event = await add_event(session, case, "ended", **actor_of(employee), text=reason,
                            data={"status": ENDED, "end_date": end_date.isoformat()})
    case.closed = True
    await refresh(session, case)
    await status_reached(session, case, ENDED)
    return event

