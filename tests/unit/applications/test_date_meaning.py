"""A date is read against what its question means: a child at home under 18, a partner of age."""

from __future__ import annotations

from datetime import date

import pytest

from portal import i18n
from portal.applications import service
from portal.applications.forms import question
from portal.domains import load_tenants
from portal.settings import PROJECT_ROOT

TODAY = date(2026, 3, 5)
TENANTS = load_tenants(PROJECT_ROOT / "tenants")


@pytest.fixture(scope="module", autouse=True)
def catalogs():
    i18n.load_catalogs(PROJECT_ROOT / "locales")


def errors(key: str, raw: str, locale: str = "en") -> dict[str, str]:
    from portal.applications.forms import form_for

    form = form_for(TENANTS["amsterdam"], "bijstand")
    with i18n.use_locale(locale):
        _, found = service.validate([question(form, key)], {key: raw}, TODAY)
    return found


def test_a_child_born_in_1986_is_no_child_at_home():
    assert errors("child_birth_date__1", "02-03-1986") == {
        "child_birth_date__1": "Check the date of birth of child 1: only children under 18 count here."}
    assert errors("child_birth_date__2", "05-03-2008", "nl") == {  # 18 today
        "child_birth_date__2": "Kijk de geboortedatum van kind 2 na: alleen kinderen onder 18 tellen hier mee."}
    assert errors("child_birth_date__1", "06-03-2008") == {}  # 18 tomorrow


def test_a_partner_is_of_age():
    assert errors("partner_birth_date", "06-03-2008") == {
        "partner_birth_date": "Check the date of birth of your partner: a partner is 18 or older."}
    assert errors("partner_birth_date", "05-03-2008") == {}


def test_the_prefill_from_the_check_takes_only_children_under_18():
    answers = service.prefill({"children": ["2015-03-12", "2001-01-01"]}, None)
    assert answers["children_count"] == "1" and answers["child_birth_date__1"] == "2015-03-12"
