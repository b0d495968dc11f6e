"""Translations and locale-aware formatting.

Message ids are English; Dutch is the default language of the portal. Every language
folder may hold several .po files (one per domain package); they are merged at start-up,
so packages add their strings without touching each other's files.
"""

from __future__ import annotations

import contextlib
import io
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

from portal.clock import AMSTERDAM, to_local  # noqa: F401 - to_local is part of this module's interface

LOCALES = ("nl", "en", "ar")
# The cookie that keeps the language a person chose with the switcher.
LOCALE_COOKIE = "lang"
DEFAULT_LOCALE = "nl"
LOCALE_NAMES = {"nl": "Nederlands", "en": "English", "ar": "العربية"}
TIMEZONE = AMSTERDAM  # people read times on Amsterdam's clock (portal.clock)

_current_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)
_catalogs: dict[str, NullTranslations] = {}


def load_catalogs(locales_dir: Path) -> dict[str, NullTranslations]:
    """Merge every .po file of each language into one translations object."""
    _catalogs.clear()
    for locale in LOCALES:
        merged: NullTranslations | None = None
        for po_file in sorted((locales_dir / locale / "LC_MESSAGES").glob("*.po")):
            with po_file.open("rb") as fp:
                catalog = read_po(fp, locale=locale)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            translations = Translations(buffer, domain="messages")
            if merged is None:
                merged = translations
            else:
                merged.merge(translations)
        _catalogs[locale] = merged or NullTranslations()
    return _catalogs


def get_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> None:
    _current_locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)


@contextlib.contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Run a block in another language, e.g. an email in the citizen's language."""
    token = _current_locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def _translations() -> NullTranslations:
    return _catalogs.get(get_locale()) or NullTranslations()


def gettext(message: str, **variables: object) -> str:
    text = _translations().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = _translations().ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def lazy_gettext(message: str, **variables: object) -> LazyProxy:
    """A message translated when it is shown, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


def N_(message: str) -> str:  # noqa: N802 - the conventional name Babel extracts
    """Mark a string for extraction; translate it later with gettext()."""
    return message


_ = gettext
_l = lazy_gettext


def text_direction(locale: str | None = None) -> str:
    return Locale.parse(locale or get_locale()).text_direction


def format_money(amount: Decimal | float | int | None, locale: str | None = None) -> str:
    if amount is None:
        return ""
    return babel_numbers.format_currency(Decimal(str(amount)), "EUR", locale=locale or get_locale())


def format_date(value: date | datetime | None, format: str = "long", locale: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return babel_dates.format_date(value, format=format, locale=locale or get_locale())


def format_datetime(value: datetime | None, format: str = "d MMMM y, HH:mm", locale: str | None = None) -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(to_local(value), format=format, locale=locale or get_locale())


def format_list(items, locale: str | None = None) -> str:
    """"Amsterdam, Den Haag en Utrecht": a list as the language writes it."""
    return babel_lists.format_list([str(item) for item in items], locale=locale or get_locale())


def format_time(value: datetime | None, locale: str | None = None) -> str:
    if value is None:
        return ""
    return babel_dates.format_time(to_local(value), format="HH:mm", locale=locale or get_locale())
