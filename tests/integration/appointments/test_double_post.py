"""One booking per submitted form: a double click, a reload or two tabs book once."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from portal.appointments import booking
from portal.appointments.models import Appointment
from portal.notifications.models import OutboxMessage
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for, make_citizen


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
