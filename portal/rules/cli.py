"""``portal rules evaluate --tenant <slug> --date YYYY-MM-DD FILE``: outcome per scheme as JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from portal import clock

from .engine import RulesEngine, RulesError
from .situation import SituationError, parse_situation
from .system import DEFAULT_TENANTS_DIR, tenant_parameters_dir

def _tenants_dir() -> Path:
    return Path(os.environ.get("PORTAL_TENANTS_DIR", DEFAULT_TENANTS_DIR))


def _known_tenant(ctx, param, slug: str) -> str:
    # Any tenant folder with rules parameters: a fifth city needs no code change here.
    if not tenant_parameters_dir(_tenants_dir(), slug).is_dir():
        raise click.BadParameter(f"no tenant folder with rule parameters: {_tenants_dir() / slug}")
    return slug


@click.group(name="rules")
def rules() -> None:
    """Rules as code: evaluate households against the schemes."""


@rules.command(name="evaluate")
@click.option("--tenant", "tenant", required=True, callback=_known_tenant, help="Tenant slug (its folder under tenants/).")
@click.option(
    "--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Evaluate under the rules in force on this day (YYYY-MM-DD; default today).",
)
@click.argument("file", type=click.File("r", encoding="utf-8"))
def evaluate(tenant: str, on, file) -> None:
    """Read a household situation as JSON from FILE ('-' for stdin) and print the outcome per scheme."""
    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.UsageError(f"{file.name}: not valid JSON: {exc}") from None
    try:
        situation = parse_situation(data)
    except SituationError as exc:
        raise click.UsageError(f"{file.name}: field '{exc.field}': {exc.message}") from None
    engine = RulesEngine.load(_tenants_dir(), [tenant])
    try:
        evaluation = engine.evaluate(tenant, situation, (on.date() if on else clock.today()))
    except RulesError as exc:
        raise click.UsageError(f"--date: {exc}") from None
    click.echo(evaluation.to_json())

