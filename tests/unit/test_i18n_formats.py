"""Formats per language: one date format on a page, the locale's own separators, and data
(numbers, phone numbers, IBANs, references, dates) isolated inside right-to-left text."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from portal import i18n
from portal.settings import PROJECT_ROOT

MOMENT = datetime(2026, 3, 5, 13, 30, tzinfo=timezone.utc)
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


@pytest.fixture(scope="module", autouse=True)
def catalogs():
    i18n.load_catalogs(PROJECT_ROOT / "locales")


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_a_date_with_a_time_starts_with_the_same_date_as_a_date_alone(locale):
    """English wrote "5 March 2026, 14:30" beside "March 5, 2026": one format per language."""
    day = i18n.format_date(MOMENT, locale=locale).strip(FSI + PDI)
    assert i18n.format_datetime(MOMENT, locale=locale).strip(FSI + PDI).startswith(day)


def test_arabic_joins_date_and_time_with_its_own_comma():
    text = i18n.format_datetime(MOMENT, locale="ar")
    assert "، 14:30" in text and ", " not in text
    assert text.startswith(FSI) and text.endswith(PDI)
    assert i18n.format_datetime(MOMENT, locale="nl") == "5 maart 2026, 14:30"
    assert i18n.comma("ar") == "، " and i18n.comma("nl") == ", "


def test_latin_runs_in_arabic_messages_are_isolated_left_to_right():
    with i18n.use_locale("ar"):
        phone = i18n.gettext("Enter a phone number like 06 12345678.")
        iban = i18n.gettext("Enter an IBAN, for example NL91 ABNA 0417 1643 00.")
        named = i18n.gettext("Enter %(subject)s like 1234 AB.", subject="رمزك البريدي")
    assert f"{LRI}06 12345678{PDI}." in phone
    assert f"{LRI}NL91 ABNA 0417 1643 00{PDI}." in iban
    assert f"{LRI}1234 AB{PDI}." in named and "رمزك البريدي" in named
    with i18n.use_locale("nl"):
        assert i18n.gettext("Enter a phone number like 06 12345678.") == "Vul een telefoonnummer in zoals 06 12345678."


def test_data_is_isolated_only_on_right_to_left_pages():
    assert i18n.ltr("AMS-2026-000012", "ar") == f"{LRI}AMS-2026-000012{PDI}"
    assert i18n.ltr("AMS-2026-000012", "nl") == "AMS-2026-000012"
    assert i18n.format_money("1234.5", locale="ar").startswith(FSI)
    assert i18n.format_money("1234.5", locale="nl") == "€\xa01.234,50"
