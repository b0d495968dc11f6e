"""`portal applications purge-drafts`: remove drafts past the retention period now."""

from __future__ import annotations

import asyncio

import click

from portal.settings import load_settings


@click.group("applications")
def applications() -> None:
    """Applications: drafts and submissions."""


@applications.command("purge-drafts")
def purge_drafts() -> None:
    """Remove drafts never sent, older than each tenant's retention period."""
    from portal.applications.retention import purge_expired_drafts
    from portal.db import Database
    from portal.documents.store import store_for
    from portal.domains import import_models
    from portal.tenancy import load_tenants

    settings = load_settings()
    import_models()
    tenants = load_tenants(settings.tenants_dir)

    async def _run() -> None:
        database = Database(settings.database_url, app_role=None if settings.is_sqlite else settings.database_app_role)
        try:
            for tenant in tenants.values():
                async with database.session(tenant.slug) as session:
                    removed = await purge_expired_drafts(session, tenant, store_for(settings))
                    await session.commit()
                click.echo(f"{tenant.slug}: {removed}")
        finally:
            await database.dispose()

    asyncio.run(_run())


commands = [applications]
