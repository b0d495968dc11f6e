"""The anonymous check over HTTP: pages, follow-up questions, errors, result, session answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.applications.models import Application
from tests.helpers.auth import NOT_A_DEMO_BSN, login_citizen
from tests.integration.applications.flow import draft_path, post

ANSWERS = {
    "about-you": {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "no"},
    "household": {"children_count": "0", "housemates_27_plus": "0"},
    "money": {"income": "400", "assets": "100", "debts": "0", "home_equity": "0"},
    "situation": {"in_detention": "no", "months_low_income": "40", "special_costs": "300"},
}


NEXT = {"about-you": "check/household", "household": "check/money", "money": "check/situation", "situation": "check-result"}


async def _post(client, slug, step, form, *, expect: int = 303, **checks):
    """Answer one page; by default it must go on to the next (or to the result)."""
    if "csrftoken" not in client.cookies:
        await client.get(f"/{slug}/check/{step}", expect=200)
    if expect == 303 and not checks:
        checks = {"redirect_to": f"/{slug}/{NEXT[step]}"}
    data = {**form, "_rendered": " ".join(form)}
    return await client.post(f"/{slug}/check/{step}", data=data, headers={"x-csrftoken": client.cookies["csrftoken"]},
                             expect=expect, **checks)


async def test_home_page_links_to_the_check(client):
    response = await client.get("/utrecht/", expect=200)
    assert 'href="/utrecht/check"' in response.text


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
async def test_whole_check_gives_a_result_per_scheme(client, app, slug):
    for step, form in ANSWERS.items():
        await _post(client, slug, step, form)
    await client.get("/lang/en", expect=302, redirect_to="/")
    response = await client.get(f"/{slug}/check-result", expect=200)
    tenant = app.state.tenants[slug]
    for scheme in tenant.config.schemes:
        assert f'href="/{slug}/apply/{scheme.id}?from=check"' in response.text
    assert tenant.config.scheme("stadspas").name in response.text
    assert "Likely" in response.text and "per month" in response.text


async def test_bad_input_gets_a_translated_message_and_keeps_other_answers(client):
    await client.get("/lang/nl", expect=302, redirect_to="/")
    response = await _post(client, "amsterdam", "about-you",
                           {"lives_here": "yes", "birth_date": "1985-31-01", "has_partner": "no"}, expect=400)
    assert "Kijk de dag en de maand na van uw geboortedatum: deze datum bestaat niet." in response.text
    assert 'id="error-birth_date"' in response.text
    assert 'value="1985-31-01"' in response.text
    assert 'value="no" checked' in response.text


async def test_amounts_typed_the_dutch_way_are_read(client, database):
    """"1.234,56" (and "€ 2.500") are amounts in the check as in the application forms."""
    for step, form in ANSWERS.items():
        if step == "money":
            form = {**form, "income": "1.234,56", "assets": "€ 2.500"}
        await _post(client, "utrecht", step, form)
    await login_citizen(client, "utrecht", NOT_A_DEMO_BSN)
    await post(client, "/utrecht/apply/bijstand?from=check", expect=303, redirect_to=draft_path("utrecht"))
    async with database.session("utrecht") as session:
        answers = (await session.scalar(select(Application))).answers
    assert (answers["income"], answers["assets"]) == ("1234.56", "2500.00")


async def test_follow_up_question_without_javascript(client):
    response = await _post(client, "amsterdam", "about-you",
                           {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "yes"}, expect=200)
    assert 'name="partner_birth_date"' in response.text
    assert "error-summary" not in response.text


async def test_follow_up_fragment_for_htmx(client):
    response = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=yes",
                                headers={"HX-Request": "true"}, expect=200)
    assert 'name="partner_birth_date"' in response.text
    assert "<html" not in response.text
    response = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=no",
                                headers={"HX-Request": "true"}, expect=200)
    assert 'name="partner_birth_date"' not in response.text
    full = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=yes", expect=200)
    assert "<html" in full.text and 'name="partner_birth_date"' in full.text


async def test_answers_are_in_the_session_for_applications(client, database):
    """Checked anonymously, then logged in to apply: the application starts with the
    check's answers (a citizen the identity provider sends no birth date for)."""
    for step, form in ANSWERS.items():
        await _post(client, "rotterdam", step, form)
    await login_citizen(client, "rotterdam", NOT_A_DEMO_BSN)
    await client.get("/rotterdam/apply/bijstand?from=check", expect=200)
    await post(client, "/rotterdam/apply/bijstand?from=check", expect=303, redirect_to=draft_path("rotterdam"))
    async with database.session("rotterdam") as session:
        answers = (await session.scalar(select(Application))).answers
    assert answers == {"birth_date": "1985-01-01", "has_partner": "no", "housemates_27_plus": "0", "children_count": "0",
                       "in_detention": "no", "months_low_income": "40", "income": "400.00", "assets": "100.00", "debts": "0.00",
                       "home_equity": "0.00", "special_costs": "300.00"}


async def test_result_without_answers_goes_to_the_start(client):
    await client.get("/den-haag/check-result", expect=303, redirect_to="/den-haag/check")


@pytest.mark.parametrize("path", ["/groningen/check", "/groningen/check/about-you", "/amsterdam/check/nope",
                                  "/amsterdam/check/about-you/follow-up/birth_date"])
async def test_unknown_tenant_step_or_question_is_404(client, path):
    await client.get(path, expect=404)
