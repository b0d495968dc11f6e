"""Translations and locale-aware formatting.

Message ids are English; Dutch is the default language of the portal. Every language
folder may hold several .po files (one per domain package); they are merged at start-up,
so packages add their strings without touching each other's files.
"""

from __future__ import annotations

import contextlib
import io
import re
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
import functools
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

# After Dutch, the languages the G4's citizens on income support speak most.
LOCALES = ("nl", "en", "ar", "tr", "pl", "uk")
# The cookie that keeps the language a person chose with the switcher.
LOCALE_COOKIE = "lang"
DEFAULT_LOCALE = "nl"
LOCALE_NAMES = {"nl": "Nederlands", "en": "English", "ar": "العربية", "tr": "Türkçe", "pl": "Polski", "uk": "Українська"}
TIMEZONE = AMSTERDAM  # people read times on Amsterdam's clock (portal.clock)

_current_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)
_catalogs: dict[str, NullTranslations] = {}


def load_catalogs(locales_dir: Path) -> dict[str, NullTranslations]:
    """Merge every .po file of each language into one translations object."""
    _catalogs.clear()
    _translated.cache_clear()
    for locale in LOCALES:
        merged: NullTranslations | None = None
        for po_file in sorted((locales_dir / locale / "LC_MESSAGES").glob("*.po")):
            stat = po_file.stat()
            translations = Translations(io.BytesIO(_compiled(str(po_file), locale, stat.st_mtime_ns, stat.st_size)),
                                        domain="messages")
            if merged is None:
                merged = translations
            else:
                merged.merge(translations)
        _catalogs[locale] = merged or NullTranslations()
    return _catalogs


@functools.lru_cache(maxsize=None)
def _compiled(path: str, locale: str, mtime_ns: int, size: int) -> bytes:
    """A .po file compiled to .mo bytes, once per version of the file (its time and size are
    part of the key): every app a process creates (each test makes one) reads the same files,
    and parsing all of them took about 0.2 s of each start-up."""
    with open(path, "rb") as fp:
        catalog = read_po(fp, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


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


# Right to left: a run of Latin letters and digits inside Arabic text ("06 12345678",
# "NL91 ABNA 0417 1643 00", "1234 AB") is laid out by the bidi algorithm piece by piece,
# so "06 12345678" shows as "12345678 06". Each such run of a translated text is isolated
# as left-to-right (U+2066 … U+2069), before the variables go in (they isolate themselves).
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
_LATIN = r"[0-9A-Za-z@#+\-–/:.,]"
_DATA_RUN = re.compile(rf"(?<![%\w\u2066\u2068]){_LATIN}*\d{_LATIN}*(?: {_LATIN}+)*")


def _isolate_runs(text: str) -> str:
    def wrap(match: re.Match[str]) -> str:
        run = match.group(0)
        core = run.rstrip(".,:")
        return f"{LRI}{core}{PDI}{run[len(core):]}"

    return _DATA_RUN.sub(wrap, text)


def _is_rtl(locale: str | None = None) -> bool:
    return text_direction(locale) == "rtl"


@functools.lru_cache(maxsize=50_000)
def _translated(locale: str, message: str) -> str:
    """A message in a language, its Latin runs isolated on a right-to-left page: the same
    every time, so worked out once per process (a work queue page asks ~400 times)."""
    text = (_catalogs.get(locale) or NullTranslations()).gettext(message)
    return _isolate_runs(text) if _direction(locale) == "rtl" else text


def gettext(message: str, **variables: object) -> str:
    if type(message) is str:
        text = _translated(get_locale(), message)
    else:  # a Markup or lazy string: as it is, not as a cache key
        text = _translations().gettext(message)
        if _is_rtl():
            text = _isolate_runs(text)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = _translations().ngettext(singular, plural, n)
    if _is_rtl():
        text = _isolate_runs(text)
    return text % {"num": n, **variables}


def ltr(text: object, locale: str | None = None) -> str:
    """Data that reads left to right (a reference, an IBAN, a phone number), isolated as
    such on a right-to-left page, so the text around it does not reorder it."""
    text = "" if text is None else str(text)
    return f"{LRI}{text}{PDI}" if text and _is_rtl(locale) else text


def _isolated(text: str, locale: str | None) -> str:
    # A formatted date or amount keeps its own direction inside a right-to-left sentence.
    return f"{FSI}{text}{PDI}" if text and _is_rtl(locale) else text


def comma(locale: str | None = None) -> str:
    """The locale's comma between two parts (a name and a time): Arabic writes "،"."""
    return "، " if (locale or get_locale()).split("_")[0] in ("ar", "fa", "ur") else ", "


def lazy_gettext(message: str, **variables: object) -> LazyProxy:
    """A message translated when it is shown, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


def N_(message: str) -> str:  # noqa: N802 - the conventional name Babel extracts
    """Mark a string for extraction; translate it later with gettext()."""
    return message


_ = gettext
_l = lazy_gettext


def text_direction(locale: str | None = None) -> str:
    return _direction(locale or get_locale())


@functools.lru_cache(maxsize=None)
def _direction(locale: str) -> str:
    return Locale.parse(locale).text_direction


def format_money(amount: Decimal | float | int | None, locale: str | None = None) -> str:
    if amount is None:
        return ""
    return _isolated(babel_numbers.format_currency(Decimal(str(amount)), "EUR", locale=locale or get_locale()), locale)


def format_date(value: date | datetime | None, format: str = "long", locale: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return _isolated(babel_dates.format_date(value, format=format, locale=locale or get_locale()), locale)


def format_datetime(value: datetime | None, format: str = "long", locale: str | None = None) -> str:
    """The date as `format_date` writes it (so one page has one date format), the time
    as HH:mm, joined the locale's way ("5 maart 2026, 14:30"; Arabic with "،")."""
    if value is None:
        return ""
    chosen = Locale.parse(locale or get_locale())
    local = to_local(value)
    day = babel_dates.format_date(local.date(), format=format, locale=chosen)
    time = babel_dates.format_time(local, format="HH:mm", locale=chosen)
    joined = str(chosen.datetime_formats["medium"]).replace("'", "").format(time, day)
    return _isolated(joined, str(chosen))


def format_list(items, locale: str | None = None) -> str:
    """"Amsterdam, Den Haag en Utrecht": a list as the language writes it."""
    return babel_lists.format_list([str(item) for item in items], locale=locale or get_locale())


def format_time(value: datetime | None, locale: str | None = None) -> str:
    if value is None:
        return ""
    return _isolated(babel_dates.format_time(to_local(value), format="HH:mm", locale=locale or get_locale()), locale)
