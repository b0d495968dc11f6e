"""The citizen's case pages over HTTP: states, forms, the letter, and 404 for anyone else."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.auth.models import Citizen, Employee
from portal.cases import actions, decisions
from portal.tenancy.scope import tenant_of
from portal.cases.models import Case, CaseEvent
from portal.cases.service import open_case
from tests.helpers.auth import login_citizen, login_employee
from tests.helpers.visitors import Visitors

BSN = "111222333"
OTHER_BSN = "111238171"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def token(page_html: str) -> str:
    return html.unescape(CSRF.search(page_html).group(1))


async def make_case(database, bsn=BSN, *, scheme="bijstand", tenant="amsterdam") -> Case:
    async with database.session(tenant) as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == bsn))
        worker = Employee(subject="cw-test", name="Test Worker", email="cw@example.org", roles=["caseworker"])
        session.add(worker)
        case = await open_case(session, tenant=tenant_of(session), scheme=scheme, citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={"sections": [
                                   {"title": "Uw gegevens", "rows": [{"key": "income", "label": "Inkomen", "value": "€ 0,00"}]}]})
        await session.flush()
        await actions.start_handling(session, case, worker)
        await session.commit()
        return case, worker


async def act(database, fn, case_id, *args, tenant="amsterdam", **kwargs):
    async with database.session(tenant) as session:
        case = await session.get(Case, case_id)
        result = await fn(session, case, *args, **kwargs)
        await session.commit()
        return result


async def worker_of(database, subject="cw-test"):
    async with database.session("amsterdam") as session:
        return await session.scalar(select(Employee).where(Employee.subject == subject))


async def test_case_page_request_answer_and_message(client, database):
    await login_citizen(client, "amsterdam", BSN)
    case, worker = await make_case(database)
    url = f"/amsterdam/zaken/{case.id}"
    page = await client.get(url, expect=200)
    assert case.reference in page.text and "In behandeling" in page.text and "Inkomen" in page.text

    worker = await worker_of(database)
    request = await act(database, actions.request_information, case.id, worker, question="Stuur uw bankafschriften",
                        documents=["Bankafschriften van 3 maanden"], answer_by=actions.today() + timedelta(days=14))
    page = await client.get(url, expect=200)
    assert "Stuur uw bankafschriften" in page.text and "Bankafschriften van 3 maanden" in page.text
    mine = await client.get("/amsterdam/mijn", expect=200)
    assert "Actie nodig" in mine.text and case.reference in mine.text

    # Empty answer: an error next to the field and in the summary, nothing recorded.
    empty = await client.post(f"{url}/antwoord", files={"files": ("", b"", "application/octet-stream")},
                              data={"_csrf_token": token(page.text), "request_id": str(request.id), "text": ""}, expect=400)
    assert 'href="#field-text"' in empty.text and 'id="error-text"' in empty.text
    # A file that is not a PDF or image: refused, the typed text kept.
    wrong = await client.post(f"{url}/antwoord", files={"files": ("notes.txt", b"hello", "text/plain")},
                              data={"_csrf_token": token(page.text), "request_id": str(request.id), "text": "Mijn tekst"},
                              expect=400)
    assert 'id="error-files"' in wrong.text and "Mijn tekst" in wrong.text

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    await client.post(f"{url}/antwoord", files={"files": ("afschrift.pdf", pdf, "application/pdf")},
                      data={"_csrf_token": token(page.text), "request_id": str(request.id), "text": "Hierbij"},
                      expect=303, redirect_to=f"{url}?sent=answer#notice")
    page = await client.get(url, expect=200)
    assert "afschrift.pdf" in page.text and "Hierbij" in page.text and "We hebben meer informatie" not in page.text

    sent = await client.post(f"{url}/bericht", data={"_csrf_token": token(page.text), "message": ""}, expect=400)
    assert 'href="#field-message"' in sent.text
    fragment = await client.post(f"{url}/bericht", data={"_csrf_token": token(page.text), "message": "Wanneer hoor ik iets?"},
                                 headers={"hx-request": "true"}, expect=200)
    assert "Wanneer hoor ik iets?" in fragment.text and "<html" not in fragment.text
    async with database.session("amsterdam") as session:
        kinds = (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))).all()
    assert kinds.count("info_answered") == 1 and kinds.count("message") == 1


async def test_decision_letter_and_objection(client, database):
    await login_citizen(client, "amsterdam", BSN)
    case, worker = await make_case(database, scheme="bijzondere-bijstand")
    url = f"/amsterdam/zaken/{case.id}"
    await client.get(f"{url}/beschikking.pdf", expect=404)  # no decision yet
    worker = await worker_of(database)
    await act(database, decisions.propose_decision, case.id, worker, outcome="granted", amount="245.00",
              start_date=date(2026, 3, 1))
    page = await client.get(url, expect=200)
    assert "245,00" in page.text and "beschikking.pdf" in page.text
    letter = await client.get(f"{url}/beschikking.pdf", expect=200)
    assert letter.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(letter.content)).pages)
    assert case.reference in text and "245,00" in text

    form = await client.get(f"{url}/bezwaar", expect=200)
    refused = await client.post(f"{url}/bezwaar", files={"files": ("", b"", "application/octet-stream")},
                                data={"_csrf_token": token(form.text), "reasons": "  "}, expect=400)
    assert 'href="#field-reasons"' in refused.text
    lodged = await client.post(f"{url}/bezwaar", files={"files": ("", b"", "application/octet-stream")},
                               data={"_csrf_token": token(form.text), "reasons": "Mijn kosten waren hoger."},
                               expect=303, redirect_to=re.compile(r"/amsterdam/zaken/[0-9a-f-]{36}\?sent=objection#notice"))
    objection_url = lodged.headers["location"].split("#")[0]
    assert not objection_url.startswith(url)  # the objection is a case of its own
    objection = await client.get(objection_url, expect=200)
    assert "Bezwaar ontvangen" in objection.text and "Mijn kosten waren hoger." in objection.text
    again = await client.get(f"{url}/bezwaar", expect=200)
    assert "al bezwaar gemaakt" in again.text


async def test_after_the_term_the_objection_form_is_gone(client, database):
    await login_citizen(client, "amsterdam", BSN)
    case, worker = await make_case(database, scheme="bijzondere-bijstand")
    worker = await worker_of(database)
    await act(database, decisions.propose_decision, case.id, worker, outcome="refused", reason_code="costs_not_necessary")
    async with database.session("amsterdam") as session:
        decision = await session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "decision"))
        decision.at = decision.at - timedelta(weeks=8)
        await session.commit()
    form = await client.get(f"/amsterdam/zaken/{case.id}/bezwaar", expect=200)
    assert "niet meer online" in form.text and "<textarea" not in form.text
    posted = await client.post(f"/amsterdam/zaken/{case.id}/bezwaar", files={"files": ("", b"", "application/octet-stream")},
                               data={"_csrf_token": token(form.text), "reasons": "Te laat"}, expect=400)
    assert "niet meer online" in posted.text


STRANGERS = {
    "other_citizen": (lambda client: login_citizen(client, "amsterdam", OTHER_BSN), "/amsterdam/"),
    "other_tenant_citizen": (lambda client: login_citizen(client, "rotterdam"), "/rotterdam/"),
    "other_tenant_employee": (lambda client: login_employee(client, "rotterdam", "caseworker"), "/rotterdam/"),
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.mark.parametrize("who", list(STRANGERS))
async def test_nobody_else_sees_the_case_its_documents_or_letter(client, database, who):
    """Each path is tried by the stranger at a moment the owner reaches it (and the owner
    then does), so the 404 is the stranger's and not the path's."""
    from portal.documents.models import Document

    await login_citizen(client, "amsterdam", BSN)
    case, worker = await make_case(database, scheme="bijzondere-bijstand")
    worker = await worker_of(database)
    request = await act(database, actions.request_information, case.id, worker, question="Stuur uw bankafschriften",
                        documents=[], answer_by=actions.today() + timedelta(days=14))
    url = f"/amsterdam/zaken/{case.id}"
    visitors = Visitors(client)
    log_in, home = STRANGERS[who]
    await log_in(visitors.as_("stranger"))
    theirs = token((await visitors.as_("stranger").get(home, expect=200)).text)

    async def owner_token() -> str:
        return token((await visitors.as_("owner").get(url, expect=200)).text)

    # While the case waits for the citizen: the page, a message and the answer with a document.
    await visitors.as_("owner").get(url, expect=200)
    await visitors.as_("stranger").get(url, expect=404)
    message = {"message": "Wanneer hoor ik iets?"}
    await visitors.as_("stranger").post(f"{url}/bericht", data={"_csrf_token": theirs, **message}, expect=404)
    await visitors.as_("owner").post(f"{url}/bericht", data={"_csrf_token": await owner_token(), **message},
                                     expect=303, redirect_to=f"{url}?sent=message#messages")
    answer = {"request_id": str(request.id), "text": "Hierbij"}
    upload = {"files": ("afschrift.pdf", PDF, "application/pdf")}
    await visitors.as_("stranger").post(f"{url}/antwoord", data={"_csrf_token": theirs, **answer}, files=upload,
                                        expect=404)
    await visitors.as_("owner").post(f"{url}/antwoord", data={"_csrf_token": await owner_token(), **answer}, files=upload,
                                     expect=303, redirect_to=f"{url}?sent=answer#notice")

    # Decided: the letter, the sent document, the objection form and lodging an objection.
    await act(database, decisions.propose_decision, case.id, worker, outcome="granted", amount="99.00",
              start_date=date(2026, 3, 1))
    async with database.session("amsterdam") as session:
        [document] = (await session.scalars(select(Document))).all()  # the one the answer brought
    for path in (f"{url}/beschikking.pdf", f"/amsterdam/documents/{document.id}", f"{url}/bezwaar"):
        await visitors.as_("owner").get(path, expect=200)
        await visitors.as_("stranger").get(path, expect=404)
    objection = {"reasons": "Mijn kosten waren hoger."}
    no_file = {"files": ("", b"", "application/octet-stream")}
    await visitors.as_("stranger").post(f"{url}/bezwaar", data={"_csrf_token": theirs, **objection}, files=no_file,
                                        expect=404)
    await visitors.as_("owner").post(f"{url}/bezwaar", data={"_csrf_token": await owner_token(), **objection},
                                     files=no_file, expect=303,
                                     redirect_to=re.compile(r"/amsterdam/zaken/[0-9a-f-]{36}\?sent=objection#notice"))
    # The same case id under the other tenant's prefix does not exist either.
    if who != "other_citizen":
        await visitors.as_("stranger").get(f"/rotterdam/zaken/{case.id}", expect=404)
    async with database.session("amsterdam") as session:
        kinds = (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))).all()
    assert kinds.count("message") == 1 and kinds.count("info_answered") == 1  # the owner's, none of the stranger's


async def test_case_page_in_arabic_reads_right_to_left(client, database):
    await login_citizen(client, "amsterdam", BSN)
    case, worker = await make_case(database)
    client.cookies.set("lang", "ar")
    page = await client.get(f"/amsterdam/zaken/{case.id}", expect=200)
    assert 'dir="rtl"' in page.text
    assert "قيد المعالجة" in page.text and "الخطوات" in page.text
    # The answers are kept in Dutch: marked as Dutch, laid out left to right.
    assert 'class="answers-as-sent" lang="nl" dir="ltr"' in page.text


async def test_a_late_decision_is_called_late_not_expected(client, database):
    from portal import clock

    await login_citizen(client, "amsterdam", BSN)
    async with database.session("amsterdam") as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == BSN))
        with clock.moment(clock.now() - timedelta(weeks=10)):
            case = await open_case(session, tenant=tenant_of(session), scheme="bijstand",
                                   citizen_id=citizen.id, citizen_name=citizen.name, answers={})
        await session.commit()
    page = await client.get(f"/amsterdam/zaken/{case.id}", expect=200)
    assert "Te laat: we hadden uiterlijk" in page.text and "Besluit uiterlijk" not in page.text
    overview = await client.get("/amsterdam/mijn", expect=200)
    assert "Te laat: we hadden uiterlijk" in overview.text
