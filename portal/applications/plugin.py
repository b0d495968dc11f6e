"""Applying: drafts per scheme (forms are tenant data), uploads, submission into a case."""

from portal.applications.cli import applications
from portal.applications.dashboard import load_drafts, load_offer
from portal.applications.forms import SECTIONS
from portal.applications.retention import JOB, run_job
from portal.applications.routes import ROUTE_HANDLERS
from portal.i18n import N_
from portal.plugin import DomainPlugin, HomePartial, PageSection

PLUGIN = DomainPlugin(
    name="applications",
    models="portal.applications.models",
    route_handlers=ROUTE_HANDLERS,
    home_partials=(HomePartial("applications/home_entry.html", order=20),),
    dashboard_sections=(
        PageSection("applications", N_("Applications not sent yet"), "applications/dashboard.html", load_drafts, order=10),
        PageSection("apply", N_("Apply for something"), "applications/dashboard_apply.html", load_offer, order=40),
    ),
    outbox_handlers={JOB: run_job},
    tenant_sections=SECTIONS,
    cli_commands=(applications,),
)
