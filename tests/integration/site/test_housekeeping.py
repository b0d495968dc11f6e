"""State that a visitor can make the portal write is limited, and it does not stay forever:
the login start counts against the rate limit, and expired sessions and counts leave the
file stores on a schedule."""

from __future__ import annotations

import asyncio
import time

from portal.web import housekeeping
from tests.conftest import make_settings
from tests.helpers.auth import AUTHORIZE, route_provider_calls_into_app
from tests.helpers.client import checked_client


def _files(folder) -> list:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.exists() else []


async def test_starting_logins_counts_against_the_rate_limit(app_database_url, tmp_path):
    from portal.app import create_app

    app = create_app(make_settings(app_database_url, tmp_path / "var", rate_limit_posts_per_minute=3))
    async with checked_client(app) as client:
        route_provider_calls_into_app(client)
        for _ in range(3):
            await client.get("/amsterdam/login/start", expect=303, redirect_to=AUTHORIZE)
        refused = await client.get("/amsterdam/login/start", expect=429)
        assert refused.headers["retry-after"].isdigit()
        # Reading pages is not limited.
        for _ in range(5):
            await client.get("/amsterdam/", expect=200)


async def test_expired_sessions_and_counts_leave_the_file_stores(app_database_url, tmp_path):
    from portal.app import create_app

    settings = make_settings(app_database_url, tmp_path / "var", rate_limit_posts_per_minute=100)
    app = create_app(settings)
    sessions, counts = app.stores.get("sessions"), app.state.post_counter_store
    await sessions.set("gone", b"{}", expires_in=1)
    await sessions.set("kept", b"{}", expires_in=3600)
    await counts.set("203.0.113.9", b"{}", expires_in=1)
    assert len(_files(settings.var_dir / "sessions")) == 2 and len(_files(settings.var_dir / "ratelimit")) == 1
    time.sleep(1.1)  # the stores' expiry runs on the machine's clock
    assert await housekeeping.sweep_file_stores(app) == 2
    assert len(_files(settings.var_dir / "sessions")) == 1 and _files(settings.var_dir / "ratelimit") == []
    assert await sessions.get("kept") == b"{}"


async def test_the_web_process_sweeps_on_a_schedule(app_database_url, tmp_path):
    from portal.app import create_app

    settings = make_settings(app_database_url, tmp_path / "var")
    app = create_app(settings)
    async with checked_client(app):
        # Started with the app (its own event loop's task), running until the app stops.
        task = app.state.housekeeping_task
        assert task.get_name() == housekeeping.TASK_NAME and not task.done()
    assert task.cancelled()
    await app.stores.get("sessions").set("gone", b"{}", expires_in=1)
    time.sleep(1.1)
    task = asyncio.create_task(housekeeping.run_forever(app, interval=0.05))
    await asyncio.sleep(0.3)
    task.cancel()
    assert _files(settings.var_dir / "sessions") == []
