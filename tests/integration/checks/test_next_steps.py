"""No dead ends: a check result that is "not likely" says what the person can still do,
its reasons read without double negatives and leave out conditions that do not concern
the person, and "Mijn overzicht" offers the schemes to apply for and the check."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from portal import clock
from portal.checks import service
from tests.helpers.auth import login_citizen
from tests.integration.checks.test_check import ANSWERS, _post

RICH = {**ANSWERS, "money": {"income": "9000", "assets": "250000", "debts": "1500", "home_equity": "0"}}
NEGATION = re.compile(r"\b(niet|geen|nooit)\b", re.I)


async def _result(client, slug: str, answers: dict, locale: str = "nl") -> str:
    await client.get(f"/lang/{locale}", expect=302, redirect_to="/")
    for step, form in answers.items():
        await _post(client, slug, step, form)
    return (await client.get(f"/{slug}/check-result", expect=200)).text


def _reasons(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>|\s+", " ", li)).strip()
            for li in re.findall(r'<li class="reason [^"]*">(.*?)</li>', html, re.S)]


async def test_when_nothing_is_likely_the_result_says_what_the_person_can_still_do(client, app):
    html = await _result(client, "rotterdam", RICH)
    assert "Wat u nog kunt doen" in html
    tenant = app.state.tenants["rotterdam"]
    assert f'href="tel:{tenant.config.contact.phone.replace(" ", "")}"' in html
    assert 'href="/rotterdam/appointments"' in html
    assert "U hebt schulden." in html and 'href="/rotterdam/appointments?type=schuldhulp"' in html
    for scheme in tenant.config.schemes:  # the check is no decision: applying stays open
        assert f'href="/rotterdam/apply/{scheme.id}?from=check"' in html
    assert 'href="/rotterdam/check/about-you"' in html


async def test_reasons_have_no_double_negatives(client):
    reasons = _reasons(await _result(client, "utrecht", RICH))
    assert "Uw vermogen min schulden is hoger dan de vermogensgrens" in " ".join(reasons)
    doubled = [r for r in reasons if len(NEGATION.findall(r)) > 1]
    assert not doubled, doubled


async def test_the_under_27_conditions_are_not_listed_as_met_for_someone_older(client):
    """Born in 1985: the student-finance and search-period rules do not concern them."""
    reasons = " ".join(_reasons(await _result(client, "amsterdam", ANSWERS, "en")))
    assert "You are 18 or older" in reasons
    assert "student finance" not in reasons and "4 weeks" not in reasons
    young = {**ANSWERS, "about-you": {**ANSWERS["about-you"], "birth_date": f"{clock.today().year - 22}-01-01"},
             "situation": {**ANSWERS["situation"], "student_finance": "no", "reported_on": ""}}
    assert "You are under 27 and have no right to student finance" in " ".join(
        _reasons(await _result(client, "amsterdam", young, "en")))


async def test_an_income_just_above_the_city_pass_limit_is_told_so(client, app):
    engine = app.state.rules_engine
    submitted = {}
    for step, form in RICH.items():
        submitted = service.submit_page("den-haag", step, form, submitted, clock.today()).answers
    limit = next(r.limit for r in service.evaluate(engine, "den-haag", submitted, clock.today()).scheme("stadspas").reasons
                 if r.code == "stadspas_income")
    just_above = {**RICH, "money": {"income": str(Decimal(limit) + 20), "assets": "0", "debts": "0", "home_equity": "0"}}
    html = await _result(client, "den-haag", just_above)
    assert "Uw inkomen is net hoger dan de grens" in html


async def test_mijn_overzicht_offers_the_schemes_and_the_check(client, app):
    await login_citizen(client, "utrecht")
    page = await client.get("/utrecht/mijn", expect=200)
    assert 'id="section-apply"' in page.text and 'href="/utrecht/check"' in page.text
    for scheme in app.state.tenants["utrecht"].config.schemes:
        assert f'href="/utrecht/apply/{scheme.id}"' in page.text
    assert 'href="#section-apply"' in page.text  # from the empty "My cases"
