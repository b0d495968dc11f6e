"""The back office: work queue, case file and its actions, audit log, tenant admin."""

from portal.backoffice import overrides
from portal.backoffice.queue_routes import QueueAssignController
from portal.backoffice.routes import ROUTE_HANDLERS, TEMPLATE_GLOBALS, home_section
from portal.i18n import N_
from portal.backoffice.demo import load_demo
from portal.plugin import DomainPlugin, PageSection

PLUGIN = DomainPlugin(
    name="backoffice",
    models="portal.backoffice.models",
    route_handlers=(*ROUTE_HANDLERS, QueueAssignController),
    on_startup=(overrides.start,),
    template_globals=TEMPLATE_GLOBALS,
    backoffice_sections=(PageSection("queue", N_("Work queue"), "backoffice/home_section.html", home_section, order=10),),
    demo_loader=load_demo,
)
