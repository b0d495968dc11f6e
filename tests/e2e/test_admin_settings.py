"""The admin's colour fields in a browser: the swatch and the contrast figure follow what
is typed, before anything is saved."""

from __future__ import annotations

import pytest

from portal.tenancy.contrast import contrast_ratio
from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import login_employee_in_browser

pytestmark = pytest.mark.e2e


def test_typing_a_colour_updates_its_swatch_and_the_contrast_figure(page, live_server):
    branding = live_server.state.tenants["rotterdam"].config.branding
    login_employee_in_browser(page, "rotterdam", "admin")
    page.goto("/rotterdam/backoffice/settings")
    assert_page_ok(page, "Gemeente Rotterdam")
    row = page.locator('tr[data-contrast-fg="text"][data-contrast-bg="background"]')
    page.fill("#field-text", "#999999")
    expected = f"{round(contrast_ratio('#999999', branding.background), 1):.1f}".replace(".", ",")
    assert row.locator(".contrast-ratio").inner_text() == f"{expected} : 1"
    assert row.locator(".contrast-verdict").inner_text() == "te laag"
    assert page.eval_on_selector("#swatch-text", "e => getComputedStyle(e).backgroundColor") == "rgb(153, 153, 153)"
    page.fill("#field-text", "#1A1A1A")
    assert row.locator(".contrast-verdict").inner_text() == "voldoende"
    page.fill("#field-text", "#12")
    assert row.locator(".contrast-ratio").inner_text() == "– : 1"
