"""Every input rule, with its message checked in Dutch and English."""

from __future__ import annotations

from datetime import date

import pytest

from portal import i18n
from portal.applications import validation as v
from portal.applications.forms import Q
from portal.applications.service import parse_answer, validate
from portal.settings import PROJECT_ROOT

TODAY = date(2026, 3, 5)


@pytest.fixture(scope="module", autouse=True)
def catalogs():
    i18n.load_catalogs(PROJECT_ROOT / "locales")


def q(type_: str, key: str = "x", required: bool = True) -> Q:
    return Q(key, type_, "label", None, required, None, None, 20)


def message_in(locale: str, type_: str, raw: str) -> str:
    with i18n.use_locale(locale):
        _, errors = validate([q(type_)], {"x": raw}, TODAY)
    return errors["x"]


@pytest.mark.parametrize("raw, expected", [
    ("1.234,56", "1234.56"), ("1234.56", "1234.56"), ("1234,56", "1234.56"), ("€ 1.234", "1234.00"),
    ("1,234.56", "1234.56"), ("0", "0.00"), ("12,5", "12.50"), ("1.234.567,8", "1234567.80"),
])
def test_amounts_read_dutch_and_international(raw, expected):
    assert v.parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "12,345", "1.23.45", "-5", "1.2345,00", "12,345.6,7"])
def test_amounts_that_are_no_amount(raw):
    with pytest.raises(v.Invalid):
        v.parse_money(raw)


def test_amount_messages():
    assert message_in("nl", "money", "abc") == "Vul een bedrag in euro's in, bijvoorbeeld 1.234,56."
    assert message_in("en", "money", "abc") == "Enter an amount in euros, for example 1.234,56."


@pytest.mark.parametrize("raw, expected", [("17-03-1985", "1985-03-17"), ("1985-03-17", "1985-03-17"), ("1/2/2000", "2000-02-01")])
def test_dates(raw, expected):
    assert v.parse_date(raw, today=TODAY) == expected


def test_date_messages():
    assert message_in("nl", "date", "31-02-1990") == "Deze datum bestaat niet. Kijk de dag en de maand na."
    assert message_in("en", "date", "31-02-1990") == "This date does not exist. Check the day and the month."
    assert message_in("nl", "date", "06-03-2026") == "De datum moet vandaag zijn of in het verleden."
    assert message_in("en", "date", "01-01-1850") == "The date is too long ago. Check the year."
    assert message_in("nl", "date", "morgen") == "Vul de datum in als dag-maand-jaar, bijvoorbeeld 17-03-1985."


def test_iban_checksum():
    assert v.parse_iban("nl91abna0417164300") == "NL91 ABNA 0417 1643 00"
    assert message_in("nl", "iban", "NL91 ABNA 0417 1643 01") == "Dit IBAN klopt niet. Kijk elke letter en elk cijfer na."
    assert message_in("en", "iban", "NL91 ABNA 0417 1643 01") == "This IBAN is not correct. Check each letter and number."
    assert message_in("en", "iban", "12345") == "Enter an IBAN, for example NL91 ABNA 0417 1643 00."


def test_bsn_elfproef():
    assert v.parse_bsn("111222333") == "111222333"
    eight = next(str(n) for n in range(10000000, 10001000) if v.elfproef(f"0{n}"))
    assert v.parse_bsn(eight) == "0" + eight  # an 8-digit BSN gets its leading 0
    assert v.elfproef("111222333") and not v.elfproef("111222334") and not v.elfproef("000000000")
    assert message_in("nl", "bsn", "111222334") == "Dit BSN klopt niet. Kijk de cijfers na."
    assert message_in("en", "bsn", "111222334") == "This BSN is not correct. Check the digits."
    assert message_in("en", "bsn", "12ab") == "A BSN has 9 digits. You find it on a passport or ID card."


def test_postcode():
    assert v.parse_postcode("1011pn") == "1011 PN"
    assert v.parse_postcode("1011 PN") == "1011 PN"
    for raw in ("0123 AB", "1234 SS", "12345", "1234-AB"):
        with pytest.raises(v.Invalid):
            v.parse_postcode(raw)
    assert message_in("nl", "postcode", "12345") == "Vul een postcode in zoals 1234 AB."
    assert message_in("en", "postcode", "12345") == "Enter a postcode like 1234 AB."


def test_required_and_optional():
    assert message_in("nl", "text", "  ") == "Beantwoord deze vraag."
    assert message_in("en", "yesno", "") == "Choose yes or no: label"  # a yes/no question is quoted
    assert parse_answer(q("phone", required=False), "", TODAY) == ""
    assert message_in("en", "count", "99") == "Enter a whole number from 0 to 20."
