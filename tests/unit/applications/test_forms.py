"""Form definitions as data: which pages apply, the Situation for the rules, prefill,
the search period for young applicants."""

from __future__ import annotations

from datetime import datetime, timezone

import msgspec

from portal.applications import service
from portal.applications.forms import FormDef, check_form, form_for
from portal.applications.models import Application
from portal.applications.submit import search_period_until
from portal.domains import import_models
from portal.settings import PROJECT_ROOT
from portal.domains import load_tenants

import_models()
TENANTS = load_tenants(PROJECT_ROOT / "tenants")
FORM = form_for(TENANTS["amsterdam"], "bijstand")


def ids(answers):
    return [s.id for s in service.visible_sections(FORM, answers)]


def test_sections_appear_only_when_relevant():
    assert "partner" not in ids({"has_partner": "no", "children_count": "0"})
    assert "children" not in ids({"has_partner": "no", "children_count": "0"})
    assert {"partner", "children"} <= set(ids({"has_partner": "yes", "children_count": "2"}))
    children = service.section_by_id(FORM, "children")
    groups = service.section_groups(FORM, children, {"children_count": "2"})
    assert [g.number for g in groups] == [1, 2]
    assert groups[1].questions[0].key == "child_name__2"


def test_the_partner_income_is_asked_only_with_a_partner():
    income = service.section_by_id(FORM, "income")
    alone = [q.key for q in service.section_questions(FORM, income, {"has_partner": "no"})]
    together = [q.key for q in service.section_questions(FORM, income, {"has_partner": "yes"})]
    assert "partner_income" not in alone and "income" in alone
    assert "partner_income" in together


def test_a_tenant_question_is_asked_with_its_own_texts():
    assets = service.section_by_id(FORM, "assets")
    keys = [q.key for q in service.section_questions(FORM, assets, {})]
    assert "debt_help" in keys
    rotterdam = form_for(TENANTS["rotterdam"], "bijstand")
    assert "debt_help" not in service.section_by_id(rotterdam, "assets").questions


def test_bad_form_files_are_reported():
    form = msgspec.convert({"scheme": "bijstand", "sections": [{"id": "about_you", "questions": ["shoe_size"]}],
                            "questions": {"pet": {"type": "colour", "label": {"nl": "Huisdier"}}}}, FormDef)
    problems = dict(check_form(form, None))
    assert "unknown question 'shoe_size'" in problems["sections[0].questions"]
    assert "unknown type" in problems["questions.pet.type"]
    assert "needs a text in 'en'" in problems["questions.pet.label"]


def test_situation_for_the_rules_engine():
    answers = {"birth_date": "1990-01-01", "has_partner": "yes", "partner_birth_date": "1991-01-01",
               "children_count": "1", "child_birth_date__1": "2015-04-03", "income": "0.00",
               "partner_income": "1234.56", "housemates_27_plus": "0", "student_finance": "no"}
    situation = service.situation_of(FORM, answers)
    assert situation == {"birth_date": "1990-01-01", "partner_birth_date": "1991-01-01", "has_partner": True,
                         "student_finance": False, "housemates_27_plus": 0, "income": "0.00",
                         "partner_income": "1234.56", "children": ["2015-04-03"]}


def test_prefill_from_the_check_or_the_demo_household():
    answers = service.prefill({"birth_date": "1991-11-08", "has_partner": False, "children": ["2015-03-12"],
                               "income": "620.00", "partner_birth_date": "1990-01-01"}, "a@example.org")
    assert answers == {"email": "a@example.org", "birth_date": "1991-11-08", "has_partner": "no",
                       "income": "620.00", "children_count": "1", "child_birth_date__1": "2015-03-12"}


def test_search_period_under_27():
    submitted = datetime(2026, 3, 5, 10, tzinfo=timezone.utc)
    young = Application(answers={"birth_date": "2003-06-25"}, submitted_at=submitted)
    older = Application(answers={"birth_date": "1980-06-25"}, submitted_at=submitted)
    assert search_period_until(FORM, young).isoformat() == "2026-04-02"
    assert search_period_until(FORM, older) is None
    assert search_period_until(form_for(TENANTS["amsterdam"], "stadspas"), young) is None
