"""Focus after every in-place (htmx) swap on the site (WCAG 2.4.3, 4.1.3).

A form sent in place moves focus to what answers it: the error summary (or a booking
step's heading), the first field in error, or the confirmation. A swap that a field
started (a follow-up question, inline validation, a queue filter) leaves focus where the
person is and says what changed in the page's live region (#announcer). Never <body>.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.auth.models import Citizen
from portal.cases.service import open_case
from portal.tenancy.scope import tenant_of
from tests.e2e.conftest import assert_page_ok
from tests.e2e.test_appointments import changeable_from, choose_day
from tests.helpers.auth import demo_people_of, login_citizen_in_browser, login_employee_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e


def focused(page) -> dict:
    """What has the focus: tag, id, and the data-* markers that say why."""
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, invalid: e.getAttribute('aria-invalid'),
                confirmation: e.hasAttribute('data-confirmation'), autofocus: e.hasAttribute('data-autofocus'),
                text: e.textContent.trim()}; }""")


def swapped(page, url_part: str, action) -> None:
    """Do `action`, wait for htmx's answer and for the page to settle on it."""
    with page.expect_response(lambda r: url_part in r.url and "hx-request" in r.request.headers):
        action()
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-request')")
    page.wait_for_timeout(100)  # the announcer is filled just after the swap


def settled(page) -> None:
    """After a swap that a helper started: htmx done, portal.js's focus move done."""
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-request')")
    page.wait_for_timeout(100)


def announced(page) -> str:
    return page.locator("#announcer").inner_text()


def test_sending_a_message_on_a_case_page_focuses_the_error_then_the_confirmation(page, live_settings):
    tenant = "utrecht"
    person = demo_people_of(tenant).citizens[0]

    async def make(session):
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == person.bsn))
        case = await open_case(session, tenant=tenant_of(session), scheme="stadspas", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        return case.id

    case_id = in_tenant_session(live_settings, tenant, make)
    login_citizen_in_browser(page, tenant, person.bsn)
    page.goto(f"/{tenant}/zaken/{case_id}")
    send = page.get_by_role("button", name="Bericht versturen")
    swapped(page, "/bericht", send.click)
    assert focused(page)["id"] == "field-message" and focused(page)["invalid"] == "true"
    assert_page_ok(page, "Gemeente Utrecht")

    page.fill("#field-message", f"Een vraag over mijn pas ({datetime.now():%H:%M:%S}).")
    swapped(page, "/bericht", page.get_by_role("button", name="Bericht versturen").click)
    now = focused(page)
    assert now["confirmation"], f"focus is on {now}, not on the confirmation"
    assert now["tag"] != "body"
    assert_page_ok(page, "Gemeente Utrecht")


def test_a_follow_up_question_of_the_check_keeps_focus_on_the_answer_and_is_announced(page):
    page.goto("/amsterdam/check/about-you")
    yes = page.locator("#field-has_partner-1")
    yes.focus()
    swapped(page, "/follow-up/has_partner", lambda: page.keyboard.press("Space"))
    page.locator("#field-partner_birth_date").wait_for()
    assert focused(page)["id"] == "field-has_partner-1"
    assert "Wat is de geboortedatum van uw partner?" in announced(page)
    assert_page_ok(page, "Gemeente Amsterdam")


def test_inline_validation_leaves_focus_on_the_next_field_and_announces_the_error(page):
    login_citizen_in_browser(page, "rotterdam")
    page.goto("/rotterdam/apply/bijstand")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/apply/drafts/[0-9a-f-]+$"))
    page.goto(f"{page.url}/section/about_you")
    page.fill("#field-birth_date", "31-02-1990")
    # The control that comes after the date in the form, whichever question the tenant's form puts there.
    after = page.evaluate("""() => { const all = [...document.querySelector('#field-birth_date').form.elements]
        .filter(e => e.type !== 'hidden' && !e.disabled && e.tagName !== 'FIELDSET');
        return all[all.indexOf(document.querySelector('#field-birth_date')) + 1].id; }""")
    swapped(page, "/validate/about_you", lambda: page.keyboard.press("Tab"))
    page.locator("#error-birth_date").wait_for()
    assert focused(page)["id"] == after
    assert "deze datum bestaat niet" in announced(page)
    assert_page_ok(page, "Gemeente Rotterdam")


def test_a_queue_filter_keeps_focus_on_the_filter_and_announces_the_count(page):
    login_employee_in_browser(page, "den-haag", "senior")
    page.goto("/den-haag/backoffice/queue")
    page.focus("#field-state")
    swapped(page, "/backoffice/queue", lambda: page.select_option("#field-state", "all"))
    assert focused(page)["id"] == "field-state"
    assert re.fullmatch(r"\d+ (zaak|zaken)", announced(page)), announced(page)
    assert_page_ok(page, "Gemeente Den Haag")


def test_each_booking_and_moving_step_focuses_its_heading_or_the_error_summary(page, live_server):
    name = "Gemeente Utrecht"
    earliest = changeable_from(live_server, "utrecht", "schuldhulp")
    page.goto("/utrecht/appointments")
    # Continue without a choice: the error summary.
    swapped(page, "/utrecht/appointments", page.get_by_role("button", name="Verder").click)
    assert focused(page)["autofocus"] and "error-summary" in page.evaluate("document.activeElement.className")
    page.get_by_label("Eerste gesprek schuldhulp").check()
    swapped(page, "/utrecht/appointments", page.get_by_role("button", name="Verder").click)
    assert focused(page)["autofocus"] and focused(page)["text"] == "Kies een dag"
    booked = choose_day(page, name, earliest)
    page.locator('input[name="time"]').first.wait_for()
    settled(page)
    assert focused(page)["autofocus"] and focused(page)["tag"] in ("legend", "h2", "fieldset")
    page.locator('input[name="time"]').first.check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", name="Controleren en bevestigen").wait_for()
    settled(page)
    assert focused(page)["text"] == "Controleren en bevestigen"
    page.get_by_label("Uw naam").fill("Noor Hendriks")
    page.get_by_label("E-mailadres").fill("noor@example.org")
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_role("heading", name="Uw afspraak is gemaakt").wait_for()

    page.get_by_role("link", name="Afspraak verzetten").click()
    page.locator(".calendar").wait_for()
    choose_day(page, name, earliest, avoid=booked)
    page.locator('input[name="time"]').first.wait_for()
    settled(page)
    assert focused(page)["autofocus"], f"focus is on {focused(page)} after choosing the new day"
    assert_page_ok(page, name)
