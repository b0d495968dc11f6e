"""Logging in through the development provider in a real browser, and out again."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import demo_citizen, demo_employee

pytestmark = pytest.mark.e2e


def test_citizen_logs_in_with_digid_and_out(page):
    person = demo_citizen("rotterdam")
    page.goto("/rotterdam/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.wait_for_url(re.compile(r"/dev-idp/authorize"))
    assert_page_ok(page)
    assert page.get_by_text("Testomgeving").is_visible()
    page.get_by_label(re.compile(person.name)).check()
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/rotterdam/mijn")
    assert_page_ok(page, "Gemeente Rotterdam")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn overzicht"
    assert page.get_by_text(f"Ingelogd als {person.first_name}").is_visible()
    assert page.locator("body").get_attribute("data-idle-seconds") not in (None, "0")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/rotterdam/logged-out")
    assert_page_ok(page, "Gemeente Rotterdam")
    page.goto("/rotterdam/mijn")
    page.wait_for_url(re.compile(r"/rotterdam/login\?next="))


def test_employee_logs_in_with_the_work_account_and_out(page):
    person = demo_employee("den-haag", "admin")
    page.goto("/den-haag/")
    page.get_by_role("link", name="Inloggen", exact=True).click()
    page.get_by_role("link", name="Inloggen als medewerker").click()
    assert_page_ok(page, "Gemeente Den Haag")
    page.get_by_role("link", name="Inloggen met uw werkaccount").click()
    page.wait_for_url(re.compile(r"/dev-idp/authorize"))
    assert_page_ok(page)
    page.get_by_label(re.compile(person.name)).check()
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/den-haag/backoffice/")
    assert_page_ok(page, "Gemeente Den Haag")
    assert page.get_by_text("functioneel beheerder").first.is_visible()
    # The same browser is nobody at another municipality.
    response = page.goto("/amsterdam/backoffice/")
    assert response.status == 404
    page.goto("/den-haag/backoffice/")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/den-haag/logged-out")
