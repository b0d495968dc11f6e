"""The processes of a tenant: every `tenants/<slug>/processes/*.toml`, one per case type."""

from __future__ import annotations

from portal.processes.definition import ProcessDefinition, check
from portal.tenancy import section

SECTION = section("processes", ProcessDefinition, filename="processes/*.toml", required=False, check=check)


def processes_of(tenant) -> dict[str, ProcessDefinition]:
    """Case type id -> definition."""
    return {d.id: d for d in (tenant.sections.get("processes") or {}).values()}


def process(tenant, process_id: str) -> ProcessDefinition | None:
    return processes_of(tenant).get(process_id)


def citizen_processes(tenant) -> list[ProcessDefinition]:
    """What a citizen can start from the portal, in the files' order."""
    return [d for d in processes_of(tenant).values()
            if d.handled_by == "processes" and d.citizen_starts and d.start_form() is not None]
