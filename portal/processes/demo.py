"""Demo process cases: in every city, for each process a case in every step (and an urgent
debt-help request), for the demo citizens, made through the same functions as the pages.
Each has a key of its own (`demo-<process>-<step>`), so loading again adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from portal.auth.models import Citizen
from portal.auth.people import demo_people
from portal.cases.service import add_event, open_case, refresh
from portal.processes import flow
from portal.processes.config import processes_of
from portal.processes.models import ProcessSubmission

REPORT = "Gesprek gevoerd bij de inwoner thuis. De inwoner heeft hulp nodig bij het huishouden."


def _answers(form, urgent: bool) -> tuple[dict, list[str]]:
    values, flags = {}, []
    for field in form.fields if form else []:
        if field.kind == "yesno":
            yes = urgent and field.flag == "urgent" and not flags
            values[field.id] = "yes" if yes else "no"
            if yes:
                flags.append(field.flag)
        elif field.kind == "date":
            values[field.id] = "2026-01-01"
        else:
            values[field.id] = "0612345678" if "telefoon" in field.id else "Demo: hulp gevraagd via het portaal."
    return values, flags


async def _make(session, tenant, definition, citizen, target: str, key: str, urgent: bool = False) -> None:
    if await session.scalar(select(ProcessSubmission.id).where(ProcessSubmission.idempotency_key == key)):
        return
    form = definition.start_form()
    values, flags = _answers(form, urgent)
    answers = {"process": definition.id, "form": form.id if form else None, "answers": values, "flags": flags}
    if "urgent" in flags:
        answers["urgent"] = True
    case = await open_case(session, tenant=tenant, scheme=definition.id, citizen_id=citizen.id,
                           citizen_name=citizen.name or "", answers=answers)
    await add_event(session, case, "step", actor_kind="system", data={"status": definition.start, "step": definition.start})
    session.add(ProcessSubmission(citizen_id=citizen.id, process=definition.id, idempotency_key=key, case_id=case.id))
    await refresh(session, case)
    while case.status != target:
        current = definition.step(case.status)
        for document in current.documents:
            await flow.write_document(session, definition=definition, case=case, employee=None, document=document,
                                      text=REPORT)
        following = definition.step(current.to[0])
        step_answers = _answers(definition.form(following.form), False)[0] if following.form else None
        await flow.move(session, definition=definition, case=case, person=None, to=following.id,
                        decision=following.decisions[0] if following.decisions else None, answers=step_answers)


async def load_demo(database, tenant, settings) -> None:
    definitions = [d for d in processes_of(tenant).values() if d.handled_by == "processes"]
    if not definitions:
        return
    async with database.session(tenant.slug) as session:
        bsns = [person.bsn for person in demo_people(tenant).citizens]
        citizens = list((await session.scalars(select(Citizen).where(Citizen.bsn.in_(bsns)).order_by(Citizen.bsn))).all())
        if not citizens:
            return
        for index, definition in enumerate(definitions):
            for number, step in enumerate(definition.order()):
                citizen = citizens[(index + number) % len(citizens)]
                await _make(session, tenant, definition, citizen, step, f"demo-{definition.id}-{step}")
            if any(t.when == "urgent" for t in definition.terms):
                await _make(session, tenant, definition, citizens[0], definition.start,
                            f"demo-{definition.id}-urgent", urgent=True)
        await session.commit()
