"""The whole login through the development provider: sessions, refusals, tenants."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from portal.auth import session as auth_session
from portal.auth.models import Citizen, Employee
from tests.helpers.auth import _login, demo_citizen, login_citizen, login_employee, logout, route_provider_calls_into_app

SESSION = "portal_session"


def session_id(client) -> str | None:
    return client.cookies.get(SESSION)


async def test_citizen_logs_in_and_lands_on_my_overview(client, database):
    await client.get("/amsterdam/")  # an anonymous visit may already have a session
    response = await _login(client, "amsterdam", "citizen", "111222333", next_url=None)
    assert response.status_code == 303 and response.headers["location"] == "/amsterdam/mijn"
    page = await client.get("/amsterdam/mijn")
    assert page.status_code == 200
    assert "Sanne" in page.text and "Gemeente Amsterdam" in page.text
    assert "111222333" not in page.text  # the BSN is not shown, not even here
    async with database.session("amsterdam") as db:
        citizen = await db.scalar(select(Citizen).where(Citizen.bsn == "111222333"))
        assert citizen.last_login_at is not None


async def test_the_session_id_changes_at_login_and_the_old_one_is_dead(client, app):
    route_provider_calls_into_app(client)
    await client.get("/amsterdam/login/start", follow_redirects=False)  # creates a session
    before = session_id(client)
    assert before
    await login_citizen(client, "amsterdam")
    after = session_id(client)
    assert after and after != before
    assert await app.stores.get("sessions").get(before) is None
    # An attacker holding the old id gets nothing.
    client.cookies.set(SESSION, before)
    response = await client.get("/amsterdam/mijn", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/amsterdam/login")


async def test_the_session_keeps_no_bsn(client, app):
    await login_citizen(client, "amsterdam")
    stored = await app.stores.get("sessions").get(session_id(client))
    assert b"111222333" not in stored


async def test_anonymous_visitors_are_sent_to_login_and_back(client):
    response = await client.get("/amsterdam/mijn?tab=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/amsterdam/login?next=%2Famsterdam%2Fmijn%3Ftab%3D1"
    login_page = await client.get(response.headers["location"])
    assert "/amsterdam/login/start?kind=citizen&amp;next=/amsterdam/mijn%3Ftab%3D1" in login_page.text


async def test_next_cannot_leave_the_tenant(client):
    response = await _login(client, "amsterdam", "citizen", "111222333", next_url="https://evil.example.org/")
    assert response.headers["location"] == "/amsterdam/mijn"
    response = await _login(client, "amsterdam", "citizen", "111222333", next_url="/rotterdam/mijn")
    assert response.headers["location"] == "/amsterdam/mijn"


async def test_employee_logs_in_and_lands_on_the_back_office(client, database):
    await login_employee(client, "utrecht", "senior")
    page = await client.get("/utrecht/backoffice/")
    assert page.status_code == 200 and "Marloes Bos" in page.text
    async with database.session("utrecht") as db:
        employee = await db.scalar(select(Employee).where(Employee.subject == "utr-senior-1"))
        assert employee.roles == ["senior"]


async def test_a_login_at_one_tenant_gives_nothing_at_another(client):
    await login_citizen(client, "amsterdam")
    assert (await client.get("/rotterdam/mijn", follow_redirects=False)).status_code == 404
    home = await client.get("/rotterdam/")
    assert "Sanne" not in home.text and "/rotterdam/login" in home.text
    # ...and it stays valid where it was made.
    assert (await client.get("/amsterdam/mijn")).status_code == 200


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
    assert (await client.get(path, follow_redirects=False)).status_code == 404


async def test_two_citizens_each_see_their_own_overview(client):
    second = demo_citizen("amsterdam").bsn
    other = [c for c in __import__("tests.helpers.auth", fromlist=["x"]).demo_people_of("amsterdam").citizens if c.bsn != second][0]
    await login_citizen(client, "amsterdam", other.bsn)
    page = await client.get("/amsterdam/mijn")
    assert other.first_name in page.text and "Sanne" not in page.text


async def test_an_idle_session_expires(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    old_id = session_id(client)
    later = auth_session.now() + app.state.settings.session_idle_seconds + 1
    monkeypatch.setattr(auth_session, "now", lambda: later)
    response = await client.get("/amsterdam/mijn", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/amsterdam/session-expired")
    assert await app.stores.get("sessions").get(old_id) is None
    expired_page = await client.get(response.headers["location"])
    assert expired_page.status_code == 200


async def test_activity_keeps_the_session_alive(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    start = auth_session.now()
    idle = app.state.settings.session_idle_seconds
    for step in (idle - 60, 2 * idle - 120):
        monkeypatch.setattr(auth_session, "now", lambda step=step: start + step)
        assert (await client.get("/amsterdam/mijn")).status_code == 200


async def test_the_absolute_lifetime_ends_even_an_active_session(client, app, monkeypatch):
    await login_citizen(client, "amsterdam")
    start = auth_session.now()
    settings = app.state.settings
    step = settings.session_idle_seconds - 60
    at = start
    while at + step < start + settings.session_absolute_seconds:
        at += step
        monkeypatch.setattr(auth_session, "now", lambda at=at: at)
        assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 200
    monkeypatch.setattr(auth_session, "now", lambda: start + settings.session_absolute_seconds + 1)
    assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 303


async def test_keep_alive_answers_the_idle_warning(client):
    anonymous = await client.post("/amsterdam/session/keep-alive", headers={"x-csrftoken": await _csrf(client)})
    assert anonymous.status_code == 401
    await login_citizen(client, "amsterdam")
    response = await client.post("/amsterdam/session/keep-alive", headers={"x-csrftoken": await _csrf(client)})
    assert response.status_code == 200 and response.json()["remaining"] > 800
    refused = await client.post("/amsterdam/session/keep-alive")  # no CSRF header
    assert refused.status_code == 403


async def _csrf(client) -> str:
    page = await client.get("/amsterdam/")
    return html.unescape(re.search(r'"x-csrftoken": "([^"]+)"', page.text).group(1))


async def test_logout_destroys_the_session_and_visits_the_provider(client, app):
    await login_citizen(client, "amsterdam")
    old_id = session_id(client)
    response = await logout(client, "amsterdam")
    assert response.status_code == 303
    assert response.headers["location"].startswith("http://testserver.local/dev-idp/logout?client_id=amsterdam-digid")
    assert await app.stores.get("sessions").get(old_id) is None
    back = await client.get(response.headers["location"].replace("http://testserver.local", ""), follow_redirects=False)
    assert back.headers["location"] == "http://testserver.local/amsterdam/logged-out"
    assert (await client.get("/amsterdam/logged-out")).status_code == 200
    assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 303


async def _citizen_count(database) -> int:
    async with database.session("amsterdam") as db:
        return await db.scalar(select(func.count()).select_from(Citizen))


async def test_a_bsn_failing_the_elfproef_is_refused_without_a_session(client, database):
    before = await _citizen_count(database)
    response = await _login(client, "amsterdam", "citizen", "111222334")
    assert response.status_code == 403
    assert "burgerservicenummer" in response.text
    assert "111222334" not in response.text
    assert await _citizen_count(database) == before
    assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 303


async def test_an_assurance_level_below_the_minimum_is_refused(client, database):
    response = await _login(client, "amsterdam", "citizen", "111222333", level="basis")
    assert response.status_code == 403 and "midden" in response.text
    assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 303


async def test_a_higher_level_is_fine(client):
    response = await _login(client, "amsterdam", "citizen", "111222333", level="hoog")
    assert response.status_code == 303


async def test_a_callback_with_a_forged_state_is_refused(client):
    route_provider_calls_into_app(client)
    await client.get("/amsterdam/login/start", follow_redirects=False)
    response = await client.get("/amsterdam/login/callback?code=abc&state=forged")
    assert response.status_code == 400
    assert (await client.get("/amsterdam/mijn", follow_redirects=False)).status_code == 303


async def test_a_login_started_at_one_tenant_cannot_finish_at_another(client):
    from urllib.parse import parse_qsl, urlsplit

    route_provider_calls_into_app(client)
    start = await client.get("/amsterdam/login/start", follow_redirects=False)
    state = dict(parse_qsl(urlsplit(start.headers["location"]).query))["state"]
    response = await client.get(f"/rotterdam/login/callback?code=abc&state={state}")
    assert response.status_code == 400


async def test_cancelling_at_the_provider_says_so(client):
    from urllib.parse import parse_qsl, urlsplit

    route_provider_calls_into_app(client)
    start = await client.get("/amsterdam/login/start", follow_redirects=False)
    state = dict(parse_qsl(urlsplit(start.headers["location"]).query))["state"]
    response = await client.get(f"/amsterdam/login/callback?error=access_denied&state={state}")
    assert response.status_code == 200 and "gestopt" in response.text


async def test_an_authorization_code_works_only_once(client):
    from tests.helpers.auth import route_provider_calls_into_app

    route_provider_calls_into_app(client)
    from urllib.parse import parse_qsl, urlsplit

    start = await client.get("/amsterdam/login/start", follow_redirects=False)
    query = dict(parse_qsl(urlsplit(start.headers["location"]).query))
    page = await client.get(start.headers["location"].replace("http://testserver.local", ""))
    token = html.unescape(re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1))
    chosen = await client.post("/dev-idp/authorize", data={**query, "person": "111222333", "level": "midden", "action": "login", "_csrf_token": token}, follow_redirects=False)
    callback = chosen.headers["location"].replace("http://testserver.local", "")
    assert (await client.get(callback, follow_redirects=False)).status_code == 303
    # Replaying the same callback: the pending login is gone and the code is used.
    assert (await client.get(callback, follow_redirects=False)).status_code == 400


async def test_the_development_provider_is_off_when_the_setting_is(app_database_url, tmp_path):
    from litestar.testing import AsyncTestClient

    from portal.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(app_database_url, tmp_path / "var", dev_idp=False))
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as plain:
        assert (await plain.get("/dev-idp/.well-known/openid-configuration")).status_code == 404
        response = await plain.get("/amsterdam/login/start", follow_redirects=False)
        assert response.status_code == 503
