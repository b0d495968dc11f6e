from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.rules.engine import EARLIEST_RULES_DATE, RulesError
from portal.rules.schemes import SCHEME_IDS
from portal.rules.situation import parse_situation

ON = date(2026, 1, 15)


def evaluate(engine, data, tenant="amsterdam", on=ON):
    return engine.evaluate(tenant, parse_situation(data), on)


def reason(outcome, code):
    return next(r for r in outcome.reasons if r.code == code)


def test_single_is_likely_for_everything(engine, single):
    ev = evaluate(engine, single)
    assert [s.scheme for s in ev.schemes] == list(SCHEME_IDS)
    assert {s.scheme: s.outcome for s in ev.schemes} == dict.fromkeys(SCHEME_IDS, "likely")
    bijstand = ev.scheme("bijstand")
    assert bijstand.amount == Decimal("951.50")
    assert bijstand.amount_period == "month"
    income = reason(bijstand, "income")
    assert (income.value, income.limit, income.met) == (Decimal("450.00"), Decimal("1401.50"), True)
    iit = ev.scheme("inkomenstoeslag")
    assert (iit.amount, iit.amount_period) == (Decimal("350.00"), "year")


def test_the_date_chooses_the_rules(engine, single):
    ev = evaluate(engine, single, on=date(2025, 7, 1))
    assert ev.scheme("bijstand").amount == Decimal("919.06")
    assert reason(ev.scheme("bijstand"), "assets").limit == Decimal("7770.00")


def test_empty_situation_is_unknown_everywhere(engine):
    ev = evaluate(engine, {})
    for outcome in ev.schemes:
        assert outcome.outcome == "unknown"
        assert outcome.amount is None
        # The check presumes lawful residence (it does not ask): that condition is not listed.
        assert all(r.met is None for r in outcome.reasons if r.applies)


def test_empty_situation_strict_lists_every_condition_as_not_known(engine):
    ev = engine.evaluate("amsterdam", parse_situation({}), ON, strict=True)
    for outcome in ev.schemes:
        assert outcome.outcome == "unknown"
        assert all(r.met is None and r.applies for r in outcome.reasons)


def test_missing_income_makes_income_schemes_unknown(engine, single):
    del single["income"]
    ev = evaluate(engine, single)
    assert ev.scheme("bijstand").outcome == "unknown"
    assert ev.scheme("stadspas").outcome == "unknown"
    assert ev.scheme("bijzondere-bijstand").outcome == "likely"
    income = reason(ev.scheme("bijstand"), "income")
    assert income.met is None and income.value is None and income.limit == Decimal("1401.50")


def test_a_failed_condition_beats_missing_inputs(engine):
    ev = evaluate(engine, {"municipality": "rotterdam"})
    assert {s.outcome for s in ev.schemes} == {"unlikely"}
    assert reason(ev.scheme("stadspas"), "residence").met is False


def test_search_period_only_under_27(engine, single):
    assert reason(evaluate(engine, single).scheme("bijstand"), "search_period").met is True
    young = {**single, "birth_date": "2002-01-01"}
    ev = evaluate(engine, young)
    assert ev.scheme("bijstand").outcome == "unknown"
    assert reason(ev.scheme("bijstand"), "search_period").met is None
    ev = evaluate(engine, {**young, "reported_on": "2026-01-01"})
    sp = reason(ev.scheme("bijstand"), "search_period")
    assert (sp.met, sp.value, sp.limit) == (False, date(2026, 1, 1), date(2026, 1, 29))
    assert ev.scheme("bijstand").outcome == "unlikely"


def test_student_finance_only_matters_under_27(engine, single):
    single.pop("student_finance")
    assert evaluate(engine, single).scheme("bijstand").outcome == "likely"
    young = {**single, "birth_date": "2002-01-01", "reported_on": "2025-01-01"}
    assert evaluate(engine, young).scheme("bijstand").outcome == "unknown"
    ev = evaluate(engine, {**young, "student_finance": True})
    assert reason(ev.scheme("bijstand"), "student_finance").met is False


def test_partner_needs_partner_answers(engine, single):
    couple = {**single, "has_partner": True}
    assert evaluate(engine, couple).scheme("bijstand").outcome == "unknown"
    couple |= {"partner_birth_date": "1986-01-01", "partner_income": "100"}
    ev = evaluate(engine, couple)
    assert ev.scheme("bijstand").amount == Decimal("1452.13")
    assert ev.scheme("inkomenstoeslag").amount == Decimal("500.00")


def test_high_income_is_unlikely_with_reason(engine, single):
    ev = evaluate(engine, {**single, "income": "5000"})
    assert ev.scheme("bijstand").outcome == "unlikely"
    assert ev.scheme("bijstand").amount is None
    assert reason(ev.scheme("bijstand"), "income").met is False
    assert ev.scheme("stadspas").outcome == "unlikely"


def test_outcome_agrees_with_the_model_verdict(engine, single):
    """When every input is known, the reasons and the model's own *_eligible variable agree."""
    for income in ("0", "1401.49", "1401.50", "1821.95", "1821.96"):
        ev = evaluate(engine, {**single, "income": income})
        for outcome in ev.schemes:
            assert outcome.outcome == ("likely" if all(r.met for r in outcome.reasons) else "unlikely")


def test_each_tenant_has_its_own_parameters(engine, single):
    limits = {
        slug: reason(evaluate(engine, {**single, "municipality": slug}, tenant=slug).scheme("stadspas"),
                     "stadspas_income").limit
        for slug in ("amsterdam", "rotterdam", "den-haag", "utrecht")
    }
    assert limits == {
        "amsterdam": Decimal("1821.95"), "rotterdam": Decimal("1681.80"),
        "den-haag": Decimal("1821.95"), "utrecht": Decimal("1751.88"),
    }


def test_unknown_tenant_and_early_date(engine, single):
    with pytest.raises(RulesError):
        evaluate(engine, single, tenant="groningen")
    with pytest.raises(RulesError):
        evaluate(engine, single, on=date(2025, 6, 30))
    evaluate(engine, single, on=EARLIEST_RULES_DATE)


def test_to_json_is_plain_json(engine, single):
    import json

    data = json.loads(evaluate(engine, single).to_json())
    assert data["schemes"][0]["amount"] == "951.50"
    assert set(data["schemes"][0]["reasons"][0]) == {"code", "label", "value", "limit", "met"}
