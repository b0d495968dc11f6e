"""When the database or Redis goes away, the portal answers quickly and says what is wrong.

- a silent database (a TCP server that accepts and never answers): /readyz within a
  second, naming the database; pages a branded 503 with Retry-After, within seconds;
- Redis refused (a closed port) and hung (a silent server): the rate limiter lets posts
  through, public pages work, pages that need the session say "log in again in a few
  minutes" (503), and /readyz names Redis;
- the rate limiter counts atomically in Redis: two workers, 300 posts, limit 120.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import httpx
import pytest
from litestar import post
from litestar.params import FromPath

from portal.app import create_app
from tests.conftest import make_settings
from tests.helpers.auth import route_provider_calls_into_app
from tests.helpers.client import checked_client
from tests.helpers.faults import closed_port, served, silent_server

REDIS_URL = "redis://127.0.0.1:6379/0"
# An anonymous page that reads the database: the booking step after choosing a location.
DATABASE_PAGE = "/amsterdam/appointments?step=location&type=schuldhulp&location=centrum"
# Longest a test waits for an answer before it counts as hanging.
HANG = 20


@post("/{tenant_slug:str}/ping", sync_to_thread=False, opt={"exclude_from_csrf": True}, status_code=200)
def ping(tenant_slug: FromPath[str]) -> str:
    return "pong"


async def timed(awaitable):
    started = time.monotonic()
    result = await asyncio.wait_for(awaitable, HANG)
    return result, time.monotonic() - started


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    import shutil

    path = tmp_path / "portal.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


# -- the database ----------------------------------------------------------------------

async def test_a_silent_database_gives_readiness_within_a_second_and_a_branded_503(tmp_path):
    with silent_server() as port:
        settings = make_settings(f"postgresql+asyncpg://portal@127.0.0.1:{port}/portal", tmp_path / "var",
                                 database_connect_timeout=0.5, database_statement_timeout=1.0,
                                 database_pool_timeout=1.0)
        async with checked_client(create_app(settings)) as client:
            ready, seconds = await timed(client.get("/readyz", expect=503))
            assert seconds < 1.0
            assert ready.json() == {"status": "unavailable", "database": "unavailable"}

            page, seconds = await timed(client.get(DATABASE_PAGE, expect=503))
            assert seconds < 3.0
            assert page.headers["retry-after"] == "120"
            assert "Sorry, de dienst is tijdelijk niet beschikbaar" in page.text
            assert "Gemeente Amsterdam" in page.text
            await client.get("/healthz", expect=200)  # the process itself lives


async def test_database_timeouts_are_settings_with_defaults():
    from portal.settings import SettingsError, load_settings

    defaults = load_settings({"SECRET_KEY": "x"})
    assert (defaults.database_connect_timeout, defaults.database_statement_timeout,
            defaults.database_pool_timeout, defaults.redis_timeout) == (5.0, 15.0, 10.0, 0.5)
    chosen = load_settings({"SECRET_KEY": "x", "DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_STATEMENT_TIMEOUT": "30",
                            "DATABASE_POOL_TIMEOUT": "3.5", "REDIS_TIMEOUT": "0.2"})
    assert (chosen.database_connect_timeout, chosen.database_statement_timeout,
            chosen.database_pool_timeout, chosen.redis_timeout) == (2.0, 30.0, 3.5, 0.2)
    with pytest.raises(SettingsError, match="DATABASE_STATEMENT_TIMEOUT='soon'"):
        load_settings({"SECRET_KEY": "x", "DATABASE_STATEMENT_TIMEOUT": "soon"})


# -- Redis -----------------------------------------------------------------------------

def _redis_away_app(sqlite_url, tmp_path, redis_url: str):
    settings = make_settings(sqlite_url, tmp_path / "var", redis_url=redis_url, redis_timeout=0.3,
                             rate_limit_posts_per_minute=120, redis_namespace=f"test-{uuid.uuid4().hex}")
    app = create_app(settings)
    app.register(ping)
    return app


async def _behaves_without_redis(client) -> None:
    # Posts pass the rate limiter (it fails open); six in a row stay quick.
    for _ in range(6):
        pong, seconds = await timed(client.post("/amsterdam/ping", expect=200))
        assert pong.text == "pong" and seconds < 1.0
    # A public page works; so does one for a visitor whose session cookie cannot be read.
    await client.get("/amsterdam/", expect=200)
    client.cookies.set("portal_session", uuid.uuid4().hex)
    await client.get("/amsterdam/", expect=200)
    # A page that needs the login: "log in again in a few minutes", not 500.
    page, seconds = await timed(client.get("/amsterdam/mijn", expect=503))
    assert seconds < 1.0
    assert page.headers["retry-after"] == "60"
    assert "Log over een paar minuten opnieuw in" in page.text and "Gemeente Amsterdam" in page.text
    # Logging in needs a session too: the same page, not 500.
    client.cookies.clear()
    route_provider_calls_into_app(client)
    start, _ = await timed(client.get("/amsterdam/login/start", expect=503))
    assert "Log over een paar minuten opnieuw in" in start.text
    ready, seconds = await timed(client.get("/readyz", expect=503))
    assert seconds < 1.0
    assert ready.json() == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def test_redis_refused_fails_open_and_asks_to_log_in_again(sqlite_url, tmp_path):
    # Litestar's logging set-up replaces the root handlers, so listen on the logger itself.
    kept = _Kept()
    logging.getLogger("portal.redis").addHandler(kept)
    try:
        app = _redis_away_app(sqlite_url, tmp_path, f"redis://127.0.0.1:{closed_port()}/0")
        async with checked_client(app) as client:
            await _behaves_without_redis(client)
    finally:
        logging.getLogger("portal.redis").removeHandler(kept)
    # Once per outage, not once per request.
    assert sum(m.startswith("Redis (rate limiter) unavailable (ConnectionError") for m in kept.messages) == 1


async def test_redis_hung_fails_open_quickly_and_asks_to_log_in_again(sqlite_url, tmp_path):
    with silent_server() as port:
        app = _redis_away_app(sqlite_url, tmp_path, f"redis://127.0.0.1:{port}/0")
        async with checked_client(app) as client:
            await _behaves_without_redis(client)


async def test_the_rate_limit_holds_across_two_workers_sharing_redis(sqlite_url, tmp_path):
    namespace = f"test-{uuid.uuid4().hex}"
    apps = []
    for worker in ("one", "two"):
        # A generous Redis timeout: this test is about counting atomically across workers, and
        # 300 posts at once on a loaded machine must not trip the fail-open breaker instead.
        settings = make_settings(sqlite_url, tmp_path / worker, redis_url=REDIS_URL, rate_limit_posts_per_minute=120,
                                 redis_namespace=namespace, redis_timeout=10.0)
        app = create_app(settings)
        app.register(ping)
        apps.append(app)
    # Two servers, each on its own event loop, as `portal serve --workers 2` runs them.
    with served(apps[0]) as one_url, served(apps[1]) as two_url:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=one_url, limits=limits) as one, \
                httpx.AsyncClient(base_url=two_url, limits=limits) as two:
            answers = await asyncio.gather(*(client.post("/amsterdam/ping") for _ in range(150) for client in (one, two)))
    statuses = [answer.status_code for answer in answers]
    assert (statuses.count(200), statuses.count(429)) == (120, 180)
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert 0 < int(refused.headers["retry-after"]) <= 60
