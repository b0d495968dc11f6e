"""The back office in a browser: from a new application to a decision the citizen reads,
with a second pair of eyes; and the proposer cannot approve their own proposal."""

from datetime import timedelta

import pytest

from portal import clock
from portal.auth.models import Citizen
from portal.cases.service import open_case
from tests.e2e.conftest import assert_page_ok, watch_navigations
from tests.helpers.auth import demo_employee, demo_people_of, login_citizen_in_browser, login_employee_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e
SLUG, NAME, BSN = "amsterdam", "Gemeente Amsterdam", "111222333"


def _new_case(settings, tenant) -> str:
    """A fresh application of a demo citizen, opened through the case service."""
    from sqlalchemy import select

    async def _open(session) -> str:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == BSN))
        case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={"situation": {"birth_date": "1980-05-14"}})
        return str(case.id)

    return in_tenant_session(settings, SLUG, _open)


def _context(browser, live_url, app):
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, app)
    return context


def _open(page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def test_from_application_to_decision_with_a_second_pair_of_eyes(browser, live_url, live_server, live_settings):
    case_id = _new_case(live_settings, live_server.state.tenants[SLUG])
    case_path = f"/{SLUG}/backoffice/cases/{case_id}"
    worker = _context(browser, live_url, live_server).new_page()
    login_employee_in_browser(worker, SLUG, "caseworker")
    assert_page_ok(worker, NAME)  # the back-office home with the queue summary
    worker.goto(case_path)
    assert_page_ok(worker, NAME)
    worker.get_by_role("button", name="Neem deze zaak").click()
    worker.wait_for_url(f"**{case_path}?done=assign*")
    _open(worker, "Informatie vragen")
    worker.fill("#field-request_info_question", "Stuur uw bankafschriften van de laatste 3 maanden.")
    worker.fill("#field-request_info_documents", "Bankafschriften")
    worker.get_by_role("button", name="Verstuur de vraag").click()
    worker.wait_for_url(f"**{case_path}?done=request-info*")
    assert "Meer informatie nodig" in worker.locator(".case-summary").inner_text()
    assert_page_ok(worker, NAME)

    citizen = _context(browser, live_url, live_server).new_page()
    login_citizen_in_browser(citizen, SLUG, BSN)
    citizen.goto(f"/{SLUG}/zaken/{case_id}")
    citizen.fill("#field-text", "Hierbij mijn bankafschriften.")
    citizen.locator('form[action$="/antwoord"] button[type=submit]').click()
    citizen.wait_for_load_state()

    worker.goto(case_path)
    assert "Hierbij mijn bankafschriften." in worker.locator(".case-history").inner_text()
    _open(worker, "Besluit voorstellen")
    worker.locator("#field-propose_outcome-1").check()
    worker.fill("#field-propose_amount", "1401,50")
    worker.fill("#field-propose_start_date", clock.today().isoformat())
    worker.fill("#field-propose_period_months", "12")
    worker.get_by_role("button", name="Stel het besluit voor").click()
    worker.wait_for_url(f"**{case_path}?done=propose*")
    assert worker.get_by_role("heading", name="Voorstel wacht op een tweede paar ogen").is_visible()
    assert worker.get_by_role("button", name="Keur goed en verstuur het besluit").count() == 0  # not for the proposer
    assert_page_ok(worker, NAME)

    senior = _context(browser, live_url, live_server).new_page()
    login_employee_in_browser(senior, SLUG, "senior")
    senior.goto(f"/{SLUG}/backoffice/queue?approval=mine")  # the senior finds what waits for them
    assert_page_ok(senior, NAME)
    senior.locator(f'.queue-list a[href$="{case_id}"]').click()
    senior.wait_for_url(f"**{case_path}")
    senior.get_by_role("button", name="Keur goed en verstuur het besluit").click()
    senior.wait_for_url(f"**{case_path}?done=approve*")
    assert "Besluit verstuurd" in senior.locator(".case-history").inner_text()

    citizen.goto(f"/{SLUG}/zaken/{case_id}")
    decision = citizen.locator("#decision")
    assert decision.is_visible()
    assert "1.401,50" in decision.inner_text()
    letter = citizen.locator('a[href$="beschikking.pdf"]').first.get_attribute("href")
    response = citizen.request.get(letter)
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    for page in (worker, citizen, senior):
        page.context.close()


def test_a_seniors_own_proposal_shows_no_approve_button_and_the_team_lead_approves_it(
        browser, live_url, live_server, live_settings):
    """The one senior of a city cannot approve their own proposal: the page offers no
    button that would be refused, names who can (the team lead, cases.toml), and they do."""
    case_id = _new_case(live_settings, live_server.state.tenants[SLUG])
    case_path = f"/{SLUG}/backoffice/cases/{case_id}"
    senior = _context(browser, live_url, live_server).new_page()
    login_employee_in_browser(senior, SLUG, "senior")
    senior.goto(case_path)
    _open(senior, "Besluit voorstellen")
    senior.locator("#field-propose_outcome-1").check()
    senior.fill("#field-propose_amount", "900")
    senior.fill("#field-propose_start_date", (clock.today() + timedelta(days=1)).isoformat())
    senior.get_by_role("button", name="Stel het besluit voor").click()
    senior.wait_for_url(f"**{case_path}?done=propose*")
    assert senior.get_by_role("button", name="Keur goed en verstuur het besluit").count() == 0
    lead = demo_people_of(SLUG).employee("ams-teamlead-1")
    assert lead.name in senior.locator("#approvers").inner_text()
    assert "Besluit verstuurd" not in senior.locator(".case-history").inner_text()
    assert_page_ok(senior, NAME)
    senior.context.close()

    approver = _context(browser, live_url, live_server).new_page()
    approver.goto(f"/{SLUG}/login/start?kind=employee")
    approver.locator(f'input[name="person"][value="{lead.subject}"]').check()
    approver.locator('button[name="action"][value="login"]').click()
    approver.wait_for_url(f"**/{SLUG}/backoffice/")
    approver.goto(case_path)
    approver.get_by_role("button", name="Keur goed en verstuur het besluit").click()
    approver.wait_for_url(f"**{case_path}?done=approve*")
    assert "Besluit verstuurd" in approver.locator(".case-history").inner_text()
    assert_page_ok(approver, NAME)
    approver.context.close()


def test_admin_pages_preview_colours_and_pass_axe(browser, live_url, live_server, live_settings):
    case_id = _new_case(live_settings, live_server.state.tenants[SLUG])
    admin = _context(browser, live_url, live_server).new_page()
    login_employee_in_browser(admin, SLUG, "admin")
    admin.goto(f"/{SLUG}/backoffice/cases/{case_id}")  # looking is audited: an entry of this test's own
    reference = admin.locator("h1").inner_text().split()[-1]  # "Zaak AMS-2026-000123"
    admin.goto(f"/{SLUG}/backoffice/audit")
    [own] = admin.locator(".audit-item", has=admin.locator("a.case-ref", has_text=reference)).all()
    assert "Dossier bekeken" in own.inner_text()  # the action: this test's look at the case file
    assert f"{demo_employee(SLUG, 'admin').name} (Functioneel beheerder)" in own.inner_text()  # by whom
    assert_page_ok(admin, NAME)
    admin.goto(f"/{SLUG}/backoffice/settings")
    assert_page_ok(admin, NAME)
    admin.fill("#field-primary", "#7FB2E5")  # too light for white text
    admin.get_by_role("button", name="Voorbeeld").click()
    assert "4,5 op 1" in admin.locator(".error-summary").inner_text()
    admin.fill("#field-primary", "#00457F")
    admin.get_by_role("button", name="Voorbeeld").click()
    assert admin.locator("#preview").is_visible()
    assert_page_ok(admin, NAME)
    admin.context.close()
