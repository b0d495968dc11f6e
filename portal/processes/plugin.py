"""Processes: case types whose steps, terms, forms and letters are tenant data."""

from __future__ import annotations

from portal.i18n import N_
from portal.plugin import DomainPlugin, HomePartial, PageSection
from portal.processes.backoffice import process_name, urgent_section
from portal.processes.config import SECTION, citizen_processes
from portal.processes.demo import load_demo
from portal.processes.routes import ROUTE_HANDLERS

PLUGIN = DomainPlugin(
    name="processes",
    models="portal.processes.models",
    route_handlers=ROUTE_HANDLERS,
    tenant_sections=(SECTION,),
    demo_loader=load_demo,
    template_globals={"process_name": process_name, "citizen_processes": citizen_processes},
    home_partials=(HomePartial("processes/home_entry.html", order=45),),
    # Before the work queue's summary: urgent debt-help requests with their 3-working-day term.
    backoffice_sections=(PageSection("urgent", N_("Urgent requests"), "processes/backoffice_urgent.html",
                                     urgent_section, order=5),),
)
