"""Werk in a real browser, in every city: a work coach drafts a plan with an offer and
offers it; the citizen agrees, reports two job applications and marks an action done with
an upload; the coach sees all of it on the client record and the client on the caseload.
Axe and the page checks on every page."""

from datetime import timedelta
from pathlib import Path

import pytest

from portal import clock
from portal.auth.models import Citizen
from tests.e2e.conftest import assert_page_ok, cities, watch_navigations
from tests.helpers.auth import demo_people_of, login_citizen_in_browser, login_employee_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e
TENANTS = {
    "amsterdam": "Gemeente Amsterdam",
    "rotterdam": "Gemeente Rotterdam",
    "den-haag": "Gemeente Den Haag",
    "utrecht": "Gemeente Utrecht",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _context(browser, live_url, app):
    context = browser.new_context(base_url=live_url, viewport={"width": 320, "height": 800}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, app)
    return context


def _citizen_id(settings, slug, bsn) -> str:
    from sqlalchemy import select

    async def find(session):
        return str(await session.scalar(select(Citizen.id).where(Citizen.bsn == bsn)))

    return in_tenant_session(settings, slug, find)


@pytest.mark.parametrize("slug", cities(TENANTS, "den-haag"))
def test_a_coach_and_a_citizen_make_and_keep_a_plan(slug, browser, live_url, live_server, live_settings, tmp_path):
    name = TENANTS[slug]
    # The demo's client without a plan, on the first work coach's caseload.
    bsn = demo_people_of(slug).citizens[2].bsn
    citizen_id = _citizen_id(live_settings, slug, bsn)
    config = live_server.state.tenants[slug].section("werk")
    offer = next(o for o in config.offers if o.ends_on >= clock.today() + timedelta(days=14))
    due = (clock.today() + timedelta(days=14)).isoformat()
    record = f"/{slug}/backoffice/werk/clients/{citizen_id}"

    coach = _context(browser, live_url, live_server).new_page()
    login_employee_in_browser(coach, slug, "workcoach")
    coach.goto(f"/{slug}/backoffice/werk")
    assert_page_ok(coach, name)
    coach.goto(record)
    assert_page_ok(coach, name)
    coach.select_option("#field-route_id", config.routes[0].id)
    coach.fill("#field-goals", "Binnen een half jaar werk in de zorg")
    with coach.expect_navigation(url=f"**{record}?done=plan*"):
        coach.get_by_role("button", name="Route en doelen opslaan").click()
    assert_page_ok(coach, name)
    coach.select_option("#field-offer_id", offer.id)
    coach.fill("#field-due_on", due)
    with coach.expect_navigation(url=f"**{record}?done=action*"):
        coach.get_by_role("button", name="Actie toevoegen").click()
    assert_page_ok(coach, name)
    coach.fill("#field-title", "Cv bijwerken")
    coach.fill("#field-due_on", due)
    with coach.expect_navigation(url=f"**{record}?done=action*"):
        coach.get_by_role("button", name="Actie toevoegen").click()
    with coach.expect_navigation(url=f"**{record}?done=offered*"):
        coach.get_by_role("button", name="Plan aan de klant voorleggen").click()
    assert_page_ok(coach, name)

    citizen = _context(browser, live_url, live_server).new_page()
    login_citizen_in_browser(citizen, slug, bsn)
    citizen.goto(f"/{slug}/werk")
    assert_page_ok(citizen, name)
    assert offer.name in citizen.content()
    with citizen.expect_navigation(url=f"**/{slug}/werk?done=agreed*"):
        citizen.get_by_role("button", name="Ik ga akkoord met dit plan").click()
    assert_page_ok(citizen, name)
    for employer in ("Zorggroep West", "Thuiszorg Oost"):
        citizen.fill("#field-employer", employer)
        citizen.fill("#field-position", "Helpende")
        citizen.select_option("#field-how", "email")
        citizen.select_option("#field-result", "waiting")
        with citizen.expect_navigation(url=f"**/{slug}/werk?done=application*"):
            citizen.get_by_role("button", name="Sollicitatie opslaan").click()
        assert_page_ok(citizen, name)
    assert f"Deze maand: 2 van de {config.monthly_applications} sollicitaties" in citizen.content()
    citizen.locator(".werk-actions li", has_text="Cv bijwerken").get_by_role("link", name="Doorgeven dat het klaar is").click()
    assert_page_ok(citizen, name)
    proof = tmp_path / "cv.pdf"
    proof.write_bytes(PDF)
    citizen.fill("#field-note", "Mijn cv is klaar en opgestuurd")
    citizen.set_input_files("#field-file", str(proof))
    with citizen.expect_navigation(url=f"**/{slug}/werk?done=action*"):
        citizen.get_by_role("button", name="Doorgeven dat het klaar is").click()
    assert_page_ok(citizen, name)

    coach.goto(record)
    assert_page_ok(coach, name)
    text = coach.content()
    for seen in ("Mijn cv is klaar en opgestuurd", "Bewijs toegevoegd", "Zorggroep West", "Thuiszorg Oost", "Akkoord"):
        assert seen in text, seen
    coach.goto(f"/{slug}/backoffice/werk?filter=all")
    assert_page_ok(coach, name)
    assert record in coach.content()
    # An exemption stops the job-application target.
    coach.goto(record)
    coach.fill("#field-exempt_reason", "Mantelzorg voor een ouder")
    coach.fill("#field-exempt_until", (clock.today() + timedelta(days=60)).isoformat())
    with coach.expect_navigation(url=f"**{record}?done=exemption*"):
        coach.get_by_role("button", name="Ontheffing verlenen").click()
    assert_page_ok(coach, name)
    citizen.goto(f"/{slug}/werk")
    assert_page_ok(citizen, name)
    assert "U hoeft tot" in citizen.content() and "Deze maand:" not in citizen.content()
    citizen.context.close()
    coach.context.close()
