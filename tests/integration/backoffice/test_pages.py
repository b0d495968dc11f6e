"""The back-office pages over HTTP: queue, case file, actions, audit, settings."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.cases.models import Case, CaseEvent, CaseLetter
from tests.helpers.auth import login_citizen, login_employee
from tests.integration.backoffice.helpers import csrf, make_case


async def test_queue_lists_cases_of_this_tenant_only(client, app, database):
    mine = await make_case(app, "amsterdam", database=database, name="Anna Amsterdam")
    other = await make_case(app, "rotterdam", database=database, name="Rob Rotterdam")
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get("/amsterdam/backoffice/queue", expect=200)
    assert mine.reference in page.text and "Anna Amsterdam" in page.text
    assert other.reference not in page.text
    assert "1 van de 1 getoond" in page.text  # the other tenant's case is not counted either
    fragment = await client.get("/amsterdam/backoffice/queue", params={"q": "Anna", "assignee": "nobody"},
                                headers={"hx-request": "true"}, expect=200)
    assert "<h1>" not in fragment.text
    assert mine.reference in fragment.text and 'hx-swap-oob="innerHTML:#field-scheme"' in fragment.text
    restore = await client.get("/amsterdam/backoffice/queue?q=Anna",
                               headers={"hx-request": "true", "hx-history-restore-request": "true"}, expect=200)
    assert "<h1>" in restore.text
    none = await client.get("/amsterdam/backoffice/queue", params={"q": "nobody-has-this-name"}, expect=200)
    assert mine.reference not in none.text and "Geen zaken gevonden met deze filters." in none.text


async def test_viewing_a_case_writes_an_audit_entry(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert case.reference in page.text and "Sanne Jansen" in page.text
    async with database.session("amsterdam") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.case_id == case.id))).all()
    assert [(e.action, e.actor_roles, e.subject) for e in entries] == [("case.viewed", ["caseworker"], case.reference)]


async def test_take_ask_and_refused_input_keeps_values(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    token = csrf(page.text)
    await client.post(f"/amsterdam/backoffice/cases/{case.id}/assign", data={"_csrf_token": token, "assign_assignee": "me"},
                      expect=303, redirect_to=f"/amsterdam/backoffice/cases/{case.id}?done=assign#result")
    bad = await client.post(f"/amsterdam/backoffice/cases/{case.id}/request-info",
                            data={"_csrf_token": token, "request_info_question": "Your bank statements",
                                  "request_info_answer_by": "2001-01-01"}, expect=400)
    assert 'href="#field-request_info_answer_by"' in bad.text  # error summary links to the field
    assert "Your bank statements" in bad.text  # kept
    async with database.session("amsterdam") as session:
        kinds = [e.kind for e in (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.sequence))).all()]
        stored = await session.get(Case, case.id)
        actions = [e.action for e in (await session.scalars(select(AuditEntry).order_by(AuditEntry.pos))).all()]
    assert kinds == ["submitted", "assigned"]  # nothing half-written
    assert stored.assignee_id is not None
    assert actions == ["case.viewed", "case.assigned"]


async def test_a_senior_only_action_is_refused_to_a_caseworker(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    refused = await client.post(f"/amsterdam/backoffice/cases/{case.id}/approve", data={"_csrf_token": csrf(page.text)},
                                expect=403)
    assert "Dit mag u niet doen." in refused.text  # said next to the form, on the case page
    async with database.session("amsterdam") as session:
        kinds = [e.kind for e in (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))).all()]
    assert kinds == ["submitted"]  # nothing was approved or written


# A minimal real PDF: the portal checks the content, not the name.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def make_case_with_files(app, database, settings, slug="amsterdam"):
    """A case with a document the citizen sent and the refusal letter it got, through the
    real services; the letter's author is the demo caseworker who logs in later."""
    from portal.auth.login import upsert_employee
    from portal.cases import decisions
    from portal.documents.service import store_upload
    from portal.documents.store import store_for
    from tests.helpers.auth import demo_employee

    made = await make_case(app, slug, database=database)
    person = demo_employee(slug, "caseworker")
    async with database.session(slug) as session:
        case = await session.get(Case, made.id)
        worker = await upsert_employee(session, subject=person.subject, name=person.name, email=person.email,
                                       roles=list(person.roles), login=False)
        # The app's own store: the same folder under the settings' var_dir.
        document = await store_upload(session, store_for(settings), tenant_id=slug, citizen_id=case.citizen_id,
                                      doc_type="identity", filename="paspoort.pdf", data=PDF, case_id=case.id)
        await decisions.propose_decision(session, case, worker, outcome="refused", reason_code="assets_too_high")
        letter = await session.scalar(select(CaseLetter).where(CaseLetter.case_id == case.id))
        await session.commit()
    return case, document, letter


ROUTES = [
    "/{slug}/backoffice/queue",
    "/{slug}/backoffice/cases/{case}",
    "/{slug}/backoffice/cases/{case}/documents/{document}",
    "/{slug}/backoffice/cases/{case}/letters/{letter}",
    "/{slug}/backoffice/audit",
    "/{slug}/backoffice/settings",
]


@pytest.mark.parametrize("route", ROUTES)
async def test_citizens_and_other_tenants_get_404(client, app, database, settings, route):
    case, document, letter = await make_case_with_files(app, database, settings)
    path = route.format(slug="amsterdam", case=case.id, document=document.id, letter=letter.id)
    # The path exists: the tenant's own admin reaches it.
    await login_employee(client, "amsterdam", "admin")
    await client.get(path, expect=200)
    client.cookies.clear()
    await login_citizen(client, "amsterdam")
    await client.get(path, expect=404)
    client.cookies.clear()
    await login_employee(client, "rotterdam", "admin")
    await client.get(path, expect=404)
    # Under the other tenant's own prefix the admin reaches its own pages, but an id of
    # Amsterdam's is not found there either.
    own = route.format(slug="rotterdam", case=case.id, document=document.id, letter=letter.id)
    await client.get(own, expect=404 if "{case}" in route else 200)


async def test_an_employee_opens_and_downloads_a_case_document_and_each_look_is_audited(client, app, database, settings):
    case, document, _letter = await make_case_with_files(app, database, settings)
    await login_employee(client, "amsterdam", "caseworker")
    href = f"/amsterdam/backoffice/cases/{case.id}/documents/{document.id}"
    assert f'href="{href}' in (await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)).text
    shown = await client.get(href, expect=200)
    downloaded = await client.get(href, params={"download": "1"}, expect=200)
    for response in (shown, downloaded):
        assert response.content == PDF  # the stored bytes, unchanged
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["cache-control"] == "private, no-store"
    assert shown.headers["content-disposition"] == 'inline; filename="paspoort.pdf"'
    assert downloaded.headers["content-disposition"] == 'attachment; filename="paspoort.pdf"'
    async with database.session("amsterdam") as session:
        entries = (await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "document.viewed").order_by(AuditEntry.pos))).all()
    assert [(e.case_id, e.subject, e.actor_roles, e.detail) for e in entries] == [
        (case.id, "paspoort.pdf", ["caseworker"], {"document_id": str(document.id), "download": False}),
        (case.id, "paspoort.pdf", ["caseworker"], {"document_id": str(document.id), "download": True}),
    ]


async def test_an_employee_downloads_the_decision_letter_and_the_look_is_audited(client, app, database, settings):
    from io import BytesIO

    from pypdf import PdfReader

    case, _document, letter = await make_case_with_files(app, database, settings)
    await login_employee(client, "amsterdam", "senior")
    href = f"/amsterdam/backoffice/cases/{case.id}/letters/{letter.id}"
    assert f'href="{href}"' in (await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)).text
    response = await client.get(href, params={"download": "1"}, expect=200)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{letter.filename}"'
    assert response.content == letter.pdf
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert case.reference in text
    async with database.session("amsterdam") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "document.viewed"))).all()
    assert [(e.case_id, e.subject, e.actor_roles, e.detail) for e in entries] == [
        (case.id, letter.filename, ["senior"], {"letter_id": str(letter.id)})]


@pytest.mark.parametrize("action", ["assign", "start", "request-info", "message", "note", "extend", "propose",
                                    "approve", "send-back"])
async def test_actions_of_another_tenant_get_404(client, app, database, action):
    case = await make_case(app, "amsterdam", database=database)
    await login_employee(client, "rotterdam", "senior")
    page = await client.get("/rotterdam/backoffice/queue", expect=200)
    token = csrf(page.text)
    for slug in ("amsterdam", "rotterdam"):
        await client.post(f"/{slug}/backoffice/cases/{case.id}/{action}", data={"_csrf_token": token}, expect=404)
    async with database.session("amsterdam") as session:
        assert len((await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))).all()) == 1


async def test_audit_log_names_roles_in_the_page_language_and_settings_keep_text_direction(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "admin")
    await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    audit = await client.get("/amsterdam/backoffice/audit", expect=200)
    assert "(Functioneel beheerder)" in audit.text and "(admin)" not in audit.text
    assert f'class="case-ref" href="/amsterdam/backoffice/audit?case={case.reference}"' in audit.text

    settings = await client.get("/amsterdam/backoffice/settings", expect=200)
    # A hex code and a Dutch or English text stay left to right on an Arabic page, and the reverse.
    assert 'id="field-primary" name="primary" type="text" value="#' in settings.text
    assert 'dir="ltr"' in settings.text.split('id="field-primary"')[1].split(">")[0]
    assert 'lang="nl" dir="ltr"' in settings.text.split('id="field-reason_0_nl"')[1].split(">")[0]
    assert 'lang="ar" dir="rtl"' in settings.text.split('id="field-reason_0_ar"')[1].split(">")[0]
    assert 'lang="ar" dir="rtl"' in settings.text.split('id="field-notice_ar"')[1].split(">")[0]
