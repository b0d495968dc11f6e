"""Uploaded documents: their table, the shared download route, the document store, the
per-citizen quota (documents.toml) and the hourly sweep of files without a row."""

from portal.documents.cli import documents
from portal.documents.config import SECTION
from portal.documents.routes import DEPENDENCIES, ROUTE_HANDLERS
from portal.documents.service import SWEEP_JOB, run_sweep_job
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(
    name="documents",
    models="portal.documents.models",
    route_handlers=ROUTE_HANDLERS,
    dependencies=DEPENDENCIES,
    tenant_sections=(SECTION,),
    outbox_handlers={SWEEP_JOB: run_sweep_job},
    cli_commands=(documents,),
)
