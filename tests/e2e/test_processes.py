"""In a real browser, in each city: a Wmo melding through the conversation, the report
(read and commented on), the application and the decision; and an urgent debt-help
request that the back office shows first, with its three-working-day term. Axe and the
page checks on every page."""

import re

import pytest

from portal import clock
from portal.i18n import format_date
from portal.processes.terms import add_working_days
from tests.e2e.conftest import assert_page_ok, cities, watch_navigations
from tests.helpers.auth import login_citizen_in_browser, login_employee_in_browser

TENANTS = {
    "amsterdam": "Gemeente Amsterdam",
    "rotterdam": "Gemeente Rotterdam",
    "den-haag": "Gemeente Den Haag",
    "utrecht": "Gemeente Utrecht",
}


@pytest.fixture
def staff(browser, live_url, live_server):
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, live_server)
    page = context.new_page()
    yield page
    context.close()


def move(staff, name, to: str, decision: str | None = None):
    staff.get_by_label("Zet de zaak naar").select_option(label=to)
    if decision:
        staff.get_by_label("Besluit", exact=True).select_option(label=decision)
    staff.get_by_role("button", name="Verplaatsen").click()
    staff.wait_for_load_state()
    assert_page_ok(staff, name)


@pytest.mark.parametrize("slug", cities(TENANTS, "rotterdam"))
def test_a_wmo_melding_through_conversation_report_application_and_decision(page, staff, slug):
    name = TENANTS[slug]
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/")
    assert_page_ok(page, name)
    page.get_by_role("link", name="Hulp thuis (Wmo)").click()
    assert_page_ok(page, name)
    # Nothing filled in: the messages sit next to the questions.
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.locator(".error-summary a[href='#field-hulpvraag']").wait_for()
    assert_page_ok(page, name, expect=400)
    page.get_by_label("Waar hebt u hulp bij nodig?").fill("Ik kan niet meer zelf schoonmaken.")
    page.get_by_label("Op welk telefoonnummer kunnen we u bellen?").fill("0612345678")
    page.get_by_role("group", name="Wilt u het gesprek bij u thuis?").get_by_label("Ja").check()
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.get_by_role("heading", name="Hulp thuis (Wmo)").wait_for()
    assert_page_ok(page, name)
    case_url = page.url.split("?")[0]
    case_id = case_url.rstrip("/").rsplit("/", 1)[1]
    assert page.locator(".process-step-current h3", has_text="Melding ontvangen").count() == 1
    assert "Onderzoek klaar: uiterlijk op" in page.content()

    login_employee_in_browser(staff, slug)
    staff.goto(f"/{slug}/backoffice/proces/{case_id}")
    assert_page_ok(staff, name)
    assert "Ik kan niet meer zelf schoonmaken." in staff.content()
    move(staff, name, "Gesprek")
    move(staff, name, "Verslag")
    staff.get_by_label("Verslag van het gesprek").fill("Mevrouw heeft hulp nodig bij het huishouden.")
    staff.get_by_role("button", name="Document opslaan").click()
    staff.wait_for_load_state()
    assert_page_ok(staff, name)

    page.goto(case_url)
    assert_page_ok(page, name)
    assert "Mevrouw heeft hulp nodig bij het huishouden." in page.content()
    page.get_by_label("Uw reactie op het verslag").fill("Ook de boodschappen lukken niet.")
    page.get_by_role("button", name="Reactie versturen").click()
    page.get_by_text("Ook de boodschappen lukken niet.").wait_for()
    assert_page_ok(page, name)
    page.get_by_label("Welke hulp vraagt u aan?").fill("Huishoudelijke hulp, 3 uur per week")
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.locator(".process-step-current h3", has_text="Aanvraag").wait_for()
    assert "Besluit op de aanvraag: uiterlijk op" in page.content()
    assert_page_ok(page, name)

    staff.goto(f"/{slug}/backoffice/proces/{case_id}")
    assert "Ook de boodschappen lukken niet." in staff.content()
    move(staff, name, "Besluit", "Toegekend")
    page.goto(case_url)
    page.get_by_role("heading", name="U krijgt hulp thuis").wait_for()
    assert_page_ok(page, name)


@pytest.mark.parametrize("slug", cities(TENANTS, "utrecht"))
def test_an_urgent_debt_help_request_is_first_in_the_back_office_with_its_three_working_day_term(page, staff, slug):
    name = TENANTS[slug]
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/hulp/schuldhulp")
    assert_page_ok(page, name)
    page.get_by_label("Vertel kort over uw schulden").fill("De verhuurder wil mij uit huis zetten.")
    page.get_by_label("Op welk telefoonnummer kunnen we u bellen?").fill("0612345678")
    page.get_by_role("group", name="Dreigt u uit uw huis gezet te worden?").get_by_label("Ja").check()
    page.get_by_role("group", name="Worden uw gas, stroom of water binnenkort afgesloten?").get_by_label("Nee").check()
    page.get_by_role("group", name="Wordt uw zorgverzekering opgezegd?").get_by_label("Nee").check()
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.get_by_role("heading", name="Hulp bij schulden").wait_for()
    assert_page_ok(page, name)
    reference = re.search(r"[A-Z]{2,4}-\d{4}-\d{6}", page.locator(".caption").inner_text()).group(0)
    assert "Eerste gesprek (spoed): uiterlijk op" in page.content()

    login_employee_in_browser(staff, slug)
    assert_page_ok(staff, name)
    sections = staff.locator("main h2").all_inner_texts()
    assert sections.index("Spoedaanvragen") < sections.index("Werkvoorraad"), sections
    row = staff.locator(".queue-table tr", has_text=reference)
    last_day = add_working_days(clock.today(), 3)
    assert "Eerste gesprek (spoed): uiterlijk op" in row.inner_text()
    assert format_date(last_day, "long", locale="nl") in row.inner_text()
    staff.goto(f"/{slug}/backoffice/queue")
    assert_page_ok(staff, name)
    queue_row = staff.locator("tr.queue-item", has_text=reference)
    assert queue_row.locator(".tag", has_text="Spoed").count() == 1
