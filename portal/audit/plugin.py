"""The audit log: its table, `portal audit verify`, and the worker's chaining of new entries."""

from portal.audit.cli import audit
from portal.audit.service import chain_new_entries
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(
    name="audit", models="portal.audit.models", cli_commands=(audit,), worker_rounds=(chain_new_entries,),
)
