"""Inputs at the ends of their range get a page, not a server error."""

from __future__ import annotations

import pytest

from tests.helpers.auth import login_employee


@pytest.mark.parametrize("before", ["99999999999999999999999999", "9223372036854775808"])
async def test_the_audit_log_takes_a_huge_before_as_from_the_newest(client, before):
    await login_employee(client, "amsterdam", "admin")
    first = await client.get("/amsterdam/backoffice/audit", expect=200)
    page = await client.get(f"/amsterdam/backoffice/audit?before={before}", expect=200)
    assert page.text.count('class="case-ref"') == first.text.count('class="case-ref"')


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_the_audit_log_refuses_dates_at_the_ends_of_the_calendar_clearly(client, field, day):
    await login_employee(client, "amsterdam", "admin")
    page = await client.get(f"/amsterdam/backoffice/audit?{field}={day}", expect=400)
    assert page.text.count("Vul een datum in, zoals") == 2  # in the summary and at the field
    assert f'href="#field-{field}"' in page.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_the_appointments_day_at_the_ends_of_the_calendar_shows_today(client, day):
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/appointments?day={day}", expect=200)
    today = await client.get("/amsterdam/backoffice/appointments", expect=200)
    heading = today.text.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert f"<h1>{heading}</h1>" in page.text
