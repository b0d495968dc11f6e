"""An objection by the Awb in a browser, in each city: the citizen objects with a
document, which is in the objection's file; who decided cannot take it (7:5); a
colleague plans the hearing (7:2), then leaves it out on a ground of 7:3, and decides;
the citizen reads the outcome and that the remedy is appeal to the court."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.cases.service import decisions, open_case, refusal_reasons
from portal.tenancy.scope import tenant_of
from tests.e2e.conftest import assert_page_ok, watch_navigations
from tests.helpers.auth import demo_employee, demo_people_of, login_citizen_in_browser, login_employee_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e
CITIES = {"amsterdam": ("Gemeente Amsterdam", "Rechtbank Amsterdam"),
          "rotterdam": ("Gemeente Rotterdam", "Rechtbank Rotterdam"),
          "den-haag": ("Gemeente Den Haag", "Rechtbank Den Haag"),
          "utrecht": ("Gemeente Utrecht", "Rechtbank Midden-Nederland")}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _refused_case(settings, slug: str, bsn: str) -> tuple[str, str]:
    """A fresh application of the citizen, refused two days ago by the demo caseworker."""

    async def make(session):
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == bsn))
        worker = await session.scalar(select(Employee).where(Employee.subject == demo_employee(slug).subject))
        with clock.moment(clock.now() - timedelta(days=2)):
            case = await open_case(session, tenant=tenant_of(session), scheme="bijzondere-bijstand",
                                   citizen_id=citizen.id, citizen_name=citizen.name, answers={})
            await decisions.propose_decision(session, case, worker, outcome="refused",
                                             reason_code=refusal_reasons(tenant_of(session))[0].code)
        return str(case.id), case.reference

    return in_tenant_session(settings, slug, make)


def _page(browser, live_url, app, width=1280):
    context = browser.new_context(base_url=live_url, viewport={"width": width, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, app)
    return context.new_page()


@pytest.mark.parametrize("slug", CITIES)
def test_an_objection_from_lodging_to_its_decision(browser, live_url, live_server, live_settings, slug):
    name, court = CITIES[slug]
    bsn = demo_people_of(slug).citizens[0].bsn
    case_id, reference = _refused_case(live_settings, slug, bsn)

    citizen = _page(browser, live_url, live_server, width=390)
    login_citizen_in_browser(citizen, slug, bsn)
    citizen.goto(f"/{slug}/zaken/{case_id}")
    citizen.get_by_role("link", name="Bezwaar maken tegen dit besluit").click()
    citizen.get_by_label("Waarom bent u het niet eens met het besluit?").fill("Mijn kosten zijn wel noodzakelijk.")
    citizen.locator("#field-files").set_input_files([{"name": "offerte.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    citizen.get_by_role("button", name="Bezwaar versturen").click()
    citizen.wait_for_url("**?sent=objection*")
    objection_path = citizen.url.split("?")[0].replace(live_url, "")
    objection_id = objection_path.rsplit("/", 1)[-1]
    assert citizen.get_by_role("link", name="offerte.pdf").is_visible()  # in the objection's own file
    assert_page_ok(citizen, name)
    citizen.goto(f"/{slug}/zaken/{case_id}")
    assert citizen.get_by_role("link", name="offerte.pdf").count() == 0  # not in the decided case's

    # Who decided finds it marked in the queue, sees what it contests, and cannot take it.
    worker = _page(browser, live_url, live_server)
    login_employee_in_browser(worker, slug, "caseworker")
    worker.goto(f"/{slug}/backoffice/queue?q={reference}&state=all")
    assert worker.locator("#queue-results tbody tr").count() == 1  # the decided case, closed
    worker.goto(f"/{slug}/backoffice/queue?sort=-reference")
    row = worker.locator("#queue-results tbody tr").first
    assert "Bezwaar" in row.locator(".queue-item-title").inner_text()
    row.locator("a.case-ref").click()
    worker.wait_for_url(f"**/backoffice/cases/{objection_id}")
    contested = worker.locator(".case-contested")
    assert contested.inner_text().startswith("Bezwaar Bezwaar tegen besluit")
    assert contested.get_by_role("link").get_attribute("href") == f"/{slug}/backoffice/cases/{case_id}"
    assert worker.locator("#involved").is_visible()
    assert worker.get_by_role("button", name="Neem deze zaak").count() == 0
    assert_page_ok(worker, name)
    worker.context.close()

    # A colleague who was not involved hears (or does not hear) the objector and decides.
    senior = _page(browser, live_url, live_server)
    login_employee_in_browser(senior, slug, "senior")
    senior.goto(objection_path.replace("/zaken/", "/backoffice/cases/"))
    assert senior.get_by_role("link", name="Bekijk offerte.pdf").is_visible()
    senior.get_by_role("button", name="Neem deze zaak").click()
    senior.locator("summary", has_text="Hoorzitting plannen").click()
    start = (clock.local_now() + timedelta(days=8)).replace(hour=10, minute=30)
    senior.fill("#field-hearing_start", start.strftime("%Y-%m-%dT%H:%M"))
    senior.select_option("#field-hearing_location_id", index=1)
    senior.get_by_role("button", name="Plan de hoorzitting en nodig de indiener uit").click()
    senior.wait_for_url("**?done=hearing*")
    assert "Gepland op" in senior.locator(".case-actions").inner_text()
    assert_page_ok(senior, name)

    citizen.goto(objection_path)
    hearing = citizen.locator("#hearing")
    assert "10:30" in hearing.inner_text()
    assert_page_ok(citizen, name)

    senior.locator("summary", has_text="Hoorzitting achterwege laten").click()
    senior.get_by_label("c. De indiener wil niet gehoord worden").check()
    senior.fill("#field-waive_hearing_reason", "U belde dat u niet komt en geen toelichting wilt geven.")
    senior.get_by_role("button", name="Hoorzitting achterwege laten").click()
    senior.wait_for_url("**?done=waive-hearing*")
    senior.locator("summary", has_text="Beslissing op bezwaar voorstellen").click()
    senior.get_by_label("Ongegrond", exact=True).check()
    senior.fill("#field-propose_text", "Een offerte laat niet zien dat de kosten noodzakelijk zijn.")
    senior.get_by_role("button", name="Stel het besluit voor").click()
    senior.wait_for_url("**?done=propose*")
    assert "Besluit verstuurd" in senior.locator(".case-history").inner_text()
    assert senior.get_by_role("link", name=f"beslissing-op-bezwaar-").count() == 1
    assert_page_ok(senior, name)
    senior.context.close()

    citizen.goto(objection_path)
    decision = citizen.locator("#decision")
    assert "Uw bezwaar is ongegrond." in decision.inner_text()
    assert f"beroep instellen bij de rechtbank, {court}" in decision.inner_text()
    assert citizen.get_by_role("link", name="Bezwaar maken tegen dit besluit").count() == 0  # no second objection
    assert_page_ok(citizen, name)
    citizen.context.close()
