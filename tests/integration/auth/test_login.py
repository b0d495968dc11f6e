"""The whole login through the development provider: sessions, refusals, tenants."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from portal.auth import session as auth_session
from portal.auth.models import Citizen, Employee
from tests.helpers.auth import (
    AUTHORIZE, _login, callback_pattern, demo_citizen, end_session_url, login_citizen, login_employee, logout,
    route_provider_calls_into_app,
)
from tests.helpers.client import checked_client

SESSION = "portal_session"
TO_LOGIN = "/amsterdam/login?next=%2Famsterdam%2Fmijn"
TO_EXPIRED = "/amsterdam/session-expired?next=%2Famsterdam%2Fmijn"


def session_id(client) -> str | None:
    return client.cookies.get(SESSION)


async def test_citizen_logs_in_and_lands_on_my_overview(client, database):
    await client.get("/amsterdam/", expect=200)  # an anonymous visit may already have a session
    await _login(client, "amsterdam", "citizen", "111222333", next_url=None, redirect_to="/amsterdam/mijn")
    page = await client.get("/amsterdam/mijn", expect=200)
    assert "Sanne" in page.text and "Gemeente Amsterdam" in page.text
    assert "111222333" not in page.text  # the BSN is not shown, not even here
    async with database.session("amsterdam") as db:
        citizen = await db.scalar(select(Citizen).where(Citizen.bsn == "111222333"))
        assert citizen.last_login_at is not None


async def test_the_session_id_changes_at_login_and_the_old_one_is_dead(client, app):
    route_provider_calls_into_app(client)
    await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)  # creates a session
    before = session_id(client)
    assert before
    await login_citizen(client, "amsterdam")
    after = session_id(client)
    assert after and after != before
    assert await app.stores.get("sessions").get(before) is None
    # An attacker holding the old id gets nothing.
    client.cookies.set(SESSION, before)
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_LOGIN)


async def test_the_session_keeps_no_bsn(client, app):
    await login_citizen(client, "amsterdam")
    stored = await app.stores.get("sessions").get(session_id(client))
    assert b"111222333" not in stored


async def test_anonymous_visitors_are_sent_to_login_and_back(client):
    response = await client.get("/amsterdam/mijn?tab=1", expect=303,
                                redirect_to="/amsterdam/login?next=%2Famsterdam%2Fmijn%3Ftab%3D1")
    login_page = await client.get(response.headers["location"], expect=200)
    assert "/amsterdam/login/start?kind=citizen&amp;next=/amsterdam/mijn%3Ftab%3D1" in login_page.text


async def test_next_cannot_leave_the_tenant(client):
    await _login(client, "amsterdam", "citizen", "111222333", next_url="https://evil.example.org/", redirect_to="/amsterdam/mijn")
    await _login(client, "amsterdam", "citizen", "111222333", next_url="/rotterdam/mijn", redirect_to="/amsterdam/mijn")


async def test_employee_logs_in_and_lands_on_the_back_office(client, database):
    await login_employee(client, "utrecht", "senior")
    page = await client.get("/utrecht/backoffice/", expect=200)
    assert "Marloes Bos" in page.text
    async with database.session("utrecht") as db:
        employee = await db.scalar(select(Employee).where(Employee.subject == "utr-senior-1"))
        assert employee.roles == ["senior"]


async def test_a_login_at_one_tenant_gives_nothing_at_another(client):
    await login_citizen(client, "amsterdam")
    await client.get("/rotterdam/mijn", expect=404)
    home = await client.get("/rotterdam/", expect=200)
    assert "Sanne" not in home.text and "/rotterdam/login" in home.text
    # ...and it stays valid where it was made.
    assert "Sanne" in (await client.get("/amsterdam/mijn", expect=200)).text


@pytest.mark.parametrize(
    ("login_as", "path"),
    [
        (("citizen", "rotterdam"), "/amsterdam/mijn"),  # citizen of another tenant
        (("employee", "utrecht"), "/amsterdam/mijn"),  # employee of another tenant
        (("employee", "amsterdam"), "/amsterdam/mijn"),  # an employee is no citizen
        (("citizen", "amsterdam"), "/amsterdam/backoffice/"),  # a citizen is no employee
        (("citizen", "utrecht"), "/amsterdam/backoffice/"),
        (("employee", "utrecht"), "/amsterdam/backoffice/"),  # employee of another tenant
    ],
)
async def test_pages_of_others_are_404(client, login_as, path):
    kind, tenant = login_as
    if kind == "citizen":
        await login_citizen(client, tenant)
    else:
        await login_employee(client, tenant)
    await client.get(path, expect=404)


async def test_two_citizens_each_see_their_own_overview(client):
    second = demo_citizen("amsterdam").bsn
    other = [c for c in __import__("tests.helpers.auth", fromlist=["x"]).demo_people_of("amsterdam").citizens if c.bsn != second][0]
    await login_citizen(client, "amsterdam", other.bsn)
    page = await client.get("/amsterdam/mijn", expect=200)
    assert other.first_name in page.text and "Sanne" not in page.text


async def test_an_idle_session_expires(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    old_id = session_id(client)
    later = auth_session.now() + app.state.settings.session_idle_seconds + 1
    monkeypatch.setattr(auth_session, "now", lambda: later)
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_EXPIRED)
    assert await app.stores.get("sessions").get(old_id) is None
    expired_page = await client.get(TO_EXPIRED, expect=200)
    assert 'href="/amsterdam/login?next=/amsterdam/mijn"' in expired_page.text  # log in again, and back


async def test_activity_keeps_the_session_alive(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    start = auth_session.now()
    idle = app.state.settings.session_idle_seconds
    for step in (idle - 60, 2 * idle - 120):
        monkeypatch.setattr(auth_session, "now", lambda step=step: start + step)
        await client.get("/amsterdam/mijn", expect=200)


async def test_the_absolute_lifetime_ends_even_an_active_session(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    start = auth_session.now()
    settings = app.state.settings
    step = settings.session_idle_seconds - 60
    at = start
    while at + step < start + settings.session_absolute_seconds:
        at += step
        monkeypatch.setattr(auth_session, "now", lambda at=at: at)
        await client.get("/amsterdam/mijn", expect=200)
    monkeypatch.setattr(auth_session, "now", lambda: start + settings.session_absolute_seconds + 1)
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_EXPIRED)


async def test_keep_alive_answers_the_idle_warning(client):
    anonymous = await client.post("/amsterdam/session/keep-alive", headers={"x-csrftoken": await _csrf(client)}, expect=401)
    assert anonymous.json() == {"remaining": 0}
    await login_citizen(client, "amsterdam")
    response = await client.post("/amsterdam/session/keep-alive", headers={"x-csrftoken": await _csrf(client)}, expect=200)
    assert response.json()["remaining"] > 800
    await client.post("/amsterdam/session/keep-alive", expect=403)  # no CSRF header


async def _csrf(client) -> str:
    page = await client.get("/amsterdam/", expect=200)
    return html.unescape(re.search(r'"x-csrftoken": "([^"]+)"', page.text).group(1))


async def test_logout_destroys_the_session_and_visits_the_provider(client, app):
    await login_citizen(client, "amsterdam")
    old_id = session_id(client)
    page = await logout(client, "amsterdam")
    assert "client_id=amsterdam-digid&" in end_session_url(page)
    assert await app.stores.get("sessions").get(old_id) is None
    await client.get(end_session_url(page), expect=303, redirect_to="/amsterdam/logged-out")
    await client.get("/amsterdam/logged-out", expect=200)
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_LOGIN)


async def test_the_development_provider_refuses_a_logout_hint_it_did_not_sign(client):
    await login_citizen(client, "amsterdam")
    page = await logout(client, "amsterdam")
    good = end_session_url(page)
    forged = re.sub(r"id_token_hint=[^&]+", "id_token_hint=eyJhbGciOiJSUzI1NiJ9.e30.c2ln", good)
    refused = await client.get(forged, expect=200)
    assert "logged-out" not in refused.headers.get("location", "")
    other_client = good.replace("client_id=amsterdam-digid", "client_id=rotterdam-digid").replace("/amsterdam/", "/rotterdam/")
    await client.get(other_client, expect=200)  # the hint names another client: no redirect
    await client.get(good, expect=303, redirect_to="/amsterdam/logged-out")


async def _citizen_count(database) -> int:
    async with database.session("amsterdam") as db:
        return await db.scalar(select(func.count()).select_from(Citizen))


async def test_a_bsn_failing_the_elfproef_is_refused_without_a_session(client, database):
    before = await _citizen_count(database)
    response = await _login(client, "amsterdam", "citizen", "111222334", expect=403)
    assert "burgerservicenummer" in response.text
    assert "111222334" not in response.text
    assert await _citizen_count(database) == before
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_LOGIN)


async def test_an_assurance_level_below_the_minimum_is_refused(client, database):
    response = await _login(client, "amsterdam", "citizen", "111222333", level="basis", expect=403)
    assert "midden" in response.text
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_LOGIN)


async def test_a_higher_level_is_fine(client):
    await _login(client, "amsterdam", "citizen", "111222333", level="hoog", redirect_to="/amsterdam/mijn")
    assert "Sanne" in (await client.get("/amsterdam/mijn", expect=200)).text


async def test_a_callback_with_a_forged_state_is_refused(client):
    route_provider_calls_into_app(client)
    await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)
    await client.get("/amsterdam/login/callback?code=abc&state=forged", expect=400)
    await client.get("/amsterdam/mijn", expect=303, redirect_to=TO_LOGIN)


async def test_a_login_started_at_one_tenant_cannot_finish_at_another(client):
    from urllib.parse import parse_qsl, urlsplit

    route_provider_calls_into_app(client)
    start = await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)
    state = dict(parse_qsl(urlsplit(start.headers["location"]).query))["state"]
    await client.get(f"/rotterdam/login/callback?code=abc&state={state}", expect=400)


async def test_cancelling_at_the_provider_says_so(client):
    from urllib.parse import parse_qsl, urlsplit

    route_provider_calls_into_app(client)
    start = await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)
    state = dict(parse_qsl(urlsplit(start.headers["location"]).query))["state"]
    response = await client.get(f"/amsterdam/login/callback?error=access_denied&state={state}", expect=200)
    assert "gestopt" in response.text


async def test_an_authorization_code_works_only_once(client):
    from tests.helpers.auth import route_provider_calls_into_app

    route_provider_calls_into_app(client)
    from urllib.parse import parse_qsl, urlsplit

    start = await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)
    query = dict(parse_qsl(urlsplit(start.headers["location"]).query))
    page = await client.get(start.headers["location"], expect=200)
    token = html.unescape(re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1))
    chosen = await client.post("/dev-idp/authorize", expect=303, redirect_to=callback_pattern("amsterdam"),
                               data={**query, "person": "111222333", "level": "midden", "action": "login", "_csrf_token": token})
    callback = chosen.headers["location"]
    await client.get(callback, expect=303, redirect_to="/amsterdam/mijn")
    # Replaying the same callback: the pending login is gone and the code is used.
    await client.get(callback, expect=400)


async def test_the_development_provider_is_off_when_the_setting_is(app_database_url, tmp_path):
    from portal.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(app_database_url, tmp_path / "var", dev_idp=False))
    async with checked_client(app) as plain:
        await plain.get("/dev-idp/.well-known/openid-configuration", expect=404)
        await plain.get("/amsterdam/login/start", expect=503)
