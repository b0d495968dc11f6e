"""The anonymous check over HTTP: pages, follow-up questions, errors, result, session answers."""

from __future__ import annotations

import pytest

ANSWERS = {
    "about-you": {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "no"},
    "household": {"children_count": "0", "housemates_27_plus": "0"},
    "money": {"income": "400", "assets": "100", "debts": "0", "home_equity": "0"},
    "situation": {"in_detention": "no", "months_low_income": "40", "special_costs": "300"},
}


async def _post(client, slug, step, form):
    if "csrftoken" not in client.cookies:
        await client.get(f"/{slug}/check/{step}")
    data = {**form, "_rendered": " ".join(form)}
    return await client.post(f"/{slug}/check/{step}", data=data, headers={"x-csrftoken": client.cookies["csrftoken"]},
                             follow_redirects=False)


async def test_home_page_links_to_the_check(client):
    response = await client.get("/utrecht/")
    assert 'href="/utrecht/check"' in response.text


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
async def test_whole_check_gives_a_result_per_scheme(client, app, slug):
    for step, form in ANSWERS.items():
        response = await _post(client, slug, step, form)
        assert response.status_code == 303, response.text
    await client.get("/lang/en")
    response = await client.get(f"/{slug}/check-result")
    assert response.status_code == 200
    tenant = app.state.tenants[slug]
    for scheme in tenant.config.schemes:
        assert f'href="/{slug}/apply/{scheme.id}?from=check"' in response.text
    assert tenant.config.scheme("stadspas").name in response.text
    assert "Likely" in response.text and "per month" in response.text


async def test_bad_input_gets_a_translated_message_and_keeps_other_answers(client):
    await client.get("/lang/nl")
    response = await _post(client, "amsterdam", "about-you",
                           {"lives_here": "yes", "birth_date": "1985-31-01", "has_partner": "no"})
    assert response.status_code == 400
    assert "Deze datum bestaat niet. Kijk de dag en de maand na." in response.text
    assert 'id="error-birth_date"' in response.text
    assert 'value="1985-31-01"' in response.text
    assert 'value="no" checked' in response.text


async def test_follow_up_question_without_javascript(client):
    response = await _post(client, "amsterdam", "about-you",
                           {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "yes"})
    assert response.status_code == 200
    assert 'name="partner_birth_date"' in response.text
    assert "error-summary" not in response.text


async def test_follow_up_fragment_for_htmx(client):
    response = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=yes",
                                headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'name="partner_birth_date"' in response.text
    assert "<html" not in response.text
    response = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=no",
                                headers={"HX-Request": "true"})
    assert 'name="partner_birth_date"' not in response.text
    full = await client.get("/amsterdam/check/about-you/follow-up/has_partner?has_partner=yes")
    assert "<html" in full.text and 'name="partner_birth_date"' in full.text


async def test_answers_are_in_the_session_for_applications(client, app):
    for step, form in ANSWERS.items():
        await _post(client, "rotterdam", step, form)
    response = await client.get("/rotterdam/check-result")
    assert response.status_code == 200


async def test_result_without_answers_goes_to_the_start(client):
    response = await client.get("/den-haag/check-result", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/den-haag/check"


@pytest.mark.parametrize("path", ["/groningen/check", "/groningen/check/about-you", "/amsterdam/check/nope",
                                  "/amsterdam/check/about-you/follow-up/birth_date"])
async def test_unknown_tenant_step_or_question_is_404(client, path):
    assert (await client.get(path)).status_code == 404
