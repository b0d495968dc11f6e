"""`portal applications purge-drafts`: remove drafts past the retention period now."""

from __future__ import annotations

import asyncio

import click


@click.group("applications")
def applications() -> None:
    """Applications: drafts and submissions."""


@applications.command("purge-drafts")
@click.pass_obj
def purge_drafts(context) -> None:
    """Remove drafts never sent, older than each tenant's retention period."""
    from portal.applications.retention import purge_expired_drafts
    from portal.db import Database
    from portal.documents.store import store_for

    settings, tenants = context.settings, context.tenants

    async def _run() -> None:
        database = Database.from_settings(settings, tenants=tenants)
        try:
            for tenant in tenants.values():
                async with database.session(tenant.slug) as session:
                    removed = await purge_expired_drafts(session, tenant, store_for(settings, database.engine))
                    await session.commit()
                click.echo(f"{tenant.slug}: {removed}")
        finally:
            await database.dispose()

    asyncio.run(_run())
