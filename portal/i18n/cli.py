"""`portal i18n missing`: what still needs a translation."""

from __future__ import annotations

import sys

import click


@click.group()
def i18n() -> None:
    """Translations."""


@i18n.command("missing")
@click.option("--locale", "locales", multiple=True, default=["nl", "ar", "tr", "pl", "uk"], show_default=True)
def missing_command(locales: tuple[str, ...]) -> None:
    """Print untranslated messages as .po entries; exit 1 if there are any."""
    from portal.i18n.missing import missing, po_escape

    count = 0
    for locale in locales:
        todo = missing(locale)
        count += len(todo)
        click.echo(f"# {locale}: {len(todo)} missing")
        for msgid, where in sorted(todo.items(), key=lambda item: item[1]):
            click.echo(f"#: {where}\nmsgid \"{po_escape(msgid)}\"\nmsgstr \"\"\n")
    sys.exit(1 if count else 0)
