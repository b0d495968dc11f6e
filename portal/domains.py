"""The domains the portal is made of, in the order their routes and sections are added.

Each domain package has a `plugin.py` with one `DomainPlugin` (see portal/plugin.py)
saying what it brings. A new domain is a folder with such a plugin and a line here.
"""

from __future__ import annotations

from pathlib import Path

from portal.plugin import CommandContext, DomainPlugin, Registry
from portal.tenancy import Tenant
from portal.tenancy import load_tenants as load_tenant_folders


def domains() -> tuple[DomainPlugin, ...]:
    from portal.applications.plugin import PLUGIN as applications
    from portal.appointments.plugin import PLUGIN as appointments
    from portal.audit.plugin import PLUGIN as audit
    from portal.auth.plugin import PLUGIN as auth
    from portal.backoffice.plugin import PLUGIN as backoffice
    from portal.benefits.plugin import PLUGIN as benefits
    from portal.cases.plugin import PLUGIN as cases
    from portal.checks.plugin import PLUGIN as checks
    from portal.documents.plugin import PLUGIN as documents
    from portal.i18n.plugin import PLUGIN as i18n
    from portal.notifications.plugin import PLUGIN as notifications
    from portal.processes.plugin import PLUGIN as processes
    from portal.site.plugin import PLUGIN as site
    from portal.werk.plugin import PLUGIN as werk

    return (i18n, site, notifications, audit, auth, checks, documents, applications, cases, backoffice, appointments, benefits, processes, werk)


def registry() -> Registry:
    return Registry(domains())


def import_models() -> None:
    """Make every domain's tables known to the ORM and Alembic."""
    registry().import_models()


def load_tenants(tenants_dir: Path, *, check_contrast: bool = False) -> dict[str, Tenant]:
    """Every tenant folder with the configuration sections of every domain."""
    return load_tenant_folders(tenants_dir, registry().tenant_sections, check_contrast=check_contrast)


def command_context(settings) -> CommandContext:
    """What every `portal` command is handed: the settings, the registry, the tenants."""
    domains = registry()
    domains.import_models()
    return CommandContext(settings=settings, registry=domains, load_tenants=lambda: load_tenants(settings.tenants_dir))
