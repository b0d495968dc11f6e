"""The `portal` command: serve, db, demo, tenants, worker, and what domains add.

A domain adds commands through its plugin (`cli_commands`).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from portal.settings import load_settings


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """The G4 social-services portal."""
    from portal.domains import command_context

    # A test may hand in its own context (`CliRunner().invoke(..., obj=...)`).
    if ctx.obj is None:
        ctx.obj = command_context(load_settings())


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default: HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default: PORT or 8000).")
@click.option("--workers", default=1, show_default=True, help="Worker processes (production, on PostgreSQL).")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def serve(host: str | None, port: int | None, workers: int, reload: bool) -> None:
    """Serve the portal over HTTP."""
    import uvicorn

    settings = load_settings()
    uvicorn.run(
        "portal.app:create_app_from_env",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        reload=reload,
        log_level="info",
        **serve_options(),
    )


def serve_options(env: dict[str, str] | None = None) -> dict:
    """uvicorn's options for proxies and the access log.

    Forwarded headers (`X-Forwarded-For`, `-Proto`) are believed only from the addresses
    in FORWARDED_ALLOW_IPS (comma-separated, default none). uvicorn's own default trusts
    127.0.0.1, so anything on the same host could pose as any client and pass the rate limit.
    """
    import os

    env = os.environ if env is None else env
    trusted = ",".join(part.strip() for part in env.get("FORWARDED_ALLOW_IPS", "").split(",") if part.strip())
    from portal.web.accesslog import uvicorn_log_config

    return {
        "proxy_headers": bool(trusted),
        # Given even when empty: uvicorn would otherwise read the variable itself, or trust 127.0.0.1.
        "forwarded_allow_ips": trusted or "",
        "log_config": uvicorn_log_config(),
    }


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations (every domain's branch)."""
    from portal.db.migrate import upgrade

    settings = load_settings()
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url, app_role=settings.database_app_role)
    click.echo("database is up to date")


@main.group()
def demo() -> None:
    """Demo data for the four cities."""


@demo.command("load")
def demo_load() -> None:
    """Load the demo data; running it again changes nothing."""
    from portal.demo import DemoRefused, load_all

    settings = load_settings()
    try:
        asyncio.run(load_all(settings))
    except DemoRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo("demo data loaded for all tenants")


@main.group()
def tenants() -> None:
    """Tenant configuration."""


@tenants.command("check")
@click.option("--dir", "tenants_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The tenants folder (default: PORTAL_TENANTS_DIR or ./tenants).")
def tenants_check(tenants_dir: Path | None) -> None:
    """Validate every tenant folder, including WCAG AA contrast of its colours."""
    from portal.domains import load_tenants
    from portal.tenancy import TenantConfigError

    folder = tenants_dir or load_settings().tenants_dir
    try:
        found = load_tenants(folder, check_contrast=True)
    except TenantConfigError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(error.problems)} problem(s) found", err=True)
        sys.exit(1)
    click.echo(f"{len(found)} tenants OK: {', '.join(found)}")


@main.command()
@click.option("--once", is_flag=True, help="Drain what is due now and stop.")
def worker(once: bool) -> None:
    """Run the background worker (outbox: emails, reminders) outside the web process."""
    from portal.db import Database
    from portal.domains import load_tenants, registry
    from portal.i18n import load_catalogs
    from portal.notifications.worker import run_forever, run_once
    from portal.tenancy.scope import Site

    settings = load_settings()
    domains = registry()
    domains.import_models()
    handlers = domains.outbox_handlers
    load_catalogs(settings.locales_dir)
    tenants_found = load_tenants(settings.tenants_dir)
    database = Database.from_settings(settings, tenants=tenants_found, site=Site.from_settings(settings))

    async def _run() -> None:
        try:
            if once:
                click.echo(f"{await run_once(settings, database, tenants_found, handlers, domains.worker_rounds)} message(s) tried")
            else:
                await run_forever(settings, database, tenants_found, handlers, rounds=domains.worker_rounds)
        finally:
            await database.dispose()

    asyncio.run(_run())


def _add_domain_commands() -> None:
    from portal.domains import registry
    from portal.rules.cli import rules

    # The rules package imports nothing of the portal, so its command is added here.
    for command in (*registry().cli_commands, rules):
        main.add_command(command)


_add_domain_commands()
