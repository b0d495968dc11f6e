"""The back-office pages over HTTP: queue, case file, actions, audit, settings."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.cases.models import Case, CaseEvent
from tests.helpers.auth import login_citizen, login_employee
from tests.integration.backoffice.helpers import csrf, make_case


async def test_queue_lists_cases_of_this_tenant_only(client, app, database):
    mine = await make_case(app, "amsterdam", database=database, name="Anna Amsterdam")
    other = await make_case(app, "rotterdam", database=database, name="Rob Rotterdam")
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get("/amsterdam/backoffice/queue")
    assert page.status_code == 200
    assert mine.reference in page.text and "Anna Amsterdam" in page.text
    assert other.reference not in page.text
    assert "1 van de 1 getoond" in page.text  # the other tenant's case is not counted either
    fragment = await client.get("/amsterdam/backoffice/queue", params={"q": "Anna", "assignee": "nobody"},
                                headers={"hx-request": "true"})
    assert fragment.status_code == 200 and "<h1>" not in fragment.text
    assert mine.reference in fragment.text and 'hx-swap-oob="innerHTML:#field-scheme"' in fragment.text
    restore = await client.get("/amsterdam/backoffice/queue?q=Anna",
                               headers={"hx-request": "true", "hx-history-restore-request": "true"})
    assert "<h1>" in restore.text
    none = await client.get("/amsterdam/backoffice/queue", params={"q": "nobody-has-this-name"})
    assert mine.reference not in none.text


async def test_viewing_a_case_writes_an_audit_entry(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}")
    assert page.status_code == 200
    assert case.reference in page.text and "Sanne Jansen" in page.text
    async with database.session("amsterdam") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.case_id == case.id))).all()
    assert [(e.action, e.actor_roles, e.subject) for e in entries] == [("case.viewed", ["caseworker"], case.reference)]


async def test_take_ask_and_refused_input_keeps_values(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}")
    token = csrf(page.text)
    taken = await client.post(f"/amsterdam/backoffice/cases/{case.id}/assign",
                              data={"_csrf_token": token, "assign_assignee": "me"}, follow_redirects=False)
    assert taken.status_code == 303
    bad = await client.post(f"/amsterdam/backoffice/cases/{case.id}/request-info",
                            data={"_csrf_token": token, "request_info_question": "Your bank statements",
                                  "request_info_answer_by": "2001-01-01"})
    assert bad.status_code == 400
    assert 'href="#field-request_info_answer_by"' in bad.text  # error summary links to the field
    assert "Your bank statements" in bad.text  # kept
    async with database.session("amsterdam") as session:
        kinds = [e.kind for e in (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.sequence))).all()]
        stored = await session.get(Case, case.id)
        actions = [e.action for e in (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()]
    assert kinds == ["submitted", "assigned"]  # nothing half-written
    assert stored.assignee_id is not None
    assert actions == ["case.viewed", "case.assigned"]


async def test_a_senior_only_action_is_refused_to_a_caseworker(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}")
    response = await client.post(f"/amsterdam/backoffice/cases/{case.id}/approve", data={"_csrf_token": csrf(page.text)})
    assert response.status_code == 403


ROUTES = [
    "/{slug}/backoffice/queue",
    "/{slug}/backoffice/cases/{case}",
    "/{slug}/backoffice/cases/{case}/documents/00000000-0000-0000-0000-000000000001",
    "/{slug}/backoffice/cases/{case}/letters/00000000-0000-0000-0000-000000000001",
    "/{slug}/backoffice/audit",
    "/{slug}/backoffice/settings",
]


@pytest.mark.parametrize("route", ROUTES)
async def test_citizens_and_other_tenants_get_404(client, app, database, route):
    case = await make_case(app, "amsterdam", database=database)
    path = route.format(slug="amsterdam", case=case.id)
    await login_citizen(client, "amsterdam")
    assert (await client.get(path)).status_code == 404
    client.cookies.clear()
    await login_employee(client, "rotterdam", "admin")
    assert (await client.get(path)).status_code == 404
    # The same case id under the other tenant's own prefix: not found either.
    assert (await client.get(route.format(slug="rotterdam", case=case.id))).status_code in (200, 404)
    if "{case}" in route:
        assert (await client.get(route.format(slug="rotterdam", case=case.id))).status_code == 404


@pytest.mark.parametrize("action", ["assign", "start", "request-info", "message", "note", "extend", "propose",
                                    "approve", "send-back"])
async def test_actions_of_another_tenant_get_404(client, app, database, action):
    case = await make_case(app, "amsterdam", database=database)
    await login_employee(client, "rotterdam", "senior")
    page = await client.get("/rotterdam/backoffice/queue")
    token = csrf(page.text)
    for slug in ("amsterdam", "rotterdam"):
        response = await client.post(f"/{slug}/backoffice/cases/{case.id}/{action}", data={"_csrf_token": token})
        assert response.status_code == 404
    async with database.session("amsterdam") as session:
        assert len((await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))).all()) == 1


async def test_audit_log_names_roles_in_the_page_language_and_settings_keep_text_direction(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "admin")
    assert (await client.get(f"/amsterdam/backoffice/cases/{case.id}")).status_code == 200
    audit = await client.get("/amsterdam/backoffice/audit")
    assert "(functioneel beheerder)" in audit.text and "(admin)" not in audit.text
    assert f'class="case-ref" href="/amsterdam/backoffice/audit?case={case.reference}"' in audit.text

    settings = await client.get("/amsterdam/backoffice/settings")
    # A hex code and a Dutch or English text stay left to right on an Arabic page, and the reverse.
    assert 'id="field-primary" name="primary" type="text" value="#' in settings.text
    assert 'dir="ltr"' in settings.text.split('id="field-primary"')[1].split(">")[0]
    assert 'lang="nl" dir="ltr"' in settings.text.split('id="field-reason_0_nl"')[1].split(">")[0]
    assert 'lang="ar" dir="rtl"' in settings.text.split('id="field-reason_0_ar"')[1].split(">")[0]
    assert 'lang="ar" dir="rtl"' in settings.text.split('id="field-notice_ar"')[1].split(">")[0]
