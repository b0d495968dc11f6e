"""`portal audit verify`: check every tenant's audit chain; non-zero exit on a break."""

from __future__ import annotations

import asyncio
import sys

import click


async def verify_all(database, tenant_slugs) -> list:
    from portal.audit.service import verify

    problems = []
    for slug in tenant_slugs:
        async with database.session(slug) as session:
            problems += await verify(session)
    return problems


@click.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@click.pass_obj
def audit_verify(context) -> None:
    """Check the hash chain of every tenant's audit log."""
    from portal.db import Database

    settings = context.settings
    # The folder names are enough: checking the log must not depend on every domain's
    # configuration being valid at that moment.
    tenants = sorted(p.name for p in settings.tenants_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    database = Database.from_settings(settings)

    async def _run() -> list:
        try:
            return await verify_all(database, list(tenants))
        finally:
            await database.dispose()

    problems = asyncio.run(_run())
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the audit log", err=True)
        sys.exit(1)
    click.echo(f"audit log intact for {len(tenants)} tenants: {', '.join(tenants)}")
