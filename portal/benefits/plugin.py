"""Benefits: the running uitkering after a bijstand grant - declarations, payments, specifications."""

from portal.benefits.cli import benefits
from portal.benefits.config import SECTION
from portal.benefits.demo import load_demo
from portal.benefits.payments import payment_round
from portal.benefits.reminders import reminder_round
from portal.benefits.routes_backoffice import ROUTE_HANDLERS as BACKOFFICE_HANDLERS
from portal.benefits.routes_backoffice import home_section
from portal.benefits.routes_citizen import ROUTE_HANDLERS as CITIZEN_HANDLERS
from portal.benefits.routes_citizen import dashboard_section
from portal.benefits.service import start_benefits_round
from portal.i18n import N_
from portal.plugin import DomainPlugin, PageSection

PLUGIN = DomainPlugin(
    name="benefits",
    models="portal.benefits.models",
    route_handlers=(*CITIZEN_HANDLERS, *BACKOFFICE_HANDLERS),
    dashboard_sections=(PageSection("benefits", N_("Your benefit"), "benefits/dashboard.html", dashboard_section, order=25),),
    backoffice_sections=(PageSection("benefits", N_("Benefits"), "benefits/backoffice/home_section.html", home_section, order=30),),
    tenant_sections=(SECTION,),
    cli_commands=(benefits,),
    demo_loader=load_demo,
    # A granted bijstand case starts its benefit (the decision is the hook); reminders before
    # and after the declaration's due day; on the payment day the past month is paid.
    worker_rounds=(start_benefits_round, reminder_round, payment_round),
)
