"""Working a case of a process definition: the citizen's submission, the caseworker's moves
to a next step, the report the citizen reads and comments on, the decision.

Everything goes through the cases service (a case, its events, `refresh` for the status
and the queue's deadline), so the back office's queue, case file, audit log and messages
work for these cases as for any other. Each function writes in the caller's transaction;
the route commits, or rolls back on a refusal: nothing half-written.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.service import Case, CaseActionRefused, actor_of, add_event, events_of, open_case, refresh
from portal.i18n import N_, gettext
from portal.processes.models import ProcessSubmission

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def read_form(form, data) -> tuple[dict, dict[str, str], list[str]]:
    """The answers to a form's questions, the errors by field (English msgids), the flags set."""
    values: dict = {}
    errors: dict[str, str] = {}
    flags: list[str] = []
    for field in form.fields:
        raw = str(data.get(field.id, "") or "").strip()
        values[field.id] = raw
        if field.kind == "yesno":
            if raw not in ("yes", "no"):
                if field.required or raw:
                    errors[field.id] = gettext(N_("Choose yes or no: %(question)s"), question=field.label.get())
                continue
            if raw == "yes" and field.flag and field.flag not in flags:
                flags.append(field.flag)
            continue
        if not raw:
            if field.required:
                errors[field.id] = gettext(N_("Answer the question: %(question)s"), question=field.label.get())
            continue
        if len(raw) > field.max_length:
            errors[field.id] = gettext(N_("Use at most %(count)s characters for: %(question)s"), count=field.max_length,
                                      question=field.label.get())
        elif field.kind == "date":
            try:
                date.fromisoformat(raw)
            except ValueError:
                errors[field.id] = gettext(N_("Give a date like 2026-03-31 for: %(question)s"), question=field.label.get())
    return values, errors, flags


async def submitted_with(session: AsyncSession, citizen_id: uuid.UUID, key: str) -> Case | None:
    row = await session.scalar(select(ProcessSubmission).where(ProcessSubmission.idempotency_key == key,
                                                               ProcessSubmission.citizen_id == citizen_id))
    if row is None:
        return None
    return await session.scalar(select(Case).where(Case.id == row.case_id))


@dataclass
class Submitted:
    case: Case | None
    errors: dict[str, str]
    values: dict
    again: bool = False  # the same submission a second time: its case, nothing new


async def submit(session: AsyncSession, *, tenant, definition, citizen, data, key: str) -> Submitted:
    """Open a case of `definition` for `citizen` from the start form's answers."""
    form = definition.start_form()
    values, errors, flags = read_form(form, data)
    if not KEY.match(key or ""):
        errors["form"] = gettext(N_("This form has expired. Please fill it in again."))
    if errors:
        return Submitted(None, errors, values)
    existing = await submitted_with(session, citizen.id, key)
    if existing is not None:
        return Submitted(existing, {}, values, again=True)
    answers = {"process": definition.id, "form": form.id, "answers": values, "flags": flags}
    if "urgent" in flags:
        answers["urgent"] = True
    case = await open_case(session, tenant=tenant, scheme=definition.id, citizen_id=citizen.id,
                           citizen_name=citizen.name or "", answers=answers)
    await add_event(session, case, "step", actor_kind="citizen", actor_id=citizen.id,
                    data={"status": definition.start, "step": definition.start})
    session.add(ProcessSubmission(citizen_id=citizen.id, process=definition.id, idempotency_key=key, case_id=case.id))
    await refresh(session, case)
    return Submitted(case, {}, values)


def next_steps(definition, case) -> list:
    if case.closed or not definition.has_step(case.status):
        return []
    return [definition.step(s) for s in definition.step(case.status).to]


async def move(session: AsyncSession, *, definition, case: Case, person, to: str, decision: str | None = None,
               text: str | None = None, answers: dict | None = None) -> None:
    """Move the case to `to`, if the definition allows it from where the case is."""
    allowed = {s.id for s in next_steps(definition, case)}
    if to not in allowed:
        raise CaseActionRefused(N_("The case cannot go to that step from where it is now."), field="to")
    target = definition.step(to)
    data: dict = {"status": to, "step": to, "from": case.status}
    if target.decisions:
        if decision not in target.decisions:
            raise CaseActionRefused(N_("Choose a decision."), field="decision")
        chosen = definition.decision(decision)
        data.update({"decision": decision, "outcome": chosen.outcome, "letter": chosen.letter})
    if answers is not None:
        data["answers"] = answers
    actor = actor_of(person)
    # A caseworker's note with a move is internal: the citizen sees the step, not the note.
    await add_event(session, case, "step", data=data, text=text or None, internal=actor["actor_kind"] == "employee",
                    **actor)
    if target.decisions:
        case.closed = True
    await refresh(session, case)


async def write_document(session: AsyncSession, *, definition, case: Case, employee, document: str, text: str) -> None:
    """The caseworker writes a document of the current step (the Wmo report)."""
    if case.closed or document not in definition.step(case.status).documents:
        raise CaseActionRefused(N_("This document cannot be written in this step."), field="text")
    if not text.strip():
        raise CaseActionRefused(N_("Write the text of the document."), field="text")
    if len(text) > 20000:
        raise CaseActionRefused(N_("Use at most %(count)s characters."), field="text", count=20000)
    await add_event(session, case, "process_document", data={"document": document}, text=text.strip(),
                    **actor_of(employee))


async def comment(session: AsyncSession, *, definition, case: Case, citizen, document: str, text: str) -> None:
    """The citizen's comment on a document they may comment on."""
    docs = await documents_of(session, definition, case)
    if document not in docs or not definition.document(document).citizen_comments:
        raise CaseActionRefused(N_("There is nothing to comment on yet."), field="comment")
    if not text.strip():
        raise CaseActionRefused(N_("Write your comment."), field="comment")
    if len(text) > 5000:
        raise CaseActionRefused(N_("Use at most %(count)s characters."), field="comment", count=5000)
    await add_event(session, case, "process_comment", data={"document": document}, text=text.strip(),
                    **actor_of(citizen))


async def documents_of(session: AsyncSession, definition, case: Case) -> dict[str, dict]:
    """Per document id, its latest text and the comments on it."""
    result: dict[str, dict] = {}
    for event in await events_of(session, case):
        if event.kind == "process_document":
            result[event.data["document"]] = {"text": event.text, "at": event.at, "comments": []}
        elif event.kind == "process_comment" and event.data.get("document") in result:
            result[event.data["document"]]["comments"].append({"text": event.text, "at": event.at})
    return result
