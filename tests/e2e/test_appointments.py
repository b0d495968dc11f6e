"""Booking, moving and cancelling in a real browser (htmx on), as a logged-in citizen of
each city and as an anonymous visitor through the manage link; axe on every step.

Which day to book is computed from the tenant's own agenda data (the type's change
limit in appointments.toml) and the days the page offers; the move goes to an offered
day other than the booked one, so the test holds on any date (Tuesdays, holidays).
"""

from datetime import date, timedelta

import pytest

from portal import clock
from portal.appointments.config import config_of
from portal.i18n import format_date
from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import login_citizen_in_browser

TENANTS = {
    "amsterdam": "Gemeente Amsterdam",
    "rotterdam": "Gemeente Rotterdam",
    "den-haag": "Gemeente Den Haag",
    "utrecht": "Gemeente Utrecht",
}


def changeable_from(app, slug: str, type_id: str) -> date:
    """The first day whose every slot starts past the type's change limit, so an
    appointment booked there can still be moved and cancelled."""
    kind = config_of(app.state.tenants[slug]).type(type_id)
    return clock.local_day(clock.now() + timedelta(hours=kind.change_limit_hours)) + timedelta(days=1)


def day_of(href: str) -> date:
    return date.fromisoformat(href.split("day=")[1][:10])


def choose_day(page, name, earliest: date, avoid: date | None = None) -> date:
    """Click the first day the calendar offers as free, from `earliest` on and not `avoid`."""
    while True:
        page.locator(".calendar").wait_for()
        assert_page_ok(page, name)
        hrefs = page.locator(".calendar-free a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        wanted = [h for h in hrefs if day_of(h) >= earliest and day_of(h) != avoid]
        if wanted:
            page.locator(f'.calendar-free a[href="{wanted[0]}"]').click()
            return day_of(wanted[0])
        following = page.get_by_role("link", name="Volgende maand")
        assert following.count(), f"no free day from {earliest} on (other than {avoid}) within the horizon"
        following.click()
        page.wait_for_load_state()


def choose_time_and_continue(page, name, button):
    page.locator('input[name="time"]').first.wait_for()
    assert_page_ok(page, name)
    page.locator('input[name="time"]').first.check()
    page.get_by_role("button", name=button).click()


def move_and_cancel(page, name, booked: date, earliest: date):
    # Another day than the booked one: never the slot the appointment already has.
    page.get_by_role("link", name="Afspraak verzetten").click()
    moved_to = choose_day(page, name, earliest, avoid=booked)
    choose_time_and_continue(page, name, "Afspraak verzetten")
    page.get_by_text("Uw afspraak is verzet").wait_for()
    assert format_date(moved_to, "full", locale="nl") in page.content()
    assert_page_ok(page, name)
    page.get_by_role("link", name="Afspraak afzeggen").click()
    assert_page_ok(page, name)
    page.get_by_role("button", name="Ja, zeg de afspraak af").click()
    page.get_by_text("Uw afspraak is afgezegd.").wait_for()
    assert page.locator(".tag", has_text="Afgezegd").count() == 1
    assert_page_ok(page, name)


@pytest.mark.parametrize("slug", TENANTS)
def test_a_logged_in_citizen_books_moves_and_cancels(page, live_server, slug):
    name = TENANTS[slug]
    earliest = changeable_from(live_server, slug, "intake-bijstand")
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/appointments")
    assert_page_ok(page, name)
    page.get_by_label("Intakegesprek bijstand").check()
    page.get_by_role("button", name="Verder").click()
    page.locator('input[name="location"]').first.wait_for()
    assert_page_ok(page, name)
    page.locator('input[name="location"]').first.check()
    page.get_by_role("button", name="Verder").click()
    booked = choose_day(page, name, earliest)
    choose_time_and_continue(page, name, "Verder")
    page.get_by_role("heading", name="Controleren en bevestigen").wait_for()
    assert_page_ok(page, name)
    page.get_by_label("E-mailadres").fill("inwoner@example.org")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()
    assert "/appointments/" in page.url and "done=booked" in page.url
    assert_page_ok(page, name)
    move_and_cancel(page, name, booked, earliest)
    page.get_by_role("link", name="Al uw afspraken").click()
    assert_page_ok(page, name)


def test_an_anonymous_citizen_books_and_manages_through_the_link(page, live_server):
    # (Each step without JavaScript is covered over HTTP in tests/integration/appointments.)
    name = TENANTS["utrecht"]
    earliest = changeable_from(live_server, "utrecht", "schuldhulp")
    page.goto("/utrecht/appointments")
    assert_page_ok(page, name)
    page.get_by_label("Eerste gesprek schuldhulp").check()
    page.get_by_role("button", name="Verder").click()
    booked = choose_day(page, name, earliest)
    choose_time_and_continue(page, name, "Verder")
    # Forgetting the name: the message sits next to the field and in the summary.
    page.get_by_label("E-mailadres").fill("noor@example.org")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.locator(".error-summary a[href='#field-name']").wait_for()
    assert page.get_by_label("E-mailadres").input_value() == "noor@example.org"
    assert_page_ok(page, name, expect=422)
    page.get_by_label("Uw naam").fill("Noor Hendriks")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()
    assert "/utrecht/appointments/link/" in page.url
    assert_page_ok(page, name)
    move_and_cancel(page, name, booked, earliest)
