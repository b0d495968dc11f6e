"""The limits the login pages name are the ones the portal applies: the idle and
absolute session limits from the settings, the time a login may take from the
callback's own check."""

from __future__ import annotations

import html

import pytest

from portal.auth import routes
from tests.conftest import make_settings


@pytest.fixture
def limits():
    """(idle seconds, absolute seconds) of the session; a test parametrizes it."""
    return (15 * 60, 12 * 60 * 60)


@pytest.fixture
def settings(app_database_url, tmp_path, limits):
    idle, absolute = limits
    return make_settings(app_database_url, tmp_path / "var", session_idle_seconds=idle, session_absolute_seconds=absolute)


def text_of(page) -> str:
    return " ".join(html.unescape(page.text).split())


@pytest.mark.parametrize("limits, minutes, hours", [((15 * 60, 12 * 3600), 15, 12), ((20 * 60, 8 * 3600), 20, 8)])
async def test_the_expired_page_names_the_session_limits_of_the_settings(client, minutes, hours):
    page = text_of(await client.get("/amsterdam/session-expired", expect=200))
    assert f"U deed {minutes} minuten niets, of u was langer dan {hours} uur ingelogd." in page


@pytest.mark.parametrize("seconds, minutes", [(600, 10), (300, 5)])
async def test_a_late_login_names_the_time_the_callback_allows(client, monkeypatch, seconds, minutes):
    # The callback compares with PENDING_SECONDS; the page reads the same number.
    monkeypatch.setattr(routes, "PENDING_SECONDS", seconds)
    page = text_of(await client.get("/amsterdam/login/callback?code=stale&state=stale", expect=400))
    assert f"Voor uw veiligheid moet u binnen {minutes} minuten inloggen, in dezelfde browser." in page
