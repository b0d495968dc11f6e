"""The auth domain: login, logout, sessions, "Mijn overzicht" and the back-office home."""

from portal.auth.config import SECTION
from portal.auth.profile import ROUTE_HANDLERS as PROFILE_HANDLERS
from portal.auth.routes import DEPENDENCIES, ROUTE_HANDLERS, refuse_builtin_in_production
from portal.auth.templating import TEMPLATE_GLOBALS
from portal.auth.demo import load_demo
from portal.plugin import DomainPlugin, HomePartial

PLUGIN = DomainPlugin(
    name="auth",
    models="portal.auth.models",
    route_handlers=(*ROUTE_HANDLERS, *PROFILE_HANDLERS),
    dependencies=DEPENDENCIES,
    on_startup=(refuse_builtin_in_production,),
    template_globals=TEMPLATE_GLOBALS,
    home_partials=(HomePartial("auth/home_entry.html", order=10),),
    tenant_sections=(SECTION,),
    demo_loader=load_demo,
)
