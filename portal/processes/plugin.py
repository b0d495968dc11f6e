"""Processes: case types whose steps, terms, forms and letters are tenant data."""

from __future__ import annotations

from portal.plugin import DomainPlugin
from portal.processes.config import SECTION

PLUGIN = DomainPlugin(
    name="processes",
    tenant_sections=(SECTION,),
)
