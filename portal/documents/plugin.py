"""Uploaded documents: their table, the shared download route and the document store."""

from portal.documents.routes import DEPENDENCIES, ROUTE_HANDLERS
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(
    name="documents",
    models="portal.documents.models",
    route_handlers=ROUTE_HANDLERS,
    dependencies=DEPENDENCIES,
)
