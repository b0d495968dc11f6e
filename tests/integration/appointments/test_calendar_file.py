"""The calendar file of an appointment: its content type names the charset once."""

from tests.integration.appointments.test_pages import BOOKED_BY_LINK, csrf, walk_to_check


async def test_the_ics_content_type_says_charset_once(client):
    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    done = await client.post("/amsterdam/appointments/book", data={
        **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"},
        expect=303, redirect_to=BOOKED_BY_LINK)
    ics = await client.get(done.headers["location"].split("?")[0] + "/calendar.ics", expect=200)
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VCALENDAR" in ics.content
