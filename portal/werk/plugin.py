"""Werk: the work coach's client record, caseload and plans; the citizen's "Mijn werk"."""

from __future__ import annotations

from datetime import date

from portal.i18n import N_
from portal.plugin import DomainPlugin, PageSection
from portal.werk import service
from portal.werk.config import OFFER_KINDS, SECTION
from portal.werk.demo import load_demo
from portal.werk.routes_backoffice import ROUTE_HANDLERS as BACKOFFICE_HANDLERS
from portal.werk.routes_citizen import ROUTE_HANDLERS as CITIZEN_HANDLERS


async def dashboard_section(session, citizen, tenant) -> dict:
    plan = await service.plan_of(session, citizen.id)
    return {"werk_plan": plan, "werk_open": [a for a in await service.actions_of(session, plan) if a.state == "open"]}


async def home_section(session, employee, tenant) -> dict:
    return {"werk_staff": any(employee.has_role(r) for r in service.STAFF_ROLES)}


PLUGIN = DomainPlugin(
    name="werk",
    models="portal.werk.models",
    route_handlers=(*CITIZEN_HANDLERS, *BACKOFFICE_HANDLERS),
    template_globals={
        "werk_day": lambda text: date.fromisoformat(text) if text else None,
        "offer_kind": lambda kind: OFFER_KINDS.get(kind, kind),
    },
    dashboard_sections=(PageSection("werk", N_("My work"), "werk/dashboard.html", dashboard_section, order=35),),
    backoffice_sections=(PageSection("werk", N_("Work and activation"), "werk/backoffice/home_section.html", home_section, order=25),),
    tenant_sections=(SECTION,),
    demo_loader=load_demo,
)
