"""Mijn werk: the citizen's plan (read, agree, earlier versions), actions (done with a note
and proof), job applications against the monthly target, and enrolling in offers."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen
from portal.documents.store import DocumentStore
from portal.i18n import N_
from portal.tenancy import Tenant
from portal.werk import service
from portal.werk.config import werk_config
from portal.werk.models import WerkJobApplication, WerkPlanAction

UPLOAD_BODY_LIMIT = 12 * 1024 * 1024  # one file of at most 10 MB, with room for the form
APPLICATION_FIELDS = ("employer", "position", "applied_on", "how", "result")


async def werk_context(db: AsyncSession, tenant: Tenant, citizen: Citizen) -> dict:
    plan = await service.plan_of(db, citizen.id)
    current = await service.version(db, plan, plan.current_version) if plan and plan.current_version else None
    actions = {str(a.id): a for a in await service.actions_of(db, plan)}
    client = await service.client_row(db, citizen.id)
    return {
        "tenant": tenant, "config": werk_config(tenant), "plan": plan, "current": current, "actions": actions,
        "versions": await service.versions_of(db, plan), "progress": await service.progress(db, citizen.id, client),
        "applications": await service.applications_of(db, citizen.id, limit=20),
        "offers": await service.offer_states(db, citizen.id), "today": clock.today(),
        "how_options": HOW, "result_options": RESULTS,
    }


HOW = {"letter": N_("Letter"), "email": N_("Email"), "online": N_("Online form"), "phone": N_("Phone"), "in-person": N_("In person")}
RESULTS = {"waiting": N_("Waiting for an answer"), "interview": N_("Invited for an interview"), "rejected": N_("Rejected"),
           "hired": N_("Hired")}


async def _page(request, db, tenant, citizen, *, errors=None, values=None, notice=None, status_code=200) -> Template:
    context = await werk_context(db, tenant, citizen)
    context.update(errors=errors or {}, values=values or {"applied_on": clock.today().isoformat()},
                   notice=notice or request.query_params.get("done"), request_id=str(uuid.uuid4()))
    return Template("werk/mijn_werk.html", context=context, status_code=status_code)


async def _action(db, citizen: Citizen, action_id: uuid.UUID) -> WerkPlanAction:
    action = await db.scalar(select(WerkPlanAction).where(WerkPlanAction.id == action_id,
                                                          WerkPlanAction.citizen_id == citizen.id))
    if action is None:
        raise NotFoundException()
    return action


class MijnWerkController(Controller):
    path = "/{tenant_slug:str}/werk"

    @get("/", name="werk:mine")
    async def mine(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                   citizen: NamedDependency[Citizen]) -> Template:
        return await _page(request, db, tenant, citizen)

    @post("/plan/agree", name="werk:agree")
    async def agree(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                    citizen: NamedDependency[Citizen]) -> Response:
        form = await request.form()
        try:
            await service.agree(db, citizen=citizen, number=form.get("version", ""))
        except service.WerkRefused as refused:
            await db.rollback()
            await db.refresh(citizen)
            return await _page(request, db, tenant, citizen, errors={"version": refused.message()}, status_code=409
                               if isinstance(refused, service.PlanOutdated) else 400)
        return Redirect(f"{tenant.base_path}/werk?done=agreed#notice", status_code=303)

    @get("/plan/versions/{number:int}", name="werk:version")
    async def old_version(self, number: FromPath[int], tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          citizen: NamedDependency[Citizen]) -> Template:
        plan = await service.plan_of(db, citizen.id)
        offered = await service.version(db, plan, number) if plan and 0 < number < 10**6 else None
        if offered is None:
            raise NotFoundException()
        return Template("werk/version.html", context={"tenant": tenant, "config": werk_config(tenant), "plan": plan,
                                                      "version": offered, "base": f"{tenant.base_path}/werk"})

    @get("/acties/{action_id:uuid}", name="werk:action")
    async def action_page(self, action_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                          db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen]) -> Template:
        action = await _action(db, citizen, action_id)
        return Template("werk/action.html", context={"tenant": tenant, "action": action, "errors": {}, "values": {},
                                                     "config": werk_config(tenant)})

    @post("/acties/{action_id:uuid}", name="werk:action-done", request_max_body_size=UPLOAD_BODY_LIMIT)
    async def action_done(self, request: Request, action_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                          db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen],
                          document_store: NamedDependency[DocumentStore]) -> Response:
        await _action(db, citizen, action_id)
        form = await request.form()
        upload = form.get("file")
        data, filename = (await upload.read(), upload.filename) if isinstance(upload, UploadFile) and upload.filename else (None, None)
        try:
            await service.mark_done(db, document_store, citizen=citizen, action_id=action_id, note=form.get("note", ""),
                                    filename=filename, data=data)
        except service.WerkRefused as refused:
            await db.rollback()
            await db.refresh(citizen)
            action = await _action(db, citizen, action_id)
            return Template("werk/action.html", context={"tenant": tenant, "action": action, "config": werk_config(tenant),
                                                         "errors": {refused.field or "note": refused.message()},
                                                         "values": {"note": form.get("note", "")}}, status_code=400)
        return Redirect(f"{tenant.base_path}/werk?done=action#notice", status_code=303)

    @post("/sollicitaties", name="werk:application")
    async def application(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          citizen: NamedDependency[Citizen]) -> Response:
        form = await request.form()
        values = {name: str(form.get(name, "")) for name in APPLICATION_FIELDS}
        try:
            await service.report_application(db, citizen=citizen, request_id=str(form.get("request_id", "")), **values)
        except service.WerkRefused as refused:
            await db.rollback()
            await db.refresh(citizen)
            problems = getattr(refused, "problems", [refused])
            return await _page(request, db, tenant, citizen, values=values, status_code=400,
                               errors={p.field: p.message() for p in problems})
        return Redirect(f"{tenant.base_path}/werk?done=application#applications", status_code=303)

    @post("/aanbod/{offer_id:str}", name="werk:enrol")
    async def enrol(self, request: Request, offer_id: FromPath[str], tenant: NamedDependency[Tenant],
                    db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen]) -> Response:
        try:
            await service.enrol(db, citizen_id=citizen.id, offer_id=offer_id)
        except service.WerkRefused as refused:
            await db.rollback()
            await db.refresh(citizen)
            return await _page(request, db, tenant, citizen, errors={"offers": refused.message()}, status_code=400)
        return Redirect(f"{tenant.base_path}/werk?done=enrolled#offers", status_code=303)

    @post("/inschrijvingen/{enrolment_id:uuid}/cancel", name="werk:cancel-enrolment")
    async def cancel(self, enrolment_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                     db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen]) -> Response:
        try:
            await service.cancel_enrolment(db, citizen_id=citizen.id, enrolment_id=enrolment_id)
        except LookupError:
            raise NotFoundException() from None
        return Redirect(f"{tenant.base_path}/werk?done=cancelled#offers", status_code=303)


ROUTE_HANDLERS = (MijnWerkController,)
