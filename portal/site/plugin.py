"""The site domain: the public pages every tenant has."""

from portal.plugin import DomainPlugin
from portal.site.routes import ROUTE_HANDLERS
from portal.i18n.vocabulary import scheme_name, scheme_summary

PLUGIN = DomainPlugin(
    name="site",
    route_handlers=ROUTE_HANDLERS,
    template_globals={"scheme_name": scheme_name, "scheme_summary": scheme_summary},
)
