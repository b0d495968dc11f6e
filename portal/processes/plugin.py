"""Processes: case types whose steps, terms, forms and letters are tenant data."""

from __future__ import annotations

from portal.plugin import DomainPlugin
from portal.processes.config import SECTION
from portal.processes.routes import ROUTE_HANDLERS

PLUGIN = DomainPlugin(
    name="processes",
    models="portal.processes.models",
    route_handlers=ROUTE_HANDLERS,
    tenant_sections=(SECTION,),
)
