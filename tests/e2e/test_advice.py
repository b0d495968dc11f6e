"""The advice in the case file, in a browser: it marks what it still needs, the caseworker
answers it there, the advice decides and the proposal form carries its amount (issue #15)."""

import pytest

from portal.auth.models import Citizen
from portal.cases.service import open_case
from tests.e2e.conftest import assert_page_ok, watch_navigations
from tests.helpers.auth import login_employee_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e
SLUG, NAME, BSN = "amsterdam", "Gemeente Amsterdam", "111222333"
SITUATION = {"birth_date": "1980-05-14", "has_partner": False, "children": [], "housemates_27_plus": 0,
             "income": "0.00", "assets": "1200.00", "debts": "0.00", "home_equity": "0.00", "in_detention": False}


def _new_case(settings, tenant) -> str:
    from sqlalchemy import select

    async def _open(session) -> str:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == BSN))
        case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={"sections": [], "situation": dict(SITUATION)})
        return str(case.id)

    return in_tenant_session(settings, SLUG, _open)


def test_the_caseworker_answers_what_the_advice_needs_and_it_decides(browser, live_url, live_server, live_settings):
    case_path = f"/{SLUG}/backoffice/cases/{_new_case(live_settings, live_server.state.tenants[SLUG])}"
    context = browser.new_context(base_url=live_url, viewport={"width": 320, "height": 800}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, live_server)
    worker = context.new_page()
    login_employee_in_browser(worker, SLUG, "caseworker")
    worker.goto(case_path)
    assert_page_ok(worker, NAME)
    advice = worker.locator("section[aria-labelledby=advice-title]")
    assert "Niet te zeggen" in advice.inner_text() and "onbekend" in advice.inner_text()
    worker.select_option("#field-advice_answers_residence_status", "permit_asylum")
    worker.get_by_role("button", name="Opslaan en het advies opnieuw berekenen").click()
    worker.wait_for_url(f"**{case_path}?done=advice-answers*")
    assert_page_ok(worker, NAME)
    assert advice.locator(".tag-advice-likely").count() == 1
    assert "Gebruikte norm" in advice.inner_text()
    assert worker.locator("#field-advice_answers_residence_status").count() == 0
    worker.locator("summary", has_text="Besluit voorstellen").click()
    amount = worker.locator("#field-propose_amount").input_value()
    assert amount in ("1401.50", "1369.06")  # the advice's amount under the rules of the application day
    assert worker.locator("#field-propose_outcome-1").is_checked()
    assert_page_ok(worker, NAME)
    context.close()
