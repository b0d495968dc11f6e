"""A login on a clock set to another day: tokens, sessions and cookies agree on the time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal import clock
from tests.helpers.auth import _login, route_provider_calls_into_app


@pytest.fixture(params=[timedelta(days=400), timedelta(days=-400)], ids=["ahead", "behind"])
def shifted_clock(request):
    """The portal's clock a year and more away from the machine's, as `pytest --clock` sets it."""
    saved = clock._OFFSET.value
    clock._OFFSET.value = request.param
    yield request.param
    clock._OFFSET.value = saved


async def test_a_citizen_logs_in_when_the_clock_is_set_to_another_day(client, shifted_clock):
    route_provider_calls_into_app(client)
    await _login(client, "amsterdam", "citizen", "111222333", redirect_to="/amsterdam/mijn")
    page = await client.get("/amsterdam/mijn", expect=200)
    assert "Sanne" in page.text


async def test_the_session_cookie_says_how_long_it_lives_not_until_when(client, app, shifted_clock):
    # The browser keeps real time: an absolute Expires on the portal's shifted clock would
    # be in the browser's past (cookie dropped) or far future. Max-Age is relative.
    route_provider_calls_into_app(client)
    callback = await _login(client, "amsterdam", "citizen", "111222333")
    cookies = [v for k, v in callback.headers.multi_items() if k == "set-cookie" and v.startswith("portal_session=")]
    assert len(cookies) == 1
    attributes = {part.strip().split("=")[0].lower() for part in cookies[0].split(";")}
    assert "max-age" in attributes
    assert "expires" not in attributes
    assert f"Max-Age={app.state.settings.session_absolute_seconds}" in cookies[0]
