"""Reading what citizens type. Each reader returns the clean value (as stored in the
answers: a string) or raises Invalid with an English msgid that is translated when shown.

Amounts accept Dutch and international writing: "1.234,56", "1234,56", "1234.56",
"€ 1.234". A single dot followed by exactly three digits ("1.234") is read the Dutch
way, as thousands.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from schwifty import IBAN
from schwifty.exceptions import InvalidLength, SchwiftyException
from stdnum.exceptions import ValidationError
from stdnum.nl import postcode as stdnum_postcode

from portal.auth.bsn import is_valid_bsn, normalise_bsn
from portal.i18n import N_
from portal.rules.money import read_euros

# The elfproef by its Dutch name, for the form readers and their tests.
elfproef = is_valid_bsn


class Invalid(ValueError):
    """`message` says what is wrong; `named` says it again naming the question, with a
    `%(subject)s` ("your date of birth") filled in where the question is known, so two
    fields of one page never show the same message (GOV.UK's error message pattern)."""

    def __init__(self, message: str, named: str | None = None, **variables: object):
        super().__init__(message)
        self.message = message
        self.named = named
        self.variables = variables


EARLIEST_BIRTH = date(1900, 1, 1)
_MONEY = (N_("Enter an amount in euros, for example 1.234,56."), N_("Enter %(subject)s in euros, for example 1.234,56."))
_IBAN = (N_("This IBAN is not correct. Check each letter and number."),
         N_("Check each letter and number of %(subject)s: this IBAN is not correct."))
_POSTCODE = (N_("Enter a postcode like 1234 AB."), N_("Enter %(subject)s like 1234 AB."))
MAX_AMOUNT = Decimal("10000000")


def parse_date(text: str, *, today: date, past_only: bool = True, years_back: int = 120) -> str:
    """Accepts 31-12-1990, 31/12/1990, 31.12.1990 and 1990-12-31."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dutch = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dutch:
        day, month, year = (int(g) for g in dutch.groups())
    else:
        raise Invalid(N_("Enter the date as day-month-year, for example 17-03-1985."),
                      N_("Enter %(subject)s as day-month-year, for example 17-03-1985."))
    try:
        value = date(year, month, day)
    except ValueError:
        raise Invalid(N_("This date does not exist. Check the day and the month."),
                      N_("Check the day and the month of %(subject)s: this date does not exist.")) from None
    if past_only and value > today:
        raise Invalid(N_("The date must be today or in the past."), N_("Check %(subject)s: the date must be today or in the past."))
    if value < date(today.year - years_back, 1, 1):
        raise Invalid(N_("The date is too long ago. Check the year."), N_("Check the year of %(subject)s: the date is too long ago."))
    return value.isoformat()


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_age(iso: str, *, today: date, under: int | None = None, at_least: int | None = None) -> str:
    """A date of birth read against what its question means: a child at home "under 18",
    a partner "of age". A child born in 1986 is no child at home."""
    age = age_on(date.fromisoformat(iso), today)
    if under is not None and age >= under:
        raise Invalid(N_("Only children under %(age)s count here. Check the year."),
                      N_("Check %(subject)s: only children under %(age)s count here."), age=under)
    if at_least is not None and age < at_least:
        raise Invalid(N_("A partner is %(age)s or older. Check the year."),
                      N_("Check %(subject)s: a partner is %(age)s or older."), age=at_least)
    return iso


def parse_money(text: str) -> str:
    try:
        value = read_euros(text)
    except ValueError:
        raise Invalid(*_MONEY) from None
    if value < 0:
        raise Invalid(N_("Enter an amount of 0 or more."), N_("Enter %(subject)s as an amount of 0 or more."))
    if value >= MAX_AMOUNT:
        raise Invalid(N_("The amount is too large. Check it."), N_("Check %(subject)s: the amount is too large."))
    return str(value)


def parse_iban(text: str) -> str:
    """Checked by schwifty: country length, bank code format and the mod-97 check digits."""
    iban = re.sub(r"[\s.-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        raise Invalid(N_("Enter an IBAN, for example NL91 ABNA 0417 1643 00."),
                      N_("Enter %(subject)s, for example NL91 ABNA 0417 1643 00."))
    try:
        checked = IBAN(iban)
    except InvalidLength:
        if iban.startswith("NL"):
            raise Invalid(N_("A Dutch IBAN has 18 characters, for example NL91 ABNA 0417 1643 00."),
                          N_("Check %(subject)s: a Dutch IBAN has 18 characters, for example NL91 ABNA 0417 1643 00.")) from None
        raise Invalid(*_IBAN) from None
    except SchwiftyException:
        raise Invalid(*_IBAN) from None
    return checked.formatted


def parse_bsn(text: str) -> str:
    bsn = re.sub(r"[\s.-]", "", text)
    if not re.fullmatch(r"\d{8,9}", bsn):
        raise Invalid(N_("A BSN has 9 digits. You find it on a passport or ID card."),
                      N_("Enter %(subject)s: a BSN has 9 digits. You find it on a passport or ID card."))
    if not is_valid_bsn(bsn):
        raise Invalid(N_("This BSN is not correct. Check the digits."), N_("Check the digits of %(subject)s: this BSN is not correct."))
    return normalise_bsn(bsn)


def parse_postcode(text: str) -> str:
    """python-stdnum's Dutch postcode rules (no leading 0, no SA, SD or SS)."""
    value = text.strip()
    # python-stdnum also reads "1234-AB"; a citizen is asked for the written form only.
    if not re.fullmatch(r"\d{4} ?[A-Za-z]{2}", value):
        raise Invalid(*_POSTCODE)
    try:
        return stdnum_postcode.validate(value)
    except ValidationError:
        raise Invalid(*_POSTCODE) from None


def parse_email(text: str) -> str:
    value = text.strip()
    if len(value) > 320 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value):
        raise Invalid(N_("Enter an email address like name@example.nl."), N_("Enter %(subject)s like name@example.nl."))
    return value


def parse_phone(text: str) -> str:
    value = re.sub(r"[\s()-]", "", text)
    if not re.fullmatch(r"(\+|00)?\d{10,13}", value):
        raise Invalid(N_("Enter a phone number like 06 12345678."), N_("Enter %(subject)s like 06 12345678."))
    return value


def parse_count(text: str, *, maximum: int = 20) -> str:
    value = text.strip()
    if not re.fullmatch(r"\d{1,2}", value) or int(value) > maximum:
        raise Invalid(N_("Enter a whole number from 0 to %(max)s."), N_("Enter %(subject)s as a whole number from 0 to %(max)s."),
                      max=maximum)
    return str(int(value))


def parse_text(text: str, *, max_length: int = 200) -> str:
    value = " ".join(text.split())
    if len(value) > max_length:
        raise Invalid(N_("Use at most %(max)s characters."), N_("Shorten %(subject)s to at most %(max)s characters."), max=max_length)
    return value


CHOICE = N_("Choose one of the options.")


def parse_choice(text: str, options: list[str]) -> str:
    if text not in options:
        raise Invalid(CHOICE, N_("Choose one of the options for %(subject)s."))
    return text
