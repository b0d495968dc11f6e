"""The audit log: its table and `portal audit verify`."""

from portal.audit.cli import audit
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(name="audit", models="portal.audit.models", cli_commands=(audit,))
