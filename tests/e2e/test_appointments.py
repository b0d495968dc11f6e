"""Booking, moving and cancelling in a real browser (htmx on), as a logged-in citizen of
each city and as an anonymous visitor through the manage link; axe on every step."""

from datetime import date, timedelta

import pytest

from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import login_citizen_in_browser

TENANTS = {
    "amsterdam": "Gemeente Amsterdam",
    "rotterdam": "Gemeente Rotterdam",
    "den-haag": "Gemeente Den Haag",
    "utrecht": "Gemeente Utrecht",
}


def choose_day(page, name, days_ahead=4):
    """Click the first free day at least `days_ahead` days away (past the change limit)."""
    earliest = (date.today() + timedelta(days=days_ahead)).isoformat()
    for _ in range(3):
        page.locator(".calendar").wait_for()
        assert_page_ok(page, name)
        hrefs = page.locator(".calendar-free a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        later = [h for h in hrefs if h.split("day=")[1][:10] >= earliest]
        if later:
            page.locator(f'.calendar-free a[href="{later[0]}"]').click()
            return
        page.get_by_role("link", name="Volgende maand").click()
        page.wait_for_load_state()
    raise AssertionError("no free day found")


def choose_time_and_continue(page, name, button):
    page.locator('input[name="time"]').first.wait_for()
    assert_page_ok(page, name)
    page.locator('input[name="time"]').first.check()
    page.get_by_role("button", name=button).click()


def move_and_cancel(page, name):
    page.get_by_role("link", name="Afspraak verzetten").click()
    choose_day(page, name, days_ahead=5)
    choose_time_and_continue(page, name, "Afspraak verzetten")
    page.get_by_text("Uw afspraak is verzet").wait_for()
    assert_page_ok(page, name)
    page.get_by_role("link", name="Afspraak afzeggen").click()
    assert_page_ok(page, name)
    page.get_by_role("button", name="Ja, zeg de afspraak af").click()
    page.get_by_text("Uw afspraak is afgezegd.").wait_for()
    assert page.locator(".tag", has_text="Afgezegd").count() == 1
    assert_page_ok(page, name)


@pytest.mark.parametrize("slug", TENANTS)
def test_a_logged_in_citizen_books_moves_and_cancels(page, slug):
    name = TENANTS[slug]
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/appointments")
    assert_page_ok(page, name)
    page.get_by_label("Intakegesprek bijstand").check()
    page.get_by_role("button", name="Verder").click()
    page.locator('input[name="location"]').first.wait_for()
    assert_page_ok(page, name)
    page.locator('input[name="location"]').first.check()
    page.get_by_role("button", name="Verder").click()
    choose_day(page, name)
    choose_time_and_continue(page, name, "Verder")
    page.get_by_role("heading", name="Controleren en bevestigen").wait_for()
    assert_page_ok(page, name)
    page.get_by_label("E-mailadres").fill("inwoner@example.org")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()
    assert "/appointments/" in page.url and "done=booked" in page.url
    assert_page_ok(page, name)
    move_and_cancel(page, name)
    page.get_by_role("link", name="Al uw afspraken").click()
    assert_page_ok(page, name)


def test_an_anonymous_citizen_books_and_manages_through_the_link(page):
    # (Each step without JavaScript is covered over HTTP in tests/integration/appointments.)
    name = TENANTS["utrecht"]
    page.goto("/utrecht/appointments")
    assert_page_ok(page, name)
    page.get_by_label("Eerste gesprek schuldhulp").check()
    page.get_by_role("button", name="Verder").click()
    choose_day(page, name)
    choose_time_and_continue(page, name, "Verder")
    # Forgetting the name: the message sits next to the field and in the summary.
    page.get_by_label("E-mailadres").fill("noor@example.org")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.locator(".error-summary a[href='#field-name']").wait_for()
    assert page.get_by_label("E-mailadres").input_value() == "noor@example.org"
    assert_page_ok(page, name)
    page.get_by_label("Uw naam").fill("Noor Hendriks")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()
    assert "/utrecht/appointments/link/" in page.url
    assert_page_ok(page, name)
    move_and_cancel(page, name)
