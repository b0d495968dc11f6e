"""The conditions a real decision needs (issue #15): AOW age by birth date, housemates by
birth date, lawful residence, the partner's own exclusions and the search period's exceptions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.rules.advice import advise
from portal.rules.situation import SituationError, parse_situation


def _bijstand(engine, data, on, strict=True):
    return engine.evaluate("amsterdam", parse_situation(data), on, strict=strict).scheme("bijstand")


def _reason(outcome, code):
    return next(r for r in outcome.reasons if r.code == code)


def _norm(outcome) -> Decimal:
    return _reason(outcome, "income").limit


# -- AOW age by birth date (Algemene Ouderdomswet art. 7a) ------------------------------------
@pytest.mark.parametrize("on", [date(2027, 12, 31), date(2028, 1, 1), date(2028, 1, 15), date(2028, 3, 30)])
def test_born_31_december_1960_keeps_aow_status_in_early_2028(engine, single, on):
    single["birth_date"] = "1960-12-31"
    # AOW age 67 for those born before 1961: reached on 31 December 2027, kept in 2028
    # (when those reaching it then need 67 years and 3 months).
    assert _norm(_bijstand(engine, single, on)) == Decimal("1564.69")


def test_the_day_before_the_67th_birthday_is_not_aow_age(engine, single):
    single["birth_date"] = "1960-12-31"
    assert _norm(_bijstand(engine, single, date(2027, 12, 30))) == Decimal("1401.50")


def test_born_in_1961_needs_67_years_and_3_months(engine, single):
    single["birth_date"] = "1961-01-15"
    assert _norm(_bijstand(engine, single, date(2028, 4, 14))) == Decimal("1401.50")
    assert _norm(_bijstand(engine, single, date(2028, 4, 15))) == Decimal("1564.69")


def test_the_partners_aow_age_is_their_own_birth_dates(engine, single):
    couple = {**single, "has_partner": True, "partner_birth_date": "1960-12-31", "partner_income": "0",
              "partner_in_detention": False, "partner_student_finance": False}
    assert _norm(_bijstand(engine, couple, date(2028, 2, 1))) == Decimal("2144.16")


# -- housemates with their own birth dates (Participatiewet art. 22a) -------------------------
def test_a_housemate_counts_as_cost_sharer_from_the_day_they_turn_27(engine, single):
    data = {**single, "housemates": ["1999-03-10"]}
    del data["housemates_27_plus"]
    assert _norm(_bijstand(engine, data, date(2026, 3, 9))) == Decimal("1401.50")
    assert _norm(_bijstand(engine, data, date(2026, 3, 10))) == Decimal("1001.07")


def test_housemates_by_birth_date_answer_the_housemates_question(engine, single):
    data = {**single, "housemates": []}
    del data["housemates_27_plus"]
    outcome = _bijstand(engine, data, date(2026, 1, 15))
    assert outcome.outcome == "likely" and _reason(outcome, "income").met is True


def test_a_housemates_birth_date_must_be_a_date(single):
    with pytest.raises(SituationError) as error:
        parse_situation({**single, "housemates": ["10-03-1999"]})
    assert error.value.field == "housemates[0]"


# -- lawful residence (Participatiewet art. 11; Vreemdelingenwet 2000 art. 8) -----------------
@pytest.mark.parametrize("status,met", [("dutch", True), ("permit_regular", True), ("permit_asylum", True),
                                        ("eu_citizen", True), ("other_8l", True), ("pending", False),
                                        ("none", False)])
def test_residence_status_decides_lawful_residence(engine, single, status, met):
    outcome = _bijstand(engine, {**single, "residence_status": status}, date(2026, 1, 15))
    assert _reason(outcome, "lawful_residence").met is met
    assert outcome.outcome == ("likely" if met else "unlikely")


def test_without_a_residence_answer_the_advice_cannot_tell(engine, single):
    del single["residence_status"]
    outcome = _bijstand(engine, single, date(2026, 1, 15))
    assert _reason(outcome, "lawful_residence").met is None and outcome.outcome == "unknown"


def test_the_public_check_presumes_lawful_residence_and_does_not_list_it(engine, single):
    del single["residence_status"]
    outcome = _bijstand(engine, single, date(2026, 1, 15), strict=False)
    assert outcome.outcome == "likely"
    assert _reason(outcome, "lawful_residence").applies is False


def test_an_unknown_residence_code_is_refused(single):
    with pytest.raises(SituationError) as error:
        parse_situation({**single, "residence_status": "tourist"})
    assert error.value.field == "residence_status"


# -- the partner's own exclusions (art. 13 lid 1 a, lid 2 c; norm art. 24) --------------------
def _couple(single, **partner):
    return {**single, "has_partner": True, "partner_birth_date": "2001-05-01", "partner_income": "0",
            "partner_in_detention": False, "partner_student_finance": False, **partner}


def test_partner_in_detention_leaves_half_the_couple_norm(engine, single):
    on = date(2026, 1, 15)
    assert _norm(_bijstand(engine, _couple(single), on)) == Decimal("2002.13")
    assert _norm(_bijstand(engine, _couple(single, partner_in_detention=True), on)) == Decimal("1001.07")


def test_partner_under_27_with_student_finance_leaves_half_the_couple_norm(engine, single):
    outcome = _bijstand(engine, _couple(single, partner_student_finance=True), date(2026, 1, 15))
    assert _norm(outcome) == Decimal("1001.07")


def test_student_finance_of_a_partner_of_27_or_over_changes_nothing(engine, single):
    outcome = _bijstand(engine, _couple(single, partner_birth_date="1990-01-01", partner_student_finance=True),
                        date(2026, 1, 15))
    assert _norm(outcome) == Decimal("2002.13")


def test_the_advice_needs_the_partners_exclusions(engine, single):
    data = _couple(single)
    del data["partner_in_detention"]
    outcome = _bijstand(engine, data, date(2026, 1, 15))
    assert _reason(outcome, "income").met is None and outcome.outcome == "unknown"


# -- the search period and its exceptions (art. 41 lid 4) -------------------------------------
def _young(single, **extra):
    return {**single, "birth_date": "2003-06-25", "student_finance": False, **extra}


def test_the_advice_counts_the_search_period_from_the_application_and_judges_it_today(engine, single):
    answers = _young(single)
    answers.pop("reported_on", None)
    applied = date(2026, 1, 15)
    during = advise(engine, "amsterdam", answers, applied, today=date(2026, 2, 1)).scheme("bijstand")
    assert _reason(during, "search_period").met is False
    after = advise(engine, "amsterdam", answers, applied, today=date(2026, 2, 12)).scheme("bijstand")
    assert _reason(after, "search_period").met is True and after.outcome == "likely"


def test_an_exception_waives_the_search_period(engine, single):
    answers = _young(single, search_period_exception=True)
    outcome = advise(engine, "amsterdam", answers, date(2026, 1, 15), today=date(2026, 1, 16)).scheme("bijstand")
    assert _reason(outcome, "search_period").met is True
