"""With REDIS_URL, sessions live in Redis, so several stateless workers share them."""

import uuid

import pytest
import redis.asyncio as redis

from tests.helpers.auth import demo_citizen, login_citizen
from tests.helpers.client import checked_client

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis_app(settings):
    from portal.app import create_app

    # Two app instances on one database and one Redis: like two workers.
    first = create_app(settings.with_overrides(redis_url=REDIS_URL))
    second = create_app(settings.with_overrides(redis_url=REDIS_URL))
    yield first, second


async def test_a_login_on_one_worker_is_known_to_another(redis_app, backend):
    first, second = redis_app
    async with checked_client(first) as one:
        await login_citizen(one, "amsterdam")
        session_id = one.cookies.get("portal_session")
        await one.get("/amsterdam/mijn", expect=200)
    client = redis.from_url(REDIS_URL)
    try:
        keys = [k.decode() async for k in client.scan_iter(match="portal:sessions*")]
        assert any(session_id in key for key in keys)
    finally:
        await client.aclose()
    async with checked_client(second) as two:
        two.cookies.set("portal_session", session_id)
        page = await two.get("/amsterdam/mijn", expect=200)
        assert f"Ingelogd als {demo_citizen('amsterdam').first_name}" in page.text
    async with checked_client(second) as stranger:
        stranger.cookies.set("portal_session", uuid.uuid4().hex)
        await stranger.get("/amsterdam/mijn", expect=303, redirect_to="/amsterdam/login?next=%2Famsterdam%2Fmijn")
