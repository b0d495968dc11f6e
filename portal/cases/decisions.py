"""Deciding: a caseworker proposes; where the tenant's rules ask for a second pair of
eyes, a senior (not the proposer) approves or sends it back; then the decision is
sent: an event the citizen sees, the letter (PDF, kept as sent) and an email."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.models import Employee
from portal.cases import letters
from portal.cases.actions import (_citizen, cancel_info_reminders, clean_text, open_requests, require_employee,
                                  require_open, status_reached)
from portal.cases.config import DECIDED, OUTCOMES, may_approve, needs_second_pair_of_eyes, refusal_reasons
from portal.cases.models import Case, CaseEvent, CaseLetter
from portal.cases.events import CaseActionRefused, actor_of, add_event, events_of, refresh
from portal.cases.impartial import contested, require_not_involved
from portal.cases.objections import OBJECTION_OUTCOMES, hearing_of, require_hearing_done
from portal.clock import local_day
from portal.i18n import N_
from portal.tenancy.scope import tenant_of


def pending_proposal(events: list[CaseEvent]) -> CaseEvent | None:
    """The latest proposal still waiting for a senior, if any."""
    for event in reversed(events):
        if event.kind in ("decision_approved", "decision_sent_back", "decision"):
            return None
        if event.kind == "decision_proposed":
            return event if event.data.get("needs_approval") else None
    return None


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise CaseActionRefused(N_("Enter an amount like 150,00."), field="amount") from None
    if amount <= 0 or amount > Decimal("100000"):
        raise CaseActionRefused(N_("Enter an amount between 0,01 and 100.000."), field="amount")
    return amount


def validate_objection_decision(outcome, text) -> dict:
    """The decision on an objection: its outcome and its grounds (Awb 7:12: a decision on
    an objection states the grounds it rests on)."""
    if outcome not in OBJECTION_OUTCOMES:
        raise CaseActionRefused(N_("Choose well-founded, unfounded or inadmissible."), field="outcome")
    text = clean_text(text, "text", empty_msgid=N_("Write the grounds of the decision on the objection."))
    return {"outcome": outcome, "text": text}


def validate_proposal(tenant, scheme, outcome, amount, start_date, period_months, reason_code, text,
                      applied_on: date | None = None) -> dict:
    """`applied_on`: the day of the application, where a grant starts when no start date is
    given (Participatiewet art. 44: from the day one asked). An earlier start stays the
    caseworker's call: the report to the municipality may precede the application."""
    if outcome not in OUTCOMES:
        raise CaseActionRefused(N_("Choose granted, refused or not handled."), field="outcome")
    data: dict = {"outcome": outcome}
    if outcome == "granted":
        # A city pass is granted without an amount; every other grant has one.
        if amount not in (None, ""):
            data["amount"] = str(_amount(amount))
        elif scheme != "stadspas":
            raise CaseActionRefused(N_("Enter the amount."), field="amount")
        if start_date is None and applied_on is not None:
            start_date = applied_on
        if not isinstance(start_date, date):
            raise CaseActionRefused(N_("Enter the start date."), field="start_date")
        data["start_date"] = start_date.isoformat()
        if period_months not in (None, ""):
            try:
                months = int(period_months)
            except (TypeError, ValueError):
                months = 0
            if not 1 <= months <= 120:
                raise CaseActionRefused(N_("Enter a period between 1 and 120 months."), field="period_months")
            data["period_months"] = months
    elif outcome == "refused":
        reason = next((r for r in refusal_reasons(tenant) if r.code == reason_code), None)
        if reason is None:
            raise CaseActionRefused(N_("Choose the reason for the refusal."), field="reason_code")
        data["reason_code"] = reason_code
        # The wording as chosen: the admin may change or remove the reason later, the
        # decision (its page, letter and history) keeps saying what was decided.
        data["reason_label"] = msgspec.structs.asdict(reason.label)
    text = clean_text(text, "text", required=outcome == "not_handled",
                      empty_msgid=N_("Explain why the application is not handled."))
    return data | ({"text": text} if text else {})


async def propose_decision(
    session: AsyncSession, case: Case, employee: Employee, *, outcome: str, amount=None,
    start_date: date | None = None, period_months: int | None = None, reason_code: str | None = None,
    text: str | None = None,
) -> CaseEvent:
    """Propose; sent at once unless the tenant's rules want a senior's approval first."""
    require_employee(case, employee)
    events = await events_of(session, case)
    require_open(events, case)
    if pending_proposal(events) is not None:
        raise CaseActionRefused(N_("A proposal waits for approval already."))
    await require_not_involved(session, case, employee)
    tenant = tenant_of(case)
    if case.kind == "objection":
        require_hearing_done(events)
        data = validate_objection_decision(outcome, text)
    else:
        data = validate_proposal(tenant, case.scheme, outcome, amount, start_date, period_months, reason_code, text,
                                 applied_on=local_day(case.submitted_at))
    amount_value = Decimal(data["amount"]) if "amount" in data else None
    data["needs_approval"] = needs_second_pair_of_eyes(tenant, case.scheme, outcome, amount_value)
    proposal = await add_event(session, case, "decision_proposed", **actor_of(employee), data=data, internal=True)
    if not data["needs_approval"]:
        await _send(session, case, proposal)
    return proposal


def _check_senior(case: Case, senior: Employee, proposal: CaseEvent | None) -> CaseEvent:
    """The approver: a senior or a named approver (cases.toml), never the proposer."""
    require_employee(case, senior, roles=(Employee.CASEWORKER, Employee.SENIOR, Employee.ADMIN))
    if not may_approve(tenant_of(case), senior):
        raise CaseActionRefused(N_("You are not allowed to do this."))
    if proposal is None:
        raise CaseActionRefused(N_("There is no proposal waiting for approval."))
    if proposal.actor_id == senior.id:
        raise CaseActionRefused(N_("You proposed this decision: a colleague must approve it."))
    return proposal


async def approve_decision(session: AsyncSession, case: Case, senior: Employee) -> CaseEvent:
    events = await events_of(session, case)
    require_open(events, case)
    proposal = _check_senior(case, senior, pending_proposal(events))
    await require_not_involved(session, case, senior)
    await add_event(session, case, "decision_approved", **actor_of(senior), internal=True,
                    data={"proposal_id": str(proposal.id)})
    return await _send(session, case, proposal)


async def send_back_decision(session: AsyncSession, case: Case, senior: Employee, remark: str) -> CaseEvent:
    events = await events_of(session, case)
    require_open(events, case)
    proposal = _check_senior(case, senior, pending_proposal(events))
    await require_not_involved(session, case, senior)
    remark = clean_text(remark, "remark", empty_msgid=N_("Write what needs to change."))
    return await add_event(session, case, "decision_sent_back", **actor_of(senior), internal=True,
                           text=remark, data={"proposal_id": str(proposal.id)})


async def _send(session: AsyncSession, case: Case, proposal: CaseEvent) -> CaseEvent:
    """The decision goes out: event, status, letter, email; the case is closed."""
    data = {k: v for k, v in proposal.data.items() if k not in ("needs_approval", "text")}
    if case.kind == "objection":
        data |= await _objection_facts(session, case)
    decision = await add_event(
        session, case, "decision", actor_kind=proposal.actor_kind, actor_id=proposal.actor_id,
        actor_role=proposal.actor_role, text=proposal.data.get("text"),
        data=data | {"status": DECIDED, "proposal_id": str(proposal.id)},
    )
    case.closed = True
    await cancel_info_reminders(session, open_requests(await events_of(session, case)))
    await refresh(session, case)
    citizen = await _citizen(session, case)
    pdf = await letters.render_decision_letter(case, decision, citizen)
    name = "beslissing-op-bezwaar" if case.kind == "objection" else "beschikking"
    session.add(CaseLetter(case_id=case.id, event_id=decision.id, filename=f"{name}-{case.reference}.pdf", pdf=pdf))
    await session.flush()
    await status_reached(session, case, DECIDED)
    return decision


async def _objection_facts(session: AsyncSession, case: Case) -> dict:
    """What the decision on an objection keeps of the contested decision and the hearing,
    so its letter and page say them as they were when it was decided."""
    facts: dict = {}
    found = await contested(session, case)
    if found is not None:
        parent, decision = found
        facts["contested"] = {"case_id": str(parent.id), "reference": parent.reference,
                              "sent_at": decision.at.isoformat(), "outcome": decision.data.get("outcome")}
    hearing = hearing_of(await events_of(session, case))
    if hearing is not None:
        facts["hearing"] = {"kind": hearing.kind, **hearing.data, **({"reason": hearing.text} if hearing.text else {})}
    return facts
