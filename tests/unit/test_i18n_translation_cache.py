"""gettext works a message out once per language (portal.i18n._translated): the same text
as the catalogue's, per language, right-to-left isolation included, and new catalogues
(load_catalogs) are not answered from the old ones."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations

from portal import i18n

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"


def _uncached(locale: str, message: str) -> str:
    text = (i18n._catalogs.get(locale) or NullTranslations()).gettext(message)
    return i18n._isolate_runs(text) if i18n.text_direction(locale) == "rtl" else text


def test_cached_translations_equal_the_catalogues_in_every_language():
    i18n.load_catalogs(LOCALES_DIR)
    messages = ["Log in", "My overview", "Not a message in any catalogue 06 12345678"]
    for locale in i18n.LOCALES:
        with i18n.use_locale(locale):
            for message in messages:
                assert i18n.gettext(message) == _uncached(locale, message)
                assert i18n.gettext(message) == i18n.gettext(message)  # the second from the cache
    with i18n.use_locale("ar"):
        assert "\u2066" in i18n.gettext("Not a message in any catalogue 06 12345678")


def test_loading_catalogues_again_forgets_what_was_cached(tmp_path):
    i18n.load_catalogs(LOCALES_DIR)
    with i18n.use_locale("nl"):
        assert i18n.gettext("Log in") == _uncached("nl", "Log in")
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "nl" / "LC_MESSAGES" / "x.po").write_text('msgid "Log in"\nmsgstr "Aanmelden-test"\n', encoding="utf-8")
    try:
        i18n.load_catalogs(tmp_path)
        with i18n.use_locale("nl"):
            assert i18n.gettext("Log in") == "Aanmelden-test"
    finally:
        i18n.load_catalogs(LOCALES_DIR)
