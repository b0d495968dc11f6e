"""Loading the demo data of every domain, for every tenant.

Each domain with demo data has `demo.py` with `async def load_demo(database, tenant,
settings)`; it must be idempotent, so `make run` can load it again safely.
"""

from __future__ import annotations

import importlib
import importlib.util

from portal.db import Database
from portal.domains import DOMAINS, import_models, route_modules
from portal.i18n import load_catalogs
from portal.tenancy import load_tenants


async def load_all(settings) -> None:
    import_models()
    route_modules()
    load_catalogs(settings.locales_dir)
    tenants = load_tenants(settings.tenants_dir)
    database = Database(settings.database_url, app_role=None if settings.is_sqlite else settings.database_app_role)
    try:
        for domain in DOMAINS:
            name = f"{domain}.demo"
            try:
                found = importlib.util.find_spec(name)
            except ModuleNotFoundError:
                continue
            if not found:
                continue
            module = importlib.import_module(name)
            for tenant in tenants.values():
                await module.load_demo(database, tenant, settings)
    finally:
        await database.dispose()
