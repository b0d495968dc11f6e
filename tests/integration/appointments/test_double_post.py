"""One booking per submitted form: a double click, a reload or two tabs book once."""

from __future__ import annotations

import asyncio

import re

import pytest
from sqlalchemy import func, select

from portal.appointments import booking
from portal.appointments.models import Appointment
from portal.notifications.models import OutboxMessage
from tests.helpers.auth import demo_people_of, login_citizen, login_employee, logout
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for, make_citizen
from tests.integration.appointments.test_pages import BOOKED_BY_LINK, csrf, walk_to_check


async def _count(database, slug, model, *where) -> int:
    async with database.session(slug) as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_the_same_form_booked_twice_at_once_gives_one_appointment_and_one_mail(database, tenants):
    tenant = tenants["amsterdam"]
    async with database.session("amsterdam") as session:
        citizen = await make_citizen(session)
        await session.commit()
    key = booking.new_form_key()

    async def post_form() -> Appointment:
        async with database.session("amsterdam") as session:
            booked = await booking.book(
                session, tenant, type_id="intake-bijstand", location_id="centrum", start=MONDAY_0900,
                name=citizen.name, email=citizen.email, locale="nl", link_for=link_for, citizen_id=citizen.id,
                now=NOW, form_key=key,
            )
            return booked.appointment.id

    first, second = await asyncio.gather(post_form(), post_form())
    assert first == second
    assert await _count(database, "amsterdam", Appointment) == 1
    confirmations = await _count(database, "amsterdam", OutboxMessage, OutboxMessage.ref == f"appointment-booked:{first}")
    reminders = await _count(database, "amsterdam", OutboxMessage, OutboxMessage.ref.like("appointment-reminder:%"))
    assert (confirmations, reminders) == (1, 1)


async def test_an_anonymous_form_posted_twice_links_to_the_one_booking(database, tenants):
    tenant = tenants["amsterdam"]
    key = booking.new_form_key()
    token = booking.manage_token("site-secret", key)
    answers = []
    for _ in range(2):
        async with database.session("amsterdam") as session:
            answers.append(await booking.book(
                session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900, name="Noor Hendriks",
                email="noor@example.org", locale="nl", link_for=link_for, now=NOW, form_key=key, token=token,
            ))
    assert answers[0].appointment.id == answers[1].appointment.id
    assert answers[0].token == answers[1].token == token
    assert answers[0].appointment.token_hash == booking.hash_token(token)
    assert await _count(database, "amsterdam", Appointment) == 1
    # Someone who has the key but not the token (it is derived with the site's secret) books nothing.
    async with database.session("amsterdam") as session:
        with pytest.raises(booking.BookingError) as refused:
            await booking.book(session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900,
                               name="Noor Hendriks", email="noor@example.org", locale="nl", link_for=link_for, now=NOW,
                               form_key=key, token="guessed")
    assert refused.value.field == "time"
    assert await _count(database, "amsterdam", Appointment) == 1


# -- over HTTP: the booking form ---------------------------------------------------------

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
# Another citizen of the city: "choose one of the times shown" (the key is not theirs);
# someone logged in at another city: not found, as every page of another tenant.
STRANGER_STATUS = {"den-haag": 409, "rotterdam": 404, "utrecht": 404}


async def test_a_booking_form_posted_twice_books_once_and_sends_one_mail(client, database):
    await login_citizen(client, "den-haag")
    page, fields = await walk_to_check(client, "den-haag", "intake-bijstand", "spui")
    form = {**fields, "form_key": FORM_KEY.search(page.text).group(1), "_csrf_token": csrf(page),
            "email": "sanne@example.org"}
    booked = re.compile(r"/den-haag/appointments/[0-9a-f-]{36}\?done=booked")
    first = await client.post("/den-haag/appointments/book", data=form, expect=303, redirect_to=booked)
    again = await client.post("/den-haag/appointments/book", data=form, expect=303, redirect_to=booked)
    assert again.headers["location"] == first.headers["location"]
    appointment_id = first.headers["location"].split("/")[-1].split("?")[0]
    assert await _count(database, "den-haag", Appointment) == 1
    assert await _count(database, "den-haag", OutboxMessage,
                        OutboxMessage.ref == f"appointment-booked:{appointment_id}") == 1

    # The same form posted by anyone else books nothing and shows nothing of this booking:
    # another citizen of the city, a citizen of another city, an employee of another city.
    await logout(client, "den-haag")
    for slug, login in (("den-haag", lambda: login_citizen(client, "den-haag", demo_people_of("den-haag").citizens[1].bsn)),
                        ("rotterdam", lambda: login_citizen(client, "rotterdam")),
                        ("utrecht", lambda: login_employee(client, "utrecht"))):
        await login()
        token = csrf(await client.get(f"/{slug}/", expect=200))
        refused = await client.post("/den-haag/appointments/book", data={**form, "_csrf_token": token},
                                    expect=STRANGER_STATUS[slug])
        assert appointment_id not in refused.text
        await logout(client, slug)
    assert await _count(database, "den-haag", Appointment) == 1


async def test_an_anonymous_booking_form_posted_twice_leads_to_the_one_manage_link(client, database):
    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    form = {**fields, "form_key": FORM_KEY.search(page.text).group(1), "_csrf_token": csrf(page),
            "name": "Noor Hendriks", "email": "noor@example.org"}
    first = await client.post("/amsterdam/appointments/book", data=form, expect=303, redirect_to=BOOKED_BY_LINK)
    again = await client.post("/amsterdam/appointments/book", data=form, expect=303, redirect_to=BOOKED_BY_LINK)
    assert again.headers["location"] == first.headers["location"]
    await client.get(first.headers["location"], expect=200)
    assert await _count(database, "amsterdam", Appointment) == 1
    assert await _count(database, "amsterdam", OutboxMessage, OutboxMessage.ref.like("appointment-booked:%")) == 1
