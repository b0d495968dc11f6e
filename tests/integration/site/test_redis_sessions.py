"""With REDIS_URL, sessions live in Redis, so several stateless workers share them."""

import uuid

import pytest
import redis.asyncio as redis

from tests.helpers.auth import login_citizen

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis_app(settings):
    from portal.app import create_app

    # Two app instances on one database and one Redis: like two workers.
    first = create_app(settings.with_overrides(redis_url=REDIS_URL))
    second = create_app(settings.with_overrides(redis_url=REDIS_URL))
    yield first, second


async def test_a_login_on_one_worker_is_known_to_another(redis_app, backend):
    from litestar.testing import AsyncTestClient

    first, second = redis_app
    async with AsyncTestClient(app=first, base_url="http://testserver.local") as one:
        await login_citizen(one, "amsterdam")
        session_id = one.cookies.get("portal_session")
        assert (await one.get("/amsterdam/mijn")).status_code == 200
    client = redis.from_url(REDIS_URL)
    try:
        keys = [k.decode() async for k in client.scan_iter(match="portal:sessions*")]
        assert any(session_id in key for key in keys)
    finally:
        await client.aclose()
    async with AsyncTestClient(app=second, base_url="http://testserver.local") as two:
        two.cookies.set("portal_session", session_id)
        response = await two.get("/amsterdam/mijn", follow_redirects=False)
        assert response.status_code == 200
    async with AsyncTestClient(app=second, base_url="http://testserver.local") as stranger:
        stranger.cookies.set("portal_session", uuid.uuid4().hex)
        response = await stranger.get("/amsterdam/mijn", follow_redirects=False)
        assert response.status_code in (302, 303)
