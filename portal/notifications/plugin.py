"""The notifications domain: the outbox's email handler and the development mail page."""

from portal.notifications.email import EMAIL, send_email
from portal.notifications.routes import ROUTE_HANDLERS
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(
    name="notifications",
    models="portal.notifications.models",
    route_handlers=ROUTE_HANDLERS,
    outbox_handlers={EMAIL: send_email},
)
