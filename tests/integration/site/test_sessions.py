"""Sessions are written only when they change: a read-only request never overwrites a
change another request of the same browser made meanwhile, and anonymous visitors get
no session at all."""

import asyncio

from tests.helpers.auth import login_citizen


async def test_an_anonymous_visit_sets_no_session_cookie(client):
    response = await client.get("/amsterdam/", expect=200)
    assert "portal_session" not in response.headers.get("set-cookie", "")


async def test_read_only_requests_do_not_write_the_session(client, app):
    await login_citizen(client, "amsterdam")
    store = app.stores.get("sessions")
    key = client.cookies.get("portal_session")
    before = await store.expires_in(key)
    await asyncio.sleep(1.2)
    for path in ("/amsterdam/", "/amsterdam/mijn", "/static/css/portal.css", "/amsterdam/privacy"):
        response = await client.get(path, expect=200)
        assert "portal_session" not in response.headers.get("set-cookie", "")
    # A write would have reset the entry's lifetime; it only ran down.
    assert await store.expires_in(key) < before
