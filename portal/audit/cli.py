"""`portal audit verify`: chain what is pending, check every tenant's audit chain, leave a
checkpoint where it is intact; non-zero exit on a break."""

from __future__ import annotations

import asyncio
import sys

import click


async def verify_all(database, tenant_slugs, *, incremental: bool = False) -> tuple[list, int]:
    """(problems, entries read) over every tenant."""
    from portal.audit.service import verify_and_checkpoint

    problems, checked = [], 0
    for slug in tenant_slugs:
        async with database.session(slug) as session:
            walked = await verify_and_checkpoint(session, incremental=incremental)
        problems += walked.problems
        checked += walked.checked
    return problems, checked


@click.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@click.option("--incremental", is_flag=True,
              help="Check only the entries after the last checkpoint (daily); without it, the whole log.")
@click.pass_obj
def audit_verify(context, incremental: bool) -> None:
    """Check the hash chain of every tenant's audit log."""
    from portal.db import Database

    settings = context.settings
    # The folder names are enough: checking the log must not depend on every domain's
    # configuration being valid at that moment.
    tenants = sorted(p.name for p in settings.tenants_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    database = Database.from_settings(settings)

    async def _run() -> tuple[list, int]:
        try:
            return await verify_all(database, list(tenants), incremental=incremental)
        finally:
            await database.dispose()

    problems, checked = asyncio.run(_run())
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the audit log", err=True)
        sys.exit(1)
    since = " since the last checkpoint" if incremental else ""
    click.echo(f"audit log intact for {len(tenants)} tenants: {', '.join(tenants)} ({checked} entries checked{since})")
