"""Reading a case file for an employee: everything on one page, and the look audited.

Nothing here changes a case: the actions are portal.cases services; this module only
gathers what the page shows and writes the audit entries of looking.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit import record
from portal.auth.models import Employee
from portal.cases.service import Case, CaseEvent, CaseLetter, events_of
from portal.i18n import to_local

HANDLER_ROLES = ("caseworker", "senior")
EMPLOYEE_ROLES = ("caseworker", "senior", "admin", "workcoach")


def can(employee: Employee, *roles: str) -> bool:
    return any(employee.has_role(role) for role in roles)


async def find_case(session: AsyncSession, case_id) -> Case | None:
    """The case of the session's tenant, or None (a case of another tenant is invisible)."""
    try:
        ident = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError:
        return None
    return await session.scalar(select(Case).where(Case.id == ident))


@dataclass
class Advice:
    outcome: str | None = None
    amount: object = None
    amount_period: str | None = None
    reasons: list = field(default_factory=list)
    on: date | None = None
    problem: str | None = None


def advice_for(engine, tenant, case: Case) -> Advice:
    """The rules' advice on the application's own answers, under the rules of its date."""
    on = to_local(case.submitted_at).date()
    if engine is None:
        return Advice(on=on, problem="unavailable")
    from portal.rules.advice import advise
    from portal.rules.engine import RulesError
    from portal.rules.situation import SituationError

    try:
        # Applications store the answers for the rules under "situation" (Situation keys).
        answers = case.answers or {}
        evaluation = advise(engine, tenant.slug, answers.get("situation", answers), on)
        outcome = evaluation.scheme(case.scheme)
    except (RulesError, SituationError, KeyError):
        return Advice(on=on, problem="unavailable")
    return Advice(outcome.outcome, outcome.amount, outcome.amount_period, list(outcome.reasons), on)


@dataclass
class CaseFile:
    case: Case
    events: list[CaseEvent]
    documents: list
    letters: list[CaseLetter]
    people: dict  # employee id -> Employee, for names in the history
    colleagues: list[Employee]
    pending: CaseEvent | None
    open_request: CaseEvent | None
    extended: bool
    decided: bool
    # Of an objection: the contested case and decision, who took part in it (Awb 7:5:
    # they do not handle the objection) and the hearing as it stands (Awb 7:2, 7:3).
    contested: tuple | None = None
    involved: set = field(default_factory=set)
    hearing: CaseEvent | None = None
    # Who may approve the waiting proposal: a senior or a named approver (cases.toml),
    # not its proposer, not who took part in a contested decision. Empty: nobody can.
    approvers: list = field(default_factory=list)


async def load_case_file(session: AsyncSession, case: Case) -> CaseFile:
    from portal.cases.service import actions, decisions, impartial, may_approve, objections
    from portal.tenancy.scope import tenant_of

    events = await events_of(session, case)
    documents = await _documents(session, case)
    # The list names each letter; its PDF (the record, often hundreds of KB) stays in the database.
    letters = list((await session.scalars(
        select(CaseLetter).options(defer(CaseLetter.pdf, raiseload=True))
        .where(CaseLetter.case_id == case.id).order_by(CaseLetter.created_at))).all())
    employees = list((await session.scalars(select(Employee).order_by(Employee.name))).all())
    requests = actions.open_requests(events)
    pending = decisions.pending_proposal(events)
    involved = await impartial.involved_in_contested_decision(session, case)
    tenant = tenant_of(case)
    approvers = [] if pending is None else [
        e for e in employees if may_approve(tenant, e) and e.id != pending.actor_id and e.id not in involved]
    return CaseFile(
        case=case,
        events=events,
        documents=documents,
        letters=letters,
        people={e.id: e for e in employees},
        colleagues=[e for e in employees if can(e, *HANDLER_ROLES)],
        pending=pending,
        open_request=requests[-1] if requests else None,
        extended=any(e.kind == "extended" for e in events),
        decided=case.closed or any(e.kind == "decision" for e in events),
        contested=await impartial.contested(session, case),
        involved=involved,
        hearing=objections.hearing_of(events),
        approvers=approvers,
    )


async def _documents(session: AsyncSession, case: Case) -> list:
    try:
        from portal.documents.models import Document
    except ImportError:  # documents not installed: the case file shows none
        return []
    query = select(Document).where(Document.case_id == case.id)
    if case.application_id is not None:
        query = select(Document).where((Document.case_id == case.id) | (Document.application_id == case.application_id))
    return list((await session.scalars(query.order_by(Document.created_at, Document.id))).all())


async def record_view(session: AsyncSession, employee: Employee, case: Case) -> None:
    await record(session, actor=employee, action="case.viewed", case_id=case.id, subject=case.reference)
    await session.commit()


async def find_document(session: AsyncSession, case: Case, document_id):
    from portal.documents.models import Document

    try:
        ident = uuid.UUID(str(document_id))
    except ValueError:
        return None
    document = await session.scalar(select(Document).where(Document.id == ident))
    if document is None:
        return None
    belongs = document.case_id == case.id or (case.application_id is not None and document.application_id == case.application_id)
    return document if belongs else None


async def find_letter(session: AsyncSession, case: Case, letter_id) -> CaseLetter | None:
    try:
        ident = uuid.UUID(str(letter_id))
    except ValueError:
        return None
    return await session.scalar(select(CaseLetter).where(CaseLetter.id == ident, CaseLetter.case_id == case.id))


def reason_texts(current: list[tuple[str, str]], events: list[CaseEvent], locale: str) -> dict[str, str]:
    """Code -> words of the refusal reasons this page may show. A proposal or decision
    keeps the wording it was made with; that wins over today's list, which the admin
    may have changed since."""
    from portal.cases.service import text_of

    texts = dict(current)
    for event in events:
        if event.data.get("reason_code") and event.data.get("reason_label"):
            texts[event.data["reason_code"]] = text_of(event.data["reason_label"], fallback=event.data["reason_code"]).get(locale)
    return texts

