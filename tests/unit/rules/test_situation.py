from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.rules import labels
from portal.rules.situation import Situation, SituationError, parse_situation


def test_empty_dict_is_an_empty_situation():
    assert parse_situation({}) == Situation()


def test_parses_every_key(single):
    s = parse_situation({**single, "has_partner": "yes", "partner_birth_date": "1986-01-01",
                         "partner_income": "12,50", "reported_on": "2026-01-01", "children": ["2020-02-02"]})
    assert s.birth_date == date(1985, 4, 12)
    assert s.has_partner is True
    assert s.partner_income == Decimal("12.50")
    assert s.income == Decimal("450.00")
    assert s.children == (date(2020, 2, 2),)
    assert s.months_low_income == 40
    assert s.reported_on == date(2026, 1, 1)


def test_blank_strings_count_as_not_answered():
    assert parse_situation({"income": "", "birth_date": "  "}) == Situation()


def test_extra_keys_are_ignored():
    assert parse_situation({"iban": "NL00", "income": 10}).income == Decimal("10.00")


@pytest.mark.parametrize(("typed", "amount"), [
    ("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1234.56", "1234.56"), ("€ 1.234", "1234.00"),
    ("1,234.56", "1234.56"), ("12.345", "12345.00"), ("0", "0.00"),
])
def test_amounts_read_as_people_type_them(typed, amount):
    """The check reads money as the application forms do: Dutch thousands dots included."""
    assert parse_situation({"income": typed}).income == Decimal(amount)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"birth_date": "12-04-1985"}, "birth_date", labels.ERR_DATE),
        ({"birth_date": "1985-02-30"}, "birth_date", labels.ERR_DATE),
        ({"birth_date": 19850412}, "birth_date", labels.ERR_DATE),
        ({"birth_date": "1850-01-01"}, "birth_date", labels.ERR_DATE_RANGE),
        ({"has_partner": "maybe"}, "has_partner", labels.ERR_BOOL),
        ({"in_detention": 2}, "in_detention", labels.ERR_BOOL),
        ({"housemates_27_plus": -1}, "housemates_27_plus", labels.ERR_INT),
        ({"housemates_27_plus": True}, "housemates_27_plus", labels.ERR_INT),
        ({"months_low_income": "three"}, "months_low_income", labels.ERR_INT),
        ({"income": "-5"}, "income", labels.ERR_MONEY),
        ({"income": "12.34.5"}, "income", labels.ERR_MONEY),
        ({"income": "12,345"}, "income", labels.ERR_MONEY),
        ({"assets": "lots"}, "assets", labels.ERR_MONEY),
        ({"debts": float("nan")}, "debts", labels.ERR_MONEY),
        ({"special_costs": [1]}, "special_costs", labels.ERR_MONEY),
        ({"municipality": 363}, "municipality", labels.ERR_TEXT),
        ({"children": "2020-01-01"}, "children", labels.ERR_LIST),
        ({"children": ["2020-01-01", "soon"]}, "children[1]", labels.ERR_DATE),
    ],
)
def test_errors_name_the_field(data, field, message):
    with pytest.raises(SituationError) as info:
        parse_situation(data)
    assert info.value.field == field
    assert info.value.message == message


def test_not_a_dict():
    with pytest.raises(SituationError) as info:
        parse_situation(["birth_date"])  # type: ignore[arg-type]
    assert info.value.field == ""


def test_missing_ignores_partner_keys_without_partner():
    assert "partner_income" not in parse_situation({"has_partner": False}).missing()
    assert "partner_income" in parse_situation({"has_partner": True}).missing()
    assert "partner_income" in parse_situation({}).missing()


def test_round_trip(single):
    s = parse_situation(single)
    assert parse_situation(s.to_dict()) == s
