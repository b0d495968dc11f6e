"""The citizen's pages (start a process, follow its steps, comment, apply) and the
caseworker's page for a process case (move it on, write the report, decide)."""

from __future__ import annotations

import secrets
import uuid

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit.service import record
from portal.auth.guards import requires_role
from portal.auth.models import Citizen, Employee
from portal.cases.service import Case, CaseActionRefused, events_of
from portal.processes import flow
from portal.processes.config import process, processes_of
from portal.processes.timeline import decision_of, timeline
from portal.tenancy import Tenant

STAFF = requires_role("caseworker", "senior", "admin")


def _definition(tenant: Tenant, process_id: str, *, citizen_start: bool = False):
    definition = process(tenant, process_id)
    if definition is None or definition.handled_by != "processes":
        raise NotFoundException()
    if citizen_start and (not definition.citizen_starts or definition.start_form() is None):
        raise NotFoundException()
    return definition


def _form_context(request: Request, tenant: Tenant, definition, *, values=None, errors=None, key=None) -> dict:
    return {"definition": definition, "form": definition.start_form(), "values": values or {},
            "errors": errors or {}, "key": key or secrets.token_urlsafe(24), "base": tenant.base_path}


class ProcessStartController(Controller):
    path = "/{tenant_slug:str}/hulp"

    @get("/{process_id:str}", name="processes:start")
    async def start_page(self, tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
                         process_id: FromPath[str], request: Request) -> Template:
        definition = _definition(tenant, process_id, citizen_start=True)
        return Template("processes/start.html", context=_form_context(request, tenant, definition))

    @post("/{process_id:str}", name="processes:submit")
    async def submit(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                     citizen: NamedDependency[Citizen], process_id: FromPath[str], request: Request) -> Response:
        definition = _definition(tenant, process_id, citizen_start=True)
        data = await request.form()
        key = str(data.get("idempotency_key", ""))
        done = await flow.submit(db, tenant=tenant, definition=definition, citizen=citizen, data=data, key=key)
        if done.errors:
            await db.rollback()
            keep = key if flow.KEY.match(key) else None
            return Template("processes/start.html", status_code=400,
                            context=_form_context(request, tenant, definition, values=done.values,
                                                  errors=done.errors, key=keep))
        await db.commit()
        return Redirect(f"{tenant.base_path}/hulp/zaak/{done.case.id}?sent=1", status_code=303)


async def provide_citizen_case(db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen],
                               tenant: NamedDependency[Tenant], case_id: FromPath[uuid.UUID]) -> Case:
    case = await db.scalar(select(Case).where(Case.id == case_id, Case.citizen_id == citizen.id))
    if case is None or case.kind != "application" or case.scheme not in processes_of(tenant):
        raise NotFoundException()
    _definition(tenant, case.scheme)
    return case


async def _case_context(db, tenant, case, *, errors=None, values=None) -> dict:
    definition = _definition(tenant, case.scheme)
    events = await events_of(db, case)
    documents = await flow.documents_of(db, definition, case)
    return {"definition": definition, "case": case, "steps": timeline(definition, case, events),
            "documents": documents, "decision": decision_of(events), "next_steps": flow.next_steps(definition, case),
            "errors": errors or {}, "values": values or {}, "base": tenant.base_path, "sent": None,
            "events": [e for e in events if not e.internal]}


class ProcessCaseController(Controller):
    path = "/{tenant_slug:str}/hulp/zaak/{case_id:uuid}"
    dependencies = {"case": Provide(provide_citizen_case)}

    @get("/", name="processes:case")
    async def case_page(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                        citizen: NamedDependency[Citizen], case: NamedDependency[Case], request: Request) -> Template:
        context = await _case_context(db, tenant, case)
        context["sent"] = request.query_params.get("sent")
        return Template("processes/case.html", context=context)

    @post("/reactie", name="processes:comment")
    async def comment(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                      citizen: NamedDependency[Citizen], case: NamedDependency[Case], request: Request) -> Response:
        data = await request.form()
        definition = _definition(tenant, case.scheme)
        values = {"comment": str(data.get("comment", "")), "document": str(data.get("document", ""))}
        try:
            await flow.comment(db, definition=definition, case=case, citizen=citizen, document=values["document"],
                               text=values["comment"])
        except CaseActionRefused as refused:
            await db.rollback()
            await db.refresh(case)
            context = await _case_context(db, tenant, case, errors={refused.field or "comment": refused.message},
                                          values=values)
            return Template("processes/case.html", context=context, status_code=400)
        await db.commit()
        return Redirect(f"{tenant.base_path}/hulp/zaak/{case.id}?sent=comment", status_code=303)

    @post("/stap", name="processes:citizen_step")
    async def citizen_step(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                           citizen: NamedDependency[Citizen], case: NamedDependency[Case], request: Request) -> Response:
        """The citizen takes the step that is theirs (the Wmo application after the report)."""
        data = await request.form()
        definition = _definition(tenant, case.scheme)
        to = str(data.get("to", ""))
        current = definition.step(case.status) if definition.has_step(case.status) else None
        targets = {s.id: s for s in flow.next_steps(definition, case)}
        if current is None or current.actor != "citizen" or to not in targets:
            raise NotFoundException()
        answers = {}
        errors = {}
        if targets[to].form:
            answers, errors, _flags = flow.read_form(definition.form(targets[to].form), data)
        if errors:
            context = await _case_context(db, tenant, case, errors=errors, values=answers)
            return Template("processes/case.html", context=context, status_code=400)
        if case.status != current.id:  # a second click: already moved
            return Redirect(f"{tenant.base_path}/hulp/zaak/{case.id}", status_code=303)
        await flow.move(db, definition=definition, case=case, person=citizen, to=to, answers=answers)
        await db.commit()
        return Redirect(f"{tenant.base_path}/hulp/zaak/{case.id}?sent=step", status_code=303)


async def provide_staff_case(db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
                             tenant: NamedDependency[Tenant], case_id: FromPath[uuid.UUID]) -> Case:
    case = await db.scalar(select(Case).where(Case.id == case_id))
    if case is None or case.kind != "application" or case.scheme not in processes_of(tenant):
        raise NotFoundException()
    _definition(tenant, case.scheme)
    return case


class ProcessBackofficeController(Controller):
    path = "/{tenant_slug:str}/backoffice/proces/{case_id:uuid}"
    guards = [STAFF]
    dependencies = {"case": Provide(provide_staff_case)}

    async def _render(self, db, tenant, case, *, errors=None, values=None, status_code=200) -> Template:
        context = await _case_context(db, tenant, case, errors=errors, values=values)
        context["events"] = await events_of(db, case)
        return Template("processes/backoffice_case.html", context=context, status_code=status_code)

    @get("/", name="processes:backoffice_case")
    async def case_page(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                        employee: NamedDependency[Employee], case: NamedDependency[Case]) -> Template:
        await record(db, actor=employee, action="case.viewed", case_id=case.id, subject=case.reference)
        await db.commit()
        return await self._render(db, tenant, case)

    @post("/stap", name="processes:backoffice_step")
    async def step(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                   employee: NamedDependency[Employee], case: NamedDependency[Case], request: Request) -> Response:
        data = await request.form()
        definition = _definition(tenant, case.scheme)
        values = {k: str(data.get(k, "")) for k in ("to", "decision", "note")}
        try:
            await flow.move(db, definition=definition, case=case, person=employee, to=values["to"],
                            decision=values["decision"] or None, text=values["note"])
        except CaseActionRefused as refused:
            await db.rollback()
            await db.refresh(case)
            return await self._render(db, tenant, case, errors={refused.field or "to": refused.message},
                                      values=values, status_code=400)
        await db.commit()
        return Redirect(f"{tenant.base_path}/backoffice/proces/{case.id}", status_code=303)

    @post("/document", name="processes:backoffice_document")
    async def document(self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                       employee: NamedDependency[Employee], case: NamedDependency[Case], request: Request) -> Response:
        data = await request.form()
        definition = _definition(tenant, case.scheme)
        values = {"document": str(data.get("document", "")), "text": str(data.get("text", ""))}
        try:
            await flow.write_document(db, definition=definition, case=case, employee=employee,
                                      document=values["document"], text=values["text"])
        except CaseActionRefused as refused:
            await db.rollback()
            await db.refresh(case)
            return await self._render(db, tenant, case, errors={"text": refused.message}, values=values,
                                      status_code=400)
        await db.commit()
        return Redirect(f"{tenant.base_path}/backoffice/proces/{case.id}", status_code=303)


ROUTE_HANDLERS = (ProcessStartController, ProcessCaseController, ProcessBackofficeController)
