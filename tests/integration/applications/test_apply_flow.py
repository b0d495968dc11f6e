"""The whole journey over HTTP: start, pages, documents, check, submit, confirmation."""

from __future__ import annotations

from sqlalchemy import func, select

from portal import clock
from portal.applications.models import Application
from portal.cases import atw, context
from portal.cases.config import zaaktype
from portal.cases.models import Case
from portal.notifications.models import OutboxMessage
from tests.integration.applications.flow import fill, key_of, post, ready_draft, start
from tests.helpers.auth import login_citizen


async def test_a_citizen_applies_and_gets_one_case_with_a_reference(client, database):
    draft, key = await ready_draft(client, "amsterdam")
    check = await client.get(f"{draft}/check")
    assert "Piet Jansen" in check.text and "1.234,56" in check.text
    assert f"{draft}/section/partner?return=check" in check.text

    refused = await post(client, f"{draft}/submit", {"idempotency_key": key})
    assert refused.status_code == 400 and 'href="#field-declaration"' in refused.text

    sent = await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"})
    assert sent.status_code == 303 and sent.headers["location"] == f"{draft}/confirmation"
    page = await client.get(f"{draft}/confirmation")
    assert page.status_code == 200
    async with database.session("amsterdam") as session:
        case = await session.scalar(select(Case))
        assert case.reference.startswith("AMS-") and case.reference in page.text
        assert case.status == "received"
        assert case.answers["situation"]["has_partner"] is True
        assert case.answers["situation"]["children"] == ["2015-04-03"]
        assert case.answers["situation"]["partner_income"] == "1234.56"
        assert len(case.answers["documents"]) == 3
        mails = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))).all()
        assert [m.payload["to"] for m in mails] == ["applicant@example.org"]
        assert f"/zaken/{case.id}" in mails[0].payload["body"]
        # The last day of the decision term: the zaaktype's weeks from the Amsterdam day of
        # submission (cases.toml), moved past a weekend or holiday (Algemene termijnenwet).
        term = zaaktype(context.tenant_for("amsterdam"), case.scheme).term
        last_day = atw.next_working_day(clock.local_day(case.submitted_at) + term)
        assert clock.local_day(case.deadline_sort) == last_day


async def test_double_submit_and_reload_give_one_case(client, database):
    draft, key = await ready_draft(client, "rotterdam")
    locations = set()
    for _ in range(3):
        response = await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"})
        assert response.status_code == 303
        locations.add(response.headers["location"])
    assert locations == {f"{draft}/confirmation"}
    async with database.session("rotterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "email")) == 1


async def test_a_wrong_idempotency_key_sends_nothing(client, database):
    draft, key = await ready_draft(client, "utrecht")
    response = await post(client, f"{draft}/submit", {"idempotency_key": "forged", "declaration": "yes"})
    assert response.status_code == 404
    async with database.session("utrecht") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0


async def test_an_incomplete_draft_goes_back_to_the_task_list(client, database):
    await login_citizen(client, "den-haag")
    draft = await start(client, "den-haag")
    assert (await client.get(f"{draft}/check", follow_redirects=False)).status_code == 303
    async with database.session("den-haag") as session:
        application = await session.scalar(select(Application))
        key = application.idempotency_key
    response = await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"})
    assert response.status_code == 303 and response.headers["location"] == draft


async def test_pages_with_errors_keep_input_and_link_the_summary(client, database):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    response = await post(client, f"{draft}/section/living", {"postcode": "12345", "house_number": "7", "housing_costs": "abc"})
    assert response.status_code == 400
    assert 'href="#field-postcode"' in response.text and 'href="#field-housing_costs"' in response.text
    assert 'value="12345"' in response.text and 'value="7"' in response.text
    assert "Vul een postcode in zoals 1234 AB." in response.text
    async with database.session("amsterdam") as session:
        application = await session.scalar(select(Application))
        assert "house_number" not in application.answers  # nothing half-written


async def test_no_partner_means_no_partner_page(client):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    await post(client, f"{draft}/section/household", {"has_partner": "no", "children_count": "0", "housemates_27_plus": "0"})
    tasks = await client.get(draft)
    assert "/section/partner" not in tasks.text and "/section/children" not in tasks.text
    assert (await client.get(f"{draft}/section/partner")).status_code == 404


async def test_htmx_validates_one_field(client):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    response = await client.post(f"{draft}/validate/bank", data={"iban": "NL91 ABNA 0417 1643 01"},
                                  headers={"hx-request": "true", "hx-trigger-name": "iban", "x-csrftoken": client.cookies["csrftoken"]})
    assert response.status_code == 200
    assert 'id="wrap-iban"' in response.text and "<html" not in response.text
    assert "Dit IBAN klopt niet" in response.text


async def test_the_pre_check_prefills_from_login(client, database):
    await login_citizen(client, "amsterdam", "111364875")  # demo: single parent, two children
    await start(client, "amsterdam")
    async with database.session("amsterdam") as session:
        application = await session.scalar(select(Application))
    assert application.answers["birth_date"] == "1991-11-08"
    assert application.answers["children_count"] == "2"
    assert application.answers["has_partner"] == "no"
