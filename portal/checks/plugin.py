"""The anonymous pre-check "what could I get", built on the rules engine."""

from portal.checks.routes import ROUTE_HANDLERS
from portal.plugin import DomainPlugin, HomePartial

PLUGIN = DomainPlugin(
    name="checks",
    route_handlers=ROUTE_HANDLERS,
    home_partials=(HomePartial("checks/home_entry.html", order=10),),
)
