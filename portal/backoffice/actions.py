"""The case actions as forms: parse what the employee typed, call the portal.cases
service, write the audit entry, commit. One function per form.

A refused action (CaseActionRefused) leaves nothing behind: the caller rolls back and
shows the message next to the field it names.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit import record
from portal.auth.models import Employee
from portal import clock
from portal.cases.service import Case, CaseActionRefused, decisions, may_approve, objections
from portal.cases.service import actions as case_actions
from portal.i18n import N_


def _date(value: str | None, field: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseActionRefused(N_("Enter a date like 2026-12-31."), field=field) from None


async def _assign(session, case, employee, form) -> dict:
    if form.get("assignee") == "me" or not form.get("assignee"):
        assignee = employee
    else:
        try:
            ident = uuid.UUID(str(form.get("assignee")))
        except ValueError:
            raise CaseActionRefused(N_("Choose a colleague."), field="assignee") from None
        assignee = await session.scalar(select(Employee).where(Employee.id == ident))
        if assignee is None:  # unknown, or of another tenant (the tenant filter hides those)
            raise CaseActionRefused(N_("Choose a colleague."), field="assignee")
    await case_actions.assign(session, case, employee, assignee)
    return {"assignee_id": str(assignee.id)}


async def _start(session, case, employee, form) -> dict:
    await case_actions.start_handling(session, case, employee)
    return {}


async def _request_info(session, case, employee, form) -> dict:
    answer_by = _date(form.get("answer_by"), "answer_by")
    if answer_by is None:
        raise CaseActionRefused(N_("Enter the answer-by date."), field="answer_by")
    documents = [line for line in (form.get("documents") or "").splitlines() if line.strip()]
    await case_actions.request_information(session, case, employee, question=form.get("question") or "",
                                           documents=documents, answer_by=answer_by)
    return {"answer_by": answer_by.isoformat(), "documents": len(documents)}


async def _message(session, case, employee, form) -> dict:
    await case_actions.send_message(session, case, employee, form.get("text") or "")
    return {}


async def _note(session, case, employee, form) -> dict:
    await case_actions.add_note(session, case, employee, form.get("text") or "")
    return {}


async def _extend(session, case, employee, form) -> dict:
    weeks = (form.get("weeks") or "").strip()
    if weeks and not weeks.isdigit():
        raise CaseActionRefused(N_("Enter a whole number of weeks."), field="weeks")
    event = await case_actions.extend_term(session, case, employee, form.get("reason") or "",
                                           int(weeks) if weeks else None)
    return {"weeks": event.data.get("weeks")}


def _deviation(form) -> tuple[str | None, str]:
    """The advice's amount the form was prefilled with, and why the caseworker's differs
    (required then; issue #15). Returns (advice amount, reason)."""
    from decimal import Decimal, InvalidOperation

    advised = (form.get("advice_amount") or "").strip() or None
    reason = (form.get("deviation") or "").strip()
    if advised is None or form.get("outcome") != "granted":
        return advised, reason
    try:
        same = Decimal(advised) == Decimal((form.get("amount") or "").strip().replace(",", "."))
    except InvalidOperation:
        return advised, reason  # the amount's own check names the problem
    if not same and not reason:
        raise CaseActionRefused(N_("Say why the amount differs from the advice."), field="deviation")
    return advised, reason if not same else ""


async def _propose(session, case, employee, form) -> dict:
    outcome = form.get("outcome") or ""
    advised, deviation = _deviation(form)
    event = await decisions.propose_decision(
        session, case, employee, outcome=outcome,
        amount=(form.get("amount") or "").strip() or None if outcome == "granted" else None,
        start_date=_date(form.get("start_date"), "start_date") if outcome == "granted" else None,
        period_months=(form.get("period_months") or "").strip() or None if outcome == "granted" else None,
        reason_code=form.get("reason_code") or None if outcome == "refused" else None,
        text=form.get("text") or "",
    )
    detail = {"outcome": outcome, "needs_approval": bool(event.data.get("needs_approval"))}
    if advised is not None:
        detail["advice_amount"] = advised
    if deviation:
        # Kept twice: in the history for colleagues and in the audit entry.
        await case_actions.add_note(session, case, employee,
                                    f"Bedrag wijkt af van het advies (€ {advised.replace('.', ',')}): {deviation}")
        detail["deviation"] = deviation
    return detail


async def _approve(session, case, employee, form) -> dict:
    await decisions.approve_decision(session, case, employee)
    return {}


async def _send_back(session, case, employee, form) -> dict:
    await decisions.send_back_decision(session, case, employee, form.get("remark") or "")
    return {}


def _moment(value: str | None, field: str) -> datetime | None:
    """A date and time as the browser's datetime-local field sends it, on Amsterdam's clock."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CaseActionRefused(N_("Enter a date and time like 2026-12-31 10:00."), field=field) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.AMSTERDAM)


async def _hearing(session, case, employee, form) -> dict:
    event = await objections.plan_hearing(session, case, employee, start=_moment(form.get("start"), "start"),
                                          location_id=form.get("location_id") or None, place=form.get("place") or "")
    return {"start": event.data["start"], "location_id": event.data.get("location_id")}


async def _waive_hearing(session, case, employee, form) -> dict:
    event = await objections.waive_hearing(session, case, employee, ground=form.get("ground") or "",
                                           reason=form.get("reason") or "")
    return {"ground": event.data["ground"]}


# What the caseworker may answer for the advice (issue #15): the rules' inputs that are
# one value each (lists such as the children's birth dates go through a request for
# information). The citizen's frozen answers stay as they were; these go into the rules'
# input ("situation") and are marked as the caseworker's ("caseworker_answered").
ADVICE_KEYS = ("residence_status", "in_detention", "partner_in_detention", "partner_student_finance",
               "student_finance", "search_period_exception", "reported_on", "home_equity", "assets", "debts",
               "income", "partner_income", "special_costs", "months_low_income", "housemates_27_plus",
               "birth_date", "partner_birth_date", "has_partner")


async def _advice_answers(session, case, employee, form) -> dict:
    from portal.rules.situation import SituationError, parse_situation

    given = {key: str(form.get(key) or "").strip() for key in ADVICE_KEYS}
    given = {key: value for key, value in given.items() if value}
    if not given:
        raise CaseActionRefused(N_("Answer at least one of the questions."))
    answers = dict(case.answers or {})
    situation = dict(answers.get("situation") or {})
    try:
        # The merged input must be valid as a whole: nothing half-written.
        parse_situation({**situation, **given})
    except SituationError as error:
        raise CaseActionRefused(error.message, field=error.field) from None
    situation.update(given)
    answered = dict(answers.get("caseworker_answered") or {})
    for key in given:
        answered[key] = {"by": str(employee.id), "at": clock.now().isoformat()}
    answers["situation"] = situation
    answers["caseworker_answered"] = answered
    case.answers = answers
    return {"keys": sorted(given)}


# name in the URL -> (handler, roles allowed, audit action)
ACTIONS = {
    "assign": (_assign, ("caseworker", "senior"), "case.assigned"),
    "start": (_start, ("caseworker", "senior"), "case.handling_started"),
    "request-info": (_request_info, ("caseworker", "senior"), "case.information_requested"),
    "message": (_message, ("caseworker", "senior"), "case.message_sent"),
    "note": (_note, ("caseworker", "senior"), "case.note_added"),
    "extend": (_extend, ("caseworker", "senior"), "case.term_extended"),
    "propose": (_propose, ("caseworker", "senior"), "case.decision_proposed"),
    "approve": (_approve, ("senior",), "case.decision_approved"),
    "send-back": (_send_back, ("senior",), "case.decision_sent_back"),
    "hearing": (_hearing, ("caseworker", "senior"), "case.hearing_planned"),
    "waive-hearing": (_waive_hearing, ("caseworker", "senior"), "case.hearing_waived"),
    "advice-answers": (_advice_answers, ("caseworker", "senior"), "case.advice_answered"),
}


# Approving is for a senior or an approver the tenant names (cases.toml), not for a role.
APPROVING = ("approve", "send-back")


def allowed(tenant, employee: Employee, name: str) -> bool:
    """Whether the employee may use this action's form at all (the service checks the rest)."""
    if name in APPROVING:
        return may_approve(tenant, employee)
    return any(employee.has_role(role) for role in ACTIONS[name][1])


async def perform(session: AsyncSession, case: Case, employee: Employee, name: str, form: dict) -> str:
    """Run one action and commit it with its audit entry. Raises CaseActionRefused."""
    handler, _roles, audit_action = ACTIONS[name]
    detail = await handler(session, case, employee, form)
    await record(session, actor=employee, action=audit_action, case_id=case.id, subject=case.reference, detail=detail)
    await session.commit()
    return audit_action


async def assign_from_queue(session: AsyncSession, employee: Employee, case_ids: list[str],
                            assignee: str | None) -> list[Case]:
    """Give the chosen cases to one colleague (a senior dividing the work), each with its
    own event and audit entry, and commit: all of them or, when one is refused, none.

    A case id that is not this tenant's (or no case at all) raises LookupError: the
    caller answers 404 and nothing is assigned.
    """
    from portal.backoffice.casefile import find_case

    if not case_ids:
        raise CaseActionRefused(N_("Choose one or more cases."), field="case")
    cases = []
    for ident in dict.fromkeys(case_ids):  # the same case twice is one case
        case = await find_case(session, ident)
        if case is None:
            raise LookupError("no such case")
        cases.append(case)
    for case in cases:
        try:
            detail = await _assign(session, case, employee, {"assignee": assignee})
        except CaseActionRefused as refused:
            # The reason with the case it is about, so the senior can take that one out.
            raise CaseActionRefused(N_("%(reference)s: %(reason)s"), field=refused.field or "case",
                                    reference=case.reference, reason=refused.message) from None
        await record(session, actor=employee, action="case.assigned", case_id=case.id, subject=case.reference,
                     detail=detail | {"from_queue": len(cases)})
    await session.commit()
    return cases
