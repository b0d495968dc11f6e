"""The whole journey over HTTP: start, pages, documents, check, submit, confirmation."""

from __future__ import annotations

from sqlalchemy import func, select

from portal import clock
from portal.applications.models import Application
from portal.cases import atw
from portal.cases.config import zaaktype
from portal.cases.models import Case
from portal.notifications.models import OutboxMessage
from portal.tenancy.scope import tenant_of
from tests.integration.applications.flow import fill, key_of, post, ready_draft, start
from tests.helpers.auth import NOT_A_DEMO_BSN, login_citizen


async def test_a_citizen_applies_and_gets_one_case_with_a_reference(client, database):
    draft, key = await ready_draft(client, "amsterdam")
    check = await client.get(f"{draft}/check", expect=200)
    assert "Piet Jansen" in check.text and "1.234,56" in check.text
    assert f"{draft}/section/partner?return=check" in check.text

    refused = await post(client, f"{draft}/submit", {"idempotency_key": key}, expect=400)
    assert 'href="#field-declaration"' in refused.text

    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303, redirect_to=f"{draft}/confirmation")
    page = await client.get(f"{draft}/confirmation", expect=200)
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
        term = zaaktype(tenant_of(session), case.scheme).term
        last_day = atw.next_working_day(clock.local_day(case.submitted_at) + term)
        assert clock.local_day(case.deadline_sort) == last_day


async def test_double_submit_and_reload_give_one_case(client, database):
    draft, key = await ready_draft(client, "rotterdam")
    for _ in range(3):
        await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
                   redirect_to=f"{draft}/confirmation")
    async with database.session("rotterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "email")) == 1


async def test_a_wrong_idempotency_key_sends_nothing(client, database):
    draft, key = await ready_draft(client, "utrecht")
    await post(client, f"{draft}/submit", {"idempotency_key": "forged", "declaration": "yes"}, expect=404)
    async with database.session("utrecht") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0


async def test_an_incomplete_draft_goes_back_to_the_task_list(client, database):
    await login_citizen(client, "den-haag")
    draft = await start(client, "den-haag")
    await client.get(f"{draft}/check", expect=303, redirect_to=draft)
    async with database.session("den-haag") as session:
        application = await session.scalar(select(Application))
        key = application.idempotency_key
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303, redirect_to=draft)


async def test_pages_with_errors_keep_input_and_link_the_summary(client, database):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    response = await post(client, f"{draft}/section/living", {"postcode": "12345", "house_number": "7", "housing_costs": "abc"},
                          expect=400)
    assert 'href="#field-postcode"' in response.text and 'href="#field-housing_costs"' in response.text
    assert 'value="12345"' in response.text and 'value="7"' in response.text
    assert "Vul uw postcode in zoals 1234 AB." in response.text
    async with database.session("amsterdam") as session:
        application = await session.scalar(select(Application))
        assert "house_number" not in application.answers  # nothing half-written


async def test_no_partner_means_no_partner_page(client):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    await post(client, f"{draft}/section/household", {"has_partner": "no", "children_count": "0", "housemates_27_plus": "0"},
               expect=303, redirect_to=draft)
    tasks = await client.get(draft, expect=200)
    assert "/section/partner" not in tasks.text and "/section/children" not in tasks.text
    await client.get(f"{draft}/section/partner", expect=404)


async def test_htmx_validates_one_field(client):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    response = await client.post(f"{draft}/validate/bank", data={"iban": "NL91 ABNA 0417 1643 01"},
                                  headers={"hx-request": "true", "hx-trigger-name": "iban", "x-csrftoken": client.cookies["csrftoken"]},
                                  expect=200)
    assert 'id="wrap-iban"' in response.text and "<html" not in response.text
    assert "het IBAN van uw bankrekening: dit IBAN klopt niet" in response.text


async def _first_application(database, slug: str) -> Application:
    async with database.session(slug) as session:
        return await session.scalar(select(Application))


async def test_an_application_is_prefilled_from_the_login_claims(client, database, monkeypatch):
    """A citizen who is no demo person, with a provider that sends a birth date (as a
    broker passing on the population register does): the claim fills the answer in."""
    from portal.auth.devidp import provider

    plain = provider.citizen_claims

    def with_birthdate(*args, **kwargs):
        return {**plain(*args, **kwargs), "birthdate": "1975-10-02"}

    monkeypatch.setattr(provider, "citizen_claims", with_birthdate)
    await login_citizen(client, "amsterdam", NOT_A_DEMO_BSN)
    await start(client, "amsterdam")
    application = await _first_application(database, "amsterdam")
    assert application.answers == {"birth_date": "1975-10-02"}


async def test_the_development_provider_prefills_a_demo_household(client, database):
    await login_citizen(client, "amsterdam", "111364875")  # demo: single parent, two children
    await start(client, "amsterdam")
    application = await _first_application(database, "amsterdam")
    assert application.answers["birth_date"] == "1991-11-08"
    assert application.answers["children_count"] == "2"
    assert application.answers["has_partner"] == "no"


async def test_without_the_development_provider_demo_people_prefill_nothing(app, client, database):
    """A citizen whose BSN is in demo-people.toml logs in; then the app runs as in
    production (no development provider): the draft gets the login's birth date claim,
    never the demo household."""
    await login_citizen(client, "amsterdam", "111364875")
    app.state.settings = app.state.settings.with_overrides(dev_idp=False)
    await start(client, "amsterdam")
    application = await _first_application(database, "amsterdam")
    assert application.answers == {"birth_date": "1991-11-08"}
