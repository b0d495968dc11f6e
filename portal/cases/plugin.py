"""Cases (zaken): the citizen's case pages, status types and terms as tenant data."""

from portal.cases.config import SECTION
from portal.cases.routes import ROUTE_HANDLERS, dashboard_cases
from portal.i18n import N_
from portal.cases.demo import load_demo
from portal.plugin import DomainPlugin, PageSection

PLUGIN = DomainPlugin(
    name="cases",
    models="portal.cases.models",
    route_handlers=ROUTE_HANDLERS,
    dashboard_sections=(PageSection("cases", N_("My cases"), "cases/dashboard.html", dashboard_cases, order=20),),
    tenant_sections=(SECTION,),
    demo_loader=load_demo,
)
