from __future__ import annotations

from datetime import date

import pytest

from portal.checks import service
from portal.rules.engine import RulesEngine
from portal.rules.system import DEFAULT_TENANTS_DIR

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def engine():
    return RulesEngine.load(DEFAULT_TENANTS_DIR, ["amsterdam"])


def submit(slug, form, answers=None, rendered=None):
    return service.submit_page("amsterdam", slug, form, answers or {}, ON, rendered=rendered)


def test_follow_up_appears_without_error_when_not_shown_yet():
    result = submit("about-you", {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "yes"},
                    rendered=["lives_here", "birth_date", "has_partner"])
    assert not result.complete
    assert result.errors == {}
    assert [q.key for q in service.page("about-you").visible(result.answers, ON)][-1] == "partner_birth_date"


def test_bad_input_names_the_field_and_keeps_other_answers():
    form = {"lives_here": "yes", "birth_date": "1985-31-01", "has_partner": "no"}
    result = submit("about-you", form, rendered=list(form))
    assert result.errors == {"birth_date": service.ERR_DATE_MISSING}
    assert result.values["birth_date"] == "1985-31-01"
    assert result.answers["has_partner"] is False
    assert result.answers["municipality"] == "amsterdam"


def test_dates_are_typed_day_month_year_as_on_the_application_form():
    form = {"lives_here": "yes", "birth_date": "31-01-1985", "has_partner": "no"}
    result = submit("about-you", form, rendered=list(form))
    assert result.errors == {} and result.answers["birth_date"] == "1985-01-31"
    assert service.form_values(result.answers)["birth_date"] == "31-01-1985"
    assert submit("about-you", {**form, "birth_date": "1985-01-31"}, rendered=list(form)).answers["birth_date"] == "1985-01-31"
    assert submit("about-you", {**form, "birth_date": "31 januari"}, rendered=list(form)).errors == {
        "birth_date": service.ERR_DATE_FORMAT}
    children = submit("household", {"children_count": "1", "child_1": "1/9/2015", "housemates_27_plus": "0"},
                      rendered=["children_count", "children", "housemates_27_plus"])
    assert children.answers["children"] == ["2015-09-01"]
    assert service.form_values(children.answers)["child_1"] == "01-09-2015"


def test_required_questions():
    result = submit("money", {"income": "", "assets": "0", "debts": "0", "home_equity": "0"},
                    rendered=["income", "assets", "debts", "home_equity"])
    assert result.errors == {"income": service.ERR_REQUIRED}


def test_children_dates_are_asked_for_the_count():
    result = submit("household", {"children_count": "2", "housemates_27_plus": "0"},
                    rendered=["children_count", "housemates_27_plus"])
    assert not result.complete and result.errors == {}
    result = submit("household", {"children_count": "2", "child_1": "2015-01-01", "child_2": "2018-02-02",
                                  "housemates_27_plus": "0"}, rendered=["children_count", "children", "housemates_27_plus"])
    assert result.complete
    assert result.answers["children"] == ["2015-01-01", "2018-02-02"]


def test_partner_answers_dropped_when_no_partner():
    answers = {"has_partner": True, "partner_birth_date": "1980-01-01"}
    result = submit("about-you", {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "no"}, answers)
    assert "partner_birth_date" not in result.answers


def test_whole_check_evaluates(engine):
    answers = {}
    forms = {
        "about-you": {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "no"},
        "household": {"children_count": "0", "housemates_27_plus": "0"},
        "money": {"income": "400", "assets": "100", "debts": "0", "home_equity": "0"},
        "situation": {"in_detention": "no", "months_low_income": "40", "special_costs": ""},
    }
    for slug, form in forms.items():
        result = submit(slug, form, answers)
        assert result.complete, (slug, result.errors)
        answers = result.answers
    evaluation = service.evaluate(engine, "amsterdam", answers, ON)
    outcomes = {s.scheme: s.outcome for s in evaluation.schemes}
    assert outcomes == {"bijstand": "likely", "inkomenstoeslag": "likely", "bijzondere-bijstand": "unknown",
                        "stadspas": "likely"}


def test_dates_are_read_against_what_the_question_means():
    """A child at home is under 27 (older ones are "other people aged 27 or over"), a partner
    is of age, and nobody is born tomorrow."""
    household = submit("household", {"children_count": "2", "child_1": "01-01-1986", "child_2": "01-01-2010",
                                     "housemates_27_plus": "0"}, rendered=["children_count", "children", "housemates_27_plus"])
    assert household.errors == {"child_1": service.ERR_CHILD_AGE}
    about = {"lives_here": "yes", "birth_date": "16-01-2026", "has_partner": "yes", "partner_birth_date": "16-01-2008"}
    result = submit("about-you", about, rendered=list(about))
    assert result.errors == {"birth_date": service.ERR_FUTURE, "partner_birth_date": service.ERR_PARTNER_AGE}
    assert "partner_birth_date" not in result.answers
    adult = submit("about-you", {**about, "birth_date": "15-01-2026", "partner_birth_date": "15-01-2008"},
                   rendered=list(about))
    assert adult.errors == {}
