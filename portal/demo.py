"""Loading the demo data of every domain, for every tenant.

A domain with demo data names its loader in its plugin (`demo_loader`); each loader
must be idempotent, so `make run` can load it again safely.
"""

from __future__ import annotations

from portal.db import Database
from portal.domains import load_tenants, registry
from portal.i18n import load_catalogs
from portal.tenancy.scope import Site


class DemoRefused(RuntimeError):
    pass


async def load_all(settings) -> None:
    if settings.production:
        # Demo citizens have real-looking BSNs and households: never among real people.
        raise DemoRefused("demo data is not loaded while PORTAL_ENV=production")
    domains = registry()
    domains.import_models()
    load_catalogs(settings.locales_dir)
    tenants = load_tenants(settings.tenants_dir)
    database = Database.from_settings(settings, tenants=tenants, site=Site.from_settings(settings))
    try:
        for load_demo in domains.demo_loaders:
            for tenant in tenants.values():
                await load_demo(database, tenant, settings)
    finally:
        await database.dispose()
