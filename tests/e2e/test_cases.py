"""Following a case in the browser: every state of the case page passes axe, a request
is answered with an upload, the letter is a real PDF, an objection is lodged in time
and refused after the term."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.cases import actions, decisions
from portal.cases.service import open_case
from portal.tenancy.scope import tenant_of
from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import demo_people_of, login_citizen_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e
TENANT = "utrecht"
TENANT_NAME = "Gemeente Utrecht"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def run(coroutine_factory, settings):
    """Run case services against the live server's database, from the sync test."""
    return in_tenant_session(settings, TENANT, coroutine_factory)


def cases_in_every_state(bsn: str):
    """Fresh cases for this test's citizen: received, handled, waiting, decided, decided long ago."""

    async def make(session):
        tenant = tenant_of(session)
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == bsn))
        worker = Employee(subject=f"e2e-cw-{datetime.now().timestamp()}", name="E2E", roles=["caseworker"])
        session.add(worker)
        await session.flush()

        async def new(scheme, days_ago=0):
            with clock.moment(clock.now() - timedelta(days=days_ago)):
                return await open_case(session, tenant=tenant, scheme=scheme, citizen_id=citizen.id,
                                       citizen_name=citizen.name, answers={})

        received = await new("stadspas")
        handled = await new("bijstand")
        await actions.start_handling(session, handled, worker)
        waiting = await new("bijzondere-bijstand")
        await actions.request_information(session, waiting, worker, question="Stuur de rekening van de bril.",
                                          documents=["Rekening"], answer_by=actions.today() + timedelta(days=14))
        decided = await new("inkomenstoeslag")
        await decisions.propose_decision(session, decided, worker, outcome="granted", amount="408.00",
                                         start_date=clock.today())
        late = await new("bijzondere-bijstand", days_ago=90)
        with clock.moment(clock.now() - timedelta(days=80)):
            await decisions.propose_decision(session, late, worker, outcome="refused", reason_code="costs_not_necessary")
        return {name: (c.id, c.reference) for name, c in
                [("received", received), ("handled", handled), ("waiting", waiting), ("decided", decided), ("late", late)]}

    return make


def test_citizen_follows_answers_downloads_and_objects(page, live_settings):
    person = demo_people_of(TENANT).citizens[-1]
    login_citizen_in_browser(page, TENANT, person.bsn)
    cases = run(cases_in_every_state(person.bsn), live_settings)

    page.goto(f"/{TENANT}/mijn")
    assert_page_ok(page, TENANT_NAME)
    assert page.get_by_text("Actie nodig").first.is_visible()

    for name in ("received", "handled", "waiting", "decided", "late"):
        page.goto(f"/{TENANT}/zaken/{cases[name][0]}")
        assert_page_ok(page, TENANT_NAME)
    page.goto(f"/{TENANT}/zaken/{cases['handled'][0]}")
    current = page.locator(".timeline [aria-current=step]")
    assert "In behandeling" in current.inner_text()
    assert "Besluit" in page.locator(".timeline .step-todo").inner_text()

    # Answer the request with a document: the term runs again, the answer is shown.
    page.goto(f"/{TENANT}/zaken/{cases['waiting'][0]}")
    page.get_by_label("Uw antwoord").fill("Hierbij de rekening.")
    page.locator("#field-files").set_input_files([{"name": "rekening.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_url("**?sent=answer*")
    assert_page_ok(page, TENANT_NAME)
    assert page.get_by_text("rekening.pdf").is_visible() and page.get_by_text("Hierbij de rekening.").is_visible()
    assert page.locator("#request").count() == 0

    # The decision letter: a real PDF naming the reference and the amount.
    page.goto(f"/{TENANT}/zaken/{cases['decided'][0]}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de besluitbrief (PDF, in het Nederlands)").click()
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(open(download.value.path(), "rb").read())).pages)
    assert cases["decided"][1] in text and "408,00" in text

    # Object within the term: first an empty form (error), then with reasons.
    page.get_by_role("link", name="Bezwaar maken tegen dit besluit").click()
    assert_page_ok(page, TENANT_NAME)
    page.get_by_role("button", name="Bezwaar versturen").click()
    assert page.locator(".error-summary a[href='#field-reasons']").is_visible()
    assert_page_ok(page, TENANT_NAME, expect=400)
    page.get_by_label("Waarom bent u het niet eens met het besluit?").fill("Ik heb kinderen op de middelbare school.")
    page.get_by_role("button", name="Bezwaar versturen").click()
    page.wait_for_url("**?sent=objection*")
    assert_page_ok(page, TENANT_NAME)
    assert "Bezwaar ontvangen" in page.locator(".timeline [aria-current=step]").inner_text()

    # After the term: no form, and the page says why.
    page.goto(f"/{TENANT}/zaken/{cases['late'][0]}/bezwaar")
    assert_page_ok(page, TENANT_NAME)
    assert page.locator("textarea").count() == 0
    assert page.get_by_text("U kunt niet meer online bezwaar maken.", exact=True).is_visible()
