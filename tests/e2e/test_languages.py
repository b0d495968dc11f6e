"""Turkish, Polish and Ukrainian in a browser: the citizen's main pages and a page with
errors pass the page checks and axe (and the Nu Html Checker at the end of the run)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_page_ok, set_language
from tests.helpers.auth import login_citizen_in_browser

pytestmark = pytest.mark.e2e
NAME = "Gemeente Amsterdam"


@pytest.mark.parametrize("code", ["tr", "pl", "uk"])
def test_the_main_pages_in_each_new_language(page, code):
    set_language(page, code, "/amsterdam/")
    assert page.evaluate("document.documentElement.lang") == code
    assert_page_ok(page, NAME)
    page.goto("/amsterdam/check/about-you")
    assert_page_ok(page, NAME)
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert_page_ok(page, NAME, expect=400)
    page.goto("/amsterdam/appointments")
    assert_page_ok(page, NAME)
    login_citizen_in_browser(page, "amsterdam")
    assert_page_ok(page, NAME)
    assert page.locator("#section-apply").count() == 1
