"""Cookies: the CSRF token bound to the login's session, the language cookie Secure under
https, and no `portal_session=null` left after logging out."""

from __future__ import annotations

import html
import re

from portal.web.csrf import unmask
from tests.conftest import make_settings
from tests.helpers.auth import csrf_token, login_citizen
from tests.helpers.client import checked_client

KEEP_ALIVE = "/amsterdam/session/keep-alive"


async def page_token(client, path: str = "/amsterdam/") -> str:
    page = await client.get(path, expect=200)
    return html.unescape(re.search(r'"x-csrftoken": "([^"]+)"', page.text).group(1))


async def test_a_csrf_token_planted_in_the_cookie_is_refused_once_logged_in(client):
    from tests.helpers.visitors import Visitors

    visitors = Visitors(client, current="victim")
    await login_citizen(visitors.as_("victim"), "amsterdam")
    # Validly signed by the portal (anyone gets one by visiting), but not the victim's session's.
    planted = unmask(await page_token(visitors.as_("attacker")))
    client = visitors.as_("victim")
    client.cookies.set("csrftoken", planted)
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": planted}, expect=403)
    await client.post("/amsterdam/logout", data={"_csrf_token": planted}, expect=403)
    await client.get("/amsterdam/mijn", expect=200)  # still logged in: the forged logout did nothing


async def test_the_login_gives_the_session_a_token_of_its_own(client):
    await client.get("/amsterdam/", expect=200)
    before = client.cookies.get("csrftoken")
    await login_citizen(client, "amsterdam")
    after = client.cookies.get("csrftoken")
    assert after and after != before
    assert unmask(await page_token(client, "/amsterdam/mijn")) == after
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": after}, expect=200)
    # The token from before the login no longer counts.
    client.cookies.set("csrftoken", before)
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": before}, expect=403)


async def test_anonymous_forms_keep_working_with_the_cookie_token(client):
    token = await page_token(client)
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": token}, expect=401)  # passes CSRF, nobody logged in


async def test_the_language_cookie_is_secure_under_https(app_database_url, tmp_path):
    from portal.app import create_app

    app = create_app(make_settings(app_database_url, tmp_path / "var", https=True))
    async with checked_client(app) as plain:
        response = await plain.get("/lang/en?next=/amsterdam/", expect=302, redirect_to="/amsterdam/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("lang=en;") and "Secure" in cookie and "HttpOnly" in cookie


async def test_logging_out_leaves_no_session_cookie(client):
    await login_citizen(client, "amsterdam")
    token = await csrf_token(client, "/amsterdam/")
    page = await client.post("/amsterdam/logout", data={"_csrf_token": token}, expect=200)
    cookie = next(c for c in page.headers.get_list("set-cookie") if c.startswith("portal_session="))
    assert cookie.startswith('portal_session="";') and "Max-Age=0" in cookie
    assert "portal_session" not in client.cookies
