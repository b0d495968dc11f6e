"""The work coach's pages: the caseload (and the intake list), client search, the client
record (personal details, cases, appointments, plan, contact moments) with the plan editor,
and a senior assigning clients. Every look at a client's record is audited."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.audit.service import record
from portal.auth.guards import requires_role
from portal.auth.models import Citizen, Employee
from portal.i18n import N_
from portal.tenancy import Tenant
from portal.werk import service
from portal.werk.config import werk_config
from portal.werk.models import WerkContactMoment, WerkJobApplication, WerkPlanAction
from portal.werk.routes_citizen import HOW, RESULTS

STAFF = requires_role(*service.STAFF_ROLES)
CHANNELS = {"phone": N_("Phone"), "counter": N_("At the counter"), "mail": N_("Mail"), "home-visit": N_("Home visit")}
FILTERS = ("all", "overdue", "to-agree", "no-plan")
# The case statuses in the back office's words (the same msgids as the work queue).
STATUS_LABELS = {
    "received": N_("Application received"),
    "in_progress": N_("Being handled"),
    "info_needed": N_("More information needed"),
    "decided": N_("Decision"),
    "ended": N_("Entitlement ended"),
}


async def _client_or_404(db: AsyncSession, tenant: Tenant, employee: Employee, citizen_id: uuid.UUID):
    citizen = await db.get(Citizen, citizen_id)
    if citizen is None:
        raise NotFoundException()
    client = await service.client_row(db, citizen.id)
    if not service.may_see(employee, client, tenant):
        raise NotFoundException()
    return citizen, client


async def record_context(db: AsyncSession, tenant: Tenant, employee: Employee, citizen: Citizen, client) -> dict:
    from portal.appointments.service import list_for_citizen
    from portal.cases.service import Case

    cases = list((await db.scalars(select(Case).where(Case.citizen_id == citizen.id).order_by(Case.submitted_at.desc()))).all())
    plan = await service.plan_of(db, citizen.id)
    contacts = list((await db.execute(
        select(WerkContactMoment, Employee.name).join(Employee, Employee.id == WerkContactMoment.employee_id)
        .where(WerkContactMoment.citizen_id == citizen.id)
        .order_by(WerkContactMoment.happened_on.desc(), WerkContactMoment.created_at.desc()))).all())
    coach = None
    if client is not None and client.coach_id:
        # The coach looking at their own client is known already: no query for that.
        coach = employee if client.coach_id == employee.id else await db.get(Employee, client.coach_id)
    return {
        "tenant": tenant, "config": werk_config(tenant), "citizen": citizen, "client": client, "coach": coach,
        "cases": cases, "appointments": await list_for_citizen(db, citizen.id), "plan": plan,
        "actions": await service.actions_of(db, plan), "versions": await service.versions_of(db, plan),
        "contacts": contacts, "applications": await service.applications_of(db, citizen.id, limit=20),
        "progress": await service.progress(db, citizen.id, client),
        "coaches": await service.coaches(db) if employee.has_role("senior") else [],
        "is_senior": employee.has_role("senior"), "today": clock.today(), "channels": CHANNELS, "status_labels": STATUS_LABELS,
        "how_options": HOW, "result_options": RESULTS, "request_id": str(uuid.uuid4()),
    }


async def _record_page(request, db, tenant, employee, citizen_id, *, errors=None, values=None, status_code=200) -> Template:
    citizen, client = await _client_or_404(db, tenant, employee, citizen_id)
    context = await record_context(db, tenant, employee, citizen, client)
    # A look at a citizen's file: it shows in their "who looked at my file" (per case).
    await record(db, actor=employee, action="werk.client_viewed", subject=f"citizen:{citizen.id}",
                 detail={"cases": len(context["cases"])})
    for case in context["cases"]:
        await record(db, actor=employee, action="case.viewed", case_id=case.id, subject=f"citizen:{citizen.id}",
                     detail={"via": "werk.client_record"})
    await db.commit()
    context.update(errors=errors or {}, values=values or {"happened_on": clock.today().isoformat()},
                   notice=request.query_params.get("done"))
    return Template("werk/backoffice/client.html", context=context, status_code=status_code)


async def _refused(request, db, tenant, employee, citizen_id, refused: service.WerkRefused, values: dict) -> Template:
    await db.rollback()
    await db.refresh(employee)
    return await _record_page(request, db, tenant, employee, citizen_id, values=values, status_code=400,
                              errors={refused.field or "form": refused.message()})


class CaseloadController(Controller):
    path = "/{tenant_slug:str}/backoffice/werk"
    guards = [STAFF]

    @get("/", name="werk:caseload")
    async def caseload(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                       employee: NamedDependency[Employee]) -> Template:
        await service.sync_intake(db)
        wanted = request.query_params.get("filter", "all")
        wanted = wanted if wanted in FILTERS else "all"
        coach_id = employee.id
        chosen = request.query_params.get("coach")
        if chosen and employee.has_role("senior"):
            try:
                coach_id = uuid.UUID(chosen)
            except ValueError:
                coach_id = employee.id
        rows = await service.caseload(db, coach_id)
        intake = await service.caseload(db, None, intake=True) if employee.has_role("senior") else []
        counts = {"all": len(rows), "overdue": sum(1 for r in rows if r.overdue),
                  "to-agree": sum(1 for r in rows if r.plan_state == "to-agree"),
                  "no-plan": sum(1 for r in rows if r.plan_state in ("none", "draft"))}
        shown = [r for r in rows if wanted == "all" or (wanted == "overdue" and r.overdue)
                 or (wanted == "to-agree" and r.plan_state == "to-agree")
                 or (wanted == "no-plan" and r.plan_state in ("none", "draft"))]
        await record(db, actor=employee, action="werk.caseload_viewed", subject=f"coach:{coach_id}",
                     detail={"clients": len(rows), "intake": len(intake)})
        await db.commit()
        return Template("werk/backoffice/caseload.html", context={
            "tenant": tenant, "rows": shown, "counts": counts, "filter": wanted, "intake": intake,
            "coaches": await service.coaches(db) if employee.has_role("senior") else [], "coach_id": coach_id,
            "is_senior": employee.has_role("senior"), "today": clock.today(), "filters": FILTERS,
        })

    @get("/clients", name="werk:search")
    async def search(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                     employee: NamedDependency[Employee]) -> Template:
        query = (request.query_params.get("q") or "").strip()[:100]
        found = await service.search_clients(db, query)
        clients = {c.citizen_id: c for c in (await db.scalars(select(service.WerkClient).where(
            service.WerkClient.citizen_id.in_([f.id for f in found])))).all()} if found else {}
        found = [f for f in found if service.may_see(employee, clients.get(f.id), tenant)]
        if query:
            await record(db, actor=employee, action="werk.clients_searched", detail={"found": len(found)})
            await db.commit()
        return Template("werk/backoffice/search.html", context={"tenant": tenant, "query": query, "found": found,
                                                                "values": {"q": query}})

    @get("/clients/{citizen_id:uuid}", name="werk:client")
    async def client(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                     db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Template:
        return await _record_page(request, db, tenant, employee, citizen_id)

    @post("/clients/{citizen_id:uuid}/contacts", name="werk:contact")
    async def contact(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                      db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("channel", "happened_on", "note")}
        try:
            await service.add_contact(db, citizen_id=citizen_id, employee=employee, request_id=str(form.get("request_id", "")),
                                      **values)
        except service.WerkRefused as refused:
            return await _refused(request, db, tenant, employee, citizen_id, refused, values)
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=contact#contacts", status_code=303)

    @post("/clients/{citizen_id:uuid}/plan", name="werk:plan")
    async def plan(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                   db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("route_id", "goals")}
        try:
            await service.save_plan(db, citizen_id=citizen_id, coach=employee, **values)
        except service.WerkRefused as refused:
            return await _refused(request, db, tenant, employee, citizen_id, refused, values)
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=plan#plan", status_code=303)

    @post("/clients/{citizen_id:uuid}/actions", name="werk:add-action")
    async def add_action(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                         db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("title", "owner", "due_on", "offer_id")}
        try:
            await service.add_action(db, citizen_id=citizen_id, coach=employee, title=values["title"], owner=values["owner"],
                                     due_on=values["due_on"], offer_id=values["offer_id"] or None)
        except service.WerkRefused as refused:
            return await _refused(request, db, tenant, employee, citizen_id, refused, values)
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=action#plan", status_code=303)

    @post("/clients/{citizen_id:uuid}/offer", name="werk:offer-plan")
    async def offer(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                    db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        try:
            await service.offer_plan(db, citizen_id=citizen_id, coach=employee)
        except service.WerkRefused as refused:
            return await _refused(request, db, tenant, employee, citizen_id, refused, {})
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=offered#plan", status_code=303)

    @post("/clients/{citizen_id:uuid}/exemption", name="werk:exemption")
    async def exemption(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                        db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("exempt_reason", "exempt_until")}
        try:
            await service.grant_exemption(db, employee=employee, citizen_id=citizen_id, reason=values["exempt_reason"],
                                          until=values["exempt_until"])
        except service.WerkRefused as refused:
            await db.rollback()
            await db.refresh(employee)
            return await _record_page(request, db, tenant, employee, citizen_id, values=values, status_code=400,
                                      errors={p.field: p.message() for p in getattr(refused, "problems", [refused])})
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=exemption#applications", status_code=303)

    @post("/clients/{citizen_id:uuid}/assign", name="werk:assign")
    async def assign(self, request: Request, citizen_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
                     db: NamedDependency[AsyncSession], employee: NamedDependency[Employee]) -> Response:
        await _client_or_404(db, tenant, employee, citizen_id)
        form = await request.form()
        try:
            await service.assign(db, senior=employee, citizen_id=citizen_id, coach_id=str(form.get("coach_id", "")))
        except service.WerkRefused as refused:
            return await _refused(request, db, tenant, employee, citizen_id, refused, {"coach_id": str(form.get("coach_id", ""))})
        return Redirect(f"{tenant.base_path}/backoffice/werk/clients/{citizen_id}?done=assigned", status_code=303)


ROUTE_HANDLERS = (CaseloadController,)
