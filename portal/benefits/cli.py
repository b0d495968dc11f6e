"""`portal benefits pay --tenant X --month YYYY-MM`: the month's payment run and its SEPA file."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

import click


@click.group()
def benefits() -> None:
    """Running benefits: payment runs."""


@benefits.command("pay")
@click.option("--tenant", "slug", required=True, help="The tenant's slug, e.g. amsterdam.")
@click.option("--month", required=True, help="The month paid, YYYY-MM.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the SEPA file (pain.001) here.")
@click.pass_obj
def pay(context, slug: str, month: str, out: Path | None) -> None:
    """Pay every running benefit's month once; held ones are listed."""
    from portal.benefits.payments import HOLD_REASONS, run_payments
    from portal.db import Database

    try:
        first = date(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        click.echo("error: --month must be YYYY-MM", err=True)
        sys.exit(2)
    tenants = context.tenants
    if slug not in tenants:
        click.echo(f"error: unknown tenant {slug!r}", err=True)
        sys.exit(2)
    database = Database.from_settings(context.settings, tenants=tenants)

    async def _run():
        try:
            async with database.session(slug) as session:
                return await run_payments(session, tenants[slug], first)
        finally:
            await database.dispose()

    result = asyncio.run(_run())
    click.echo(f"{slug} {first:%Y-%m}: paid {result.paid} this run, total of the file {result.run.total} EUR, "
               f"held {len(result.held)}")
    for benefit, reason in result.held:
        click.echo(f"held: {benefit.reference} {reason}")
    if out and result.run.sepa_xml:
        out.write_text(result.run.sepa_xml, encoding="utf-8")
        click.echo(f"SEPA file: {out}")
