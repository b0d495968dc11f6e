"""The check's result states the day whose rules it used: Amsterdam's day, not the UTC one."""

from __future__ import annotations

from datetime import datetime, timezone

from portal import clock
from tests.integration.checks.test_check import ANSWERS, _post


async def test_the_result_uses_amsterdam_s_date_just_after_midnight_on_new_year(client):
    # 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam.
    with clock.moment(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)):
        for step, form in ANSWERS.items():
            await _post(client, "amsterdam", step, form)
        response = await client.get("/amsterdam/check-result", expect=200)
    assert "regels van 1 januari 2027" in response.text
