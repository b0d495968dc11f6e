"""`portal documents sweep`: remove stored files that no document row points at."""

from __future__ import annotations

import asyncio

import click


@click.group("documents")
def documents() -> None:
    """Uploaded documents."""


@documents.command("sweep")
@click.option("--minutes", default=60, show_default=True, help="Leave files younger than this (an upload may still be under way).")
@click.pass_obj
def sweep(context, minutes: int) -> None:
    """Remove stored files without a document row (left by a crash), per tenant."""
    from datetime import timedelta

    from portal.db import Database
    from portal.documents.service import sweep_orphan_files
    from portal.documents.store import store_for

    settings, tenants = context.settings, context.tenants

    async def _run() -> None:
        database = Database.from_settings(settings, tenants=tenants)
        try:
            for tenant in tenants.values():
                async with database.session(tenant.slug) as session:
                    removed = await sweep_orphan_files(session, store_for(settings, database.engine), tenant.slug,
                                                       older_than=timedelta(minutes=minutes))
                click.echo(f"{tenant.slug}: {removed} file(s) removed")
        finally:
            await database.dispose()

    asyncio.run(_run())
