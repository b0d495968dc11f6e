"""Property tests: the bijstand amount stays between zero and the norm; more income never gives more."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.situation import parse_situation

money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2025, 7, 1), max_value=date(2029, 12, 31))
births = st.dates(min_value=date(1930, 1, 1), max_value=date(2007, 12, 31))


@st.composite
def households(draw):
    has_partner = draw(st.booleans())
    data = {
        "birth_date": draw(births).isoformat(),
        "municipality": "amsterdam",
        "has_partner": has_partner,
        "children": [d.isoformat() for d in draw(st.lists(st.dates(date(1995, 1, 1), date(2025, 6, 1)), max_size=3))],
        "housemates_27_plus": draw(st.integers(0, 4)),
        "income": str(draw(money)),
        "assets": "0",
        "debts": "0",
        "home_equity": "0",
        "student_finance": False,
        "in_detention": False,
        "reported_on": "2025-01-01",
    }
    if has_partner:
        data["partner_birth_date"] = draw(births).isoformat()
        data["partner_income"] = str(draw(money))
    return data


def _bijstand(engine, data, on):
    outcome = engine.evaluate("amsterdam", parse_situation(data), on).scheme("bijstand")
    income = next(r for r in outcome.reasons if r.code == "income")
    return outcome, income


@settings(max_examples=150, deadline=None)
@given(data=households(), on=days)
def test_amount_between_zero_and_norm(engine, data, on):
    outcome, income = _bijstand(engine, data, on)
    norm = income.limit
    assert norm is not None and norm > 0
    amount = outcome.amount if outcome.amount is not None else Decimal(0)
    assert Decimal(0) <= amount <= norm
    if outcome.outcome == "likely":
        assert amount == norm - income.value


@settings(max_examples=150, deadline=None)
@given(data=households(), on=days, extra=st.decimals(min_value=0, max_value=5_000, places=2))
def test_more_income_never_gives_more(engine, data, on, extra):
    outcome, _ = _bijstand(engine, data, on)
    richer = {**data, "income": str(Decimal(data["income"]) + extra)}
    richer_outcome, _ = _bijstand(engine, richer, on)
    before = outcome.amount or Decimal(0)
    after = richer_outcome.amount or Decimal(0)
    assert after <= before
