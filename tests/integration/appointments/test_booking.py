"""Booking, moving and cancelling through the service: seats, emails, calendar, reminders."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.appointments import booking, queries
from portal.appointments.models import Appointment
from portal.i18n import TIMEZONE
from portal.notifications.models import OutboxMessage
from tests.integration.appointments.conftest import FRIDAY_0900, MONDAY_0900, NOW, link_for, make_citizen


async def _book(session, tenant, citizen, start=MONDAY_0900, type_id="intake-bijstand", now=NOW, **extra):
    return await booking.book(
        session, tenant, type_id=type_id, location_id="centrum", start=start, name=citizen.name,
        email=citizen.email, locale="nl", link_for=link_for, citizen_id=citizen.id, now=now, **extra,
    )


async def _outbox(session):
    return (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at))).all()


def _ics(message) -> Calendar:
    [attachment] = message.payload["attachments"]
    assert attachment["filename"].endswith(".ics")
    return Calendar.from_ical(base64.b64decode(attachment["content_b64"]))


async def test_booking_stores_utc_and_sends_a_calendar_file_in_dutch_time(tenant_session, tenants):
    session = tenant_session("amsterdam")
    citizen = await make_citizen(session)
    booked = await _book(session, tenants["amsterdam"], citizen)
    appointment = booked.appointment
    assert booked.token is None  # logged-in citizens manage it from their overview
    assert appointment.start_at == MONDAY_0900 and appointment.seat == 1
    assert appointment.end_at - appointment.start_at == timedelta(minutes=45)

    confirmation, reminder = await _outbox(session)
    assert confirmation.payload["to"] == citizen.email
    assert "maandag 26 oktober 2026 om 09:00" in confirmation.payload["body"]
    event = _ics(confirmation).walk("VEVENT")[0]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/Amsterdam")
    assert start == MONDAY_0900 and end == MONDAY_0900 + timedelta(minutes=45)
    assert str(event["location"]) == "Stadsloket Centrum, Amstel 1, 1011 PN Amsterdam"
    assert str(event["uid"]) == f"appointment-{appointment.id}@amsterdam.portal"
    assert _ics(confirmation)["method"] == "REQUEST"

    # The reminder: queued for exactly 24 hours before, through the outbox.
    assert reminder.ref == f"appointment-reminder:{appointment.id}"
    assert reminder.next_attempt_at == MONDAY_0900 - timedelta(hours=24)
    assert reminder.status == OutboxMessage.PENDING


async def test_the_summer_time_week_is_shown_at_the_same_local_time(tenant_session, tenants):
    session = tenant_session("amsterdam")
    citizen = await make_citizen(session)
    appointment = (await _book(session, tenants["amsterdam"], citizen, start=FRIDAY_0900)).appointment
    assert appointment.start_at.astimezone(TIMEZONE).hour == 9
    confirmation = (await _outbox(session))[0]
    assert "vrijdag 23 oktober 2026 om 09:00" in confirmation.payload["body"]
    assert _ics(confirmation).walk("VEVENT")[0].decoded("dtstart").utcoffset() == timedelta(hours=2)


async def test_moving_updates_the_same_calendar_entry_and_the_reminder(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    citizen = await make_citizen(session)
    appointment = (await _book(session, tenant, citizen)).appointment
    new_start = MONDAY_0900 + timedelta(minutes=45)
    await booking.move(session, tenant, appointment.id, start=new_start, link="x", now=NOW)

    messages = await _outbox(session)
    moved = next(m for m in messages if m.ref == f"appointment-moved:{appointment.id}")
    event = _ics(moved).walk("VEVENT")[0]
    assert str(event["uid"]) == f"appointment-{appointment.id}@amsterdam.portal"
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == new_start
    reminders = [m for m in messages if m.ref == f"appointment-reminder:{appointment.id}"]
    assert sorted((m.status, m.next_attempt_at) for m in reminders) == [
        (OutboxMessage.CANCELLED, MONDAY_0900 - timedelta(hours=24)),
        (OutboxMessage.PENDING, new_start - timedelta(hours=24)),
    ]


async def test_cancelling_removes_the_calendar_entry_frees_the_seat_and_drops_the_reminder(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    citizen = await make_citizen(session)
    appointment = (await _book(session, tenant, citizen)).appointment
    await booking.cancel(session, tenant, appointment.id, now=NOW)
    assert appointment.status == Appointment.CANCELLED and appointment.seat is None

    messages = await _outbox(session)
    cancelled = next(m for m in messages if m.ref == f"appointment-cancelled:{appointment.id}")
    calendar = _ics(cancelled)
    assert calendar["method"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert str(calendar.walk("VEVENT")[0]["uid"]) == f"appointment-{appointment.id}@amsterdam.portal"
    [reminder] = [m for m in messages if m.ref == f"appointment-reminder:{appointment.id}"]
    assert reminder.status == OutboxMessage.CANCELLED
    # The seat is free again: two more bookings fit in a slot with two counters.
    other = await make_citizen(session, bsn="111238171", name="Mark de Vries")
    assert (await _book(session, tenant, other)).appointment.seat == 1
    assert (await _book(session, tenant, citizen)).appointment.seat == 2


async def test_a_full_slot_says_the_time_was_taken(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    for bsn in ("111222333", "111238171"):
        await _book(session, tenant, await make_citizen(session, bsn=bsn))
    with pytest.raises(booking.SlotTaken) as taken:
        await _book(session, tenant, await make_citizen(session, bsn="111364875"))
    assert taken.value.field == "time"


async def test_only_times_that_exist_can_be_booked(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    citizen = await make_citizen(session)
    for start in (MONDAY_0900 + timedelta(minutes=10),  # not a slot start
                  MONDAY_0900 - timedelta(days=7),  # in the past
                  MONDAY_0900 + timedelta(days=60)):  # beyond the horizon
        with pytest.raises(booking.BookingError) as error:
            await _book(session, tenant, citizen, start=start)
        assert error.value.field == "time"
    with pytest.raises(booking.BookingError) as error:
        await booking.book(session, tenant, type_id="intake-bijstand", location_id="centrum", start=MONDAY_0900,
                           name="Anoniem", email="a@example.org", locale="nl", link_for=link_for, now=NOW)
    assert error.value.field == "type"  # intake needs login
    with pytest.raises(booking.BookingError) as error:
        await booking.book(session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900,
                           name="Anoniem", email="not-an-address", locale="nl", link_for=link_for, now=NOW)
    assert error.value.field == "email"
    assert (await session.scalars(select(Appointment))).all() == []  # nothing half-written


async def test_changes_stop_at_the_tenants_limit(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    citizen = await make_citizen(session)
    appointment = (await _book(session, tenant, citizen)).appointment
    late = MONDAY_0900 - timedelta(hours=23)
    with pytest.raises(booking.TooLate):
        await booking.cancel(session, tenant, appointment.id, now=late)
    with pytest.raises(booking.TooLate):
        await booking.move(session, tenant, appointment.id, start=MONDAY_0900 + timedelta(minutes=45), link="", now=late)
    assert booking.can_change(appointment, tenant.section("appointments").type("intake-bijstand"),
                              MONDAY_0900 - timedelta(hours=24))


async def test_anonymous_booking_is_managed_by_an_unguessable_link_until_it_is_over(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    booked = await booking.book(session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900,
                                name="Noor Hendriks", email="noor@example.org", locale="ar", link_for=link_for, now=NOW)
    assert booked.token and len(booked.token) >= 40
    assert booked.appointment.token_hash != booked.token  # only a hash is stored
    assert (await queries.by_token(session, booked.token, now=NOW)).id == booked.appointment.id
    assert await queries.by_token(session, booked.token[:-1] + "x", now=NOW) is None
    assert await queries.by_token(session, booked.token, now=booked.appointment.end_at + timedelta(seconds=1)) is None
    # Rendered in the booker's language.
    confirmation = (await _outbox(session))[0]
    assert confirmation.payload["subject"] == "تم حجز موعدك"  # "Your appointment is booked"
    assert "تم حجز موعدك. الملف المرفق يضيف الموعد إلى تقويمك." in confirmation.payload["body"]


async def test_a_citizen_cannot_reach_another_citizens_appointment(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    sanne = await make_citizen(session)
    mark = await make_citizen(session, bsn="111238171", name="Mark de Vries")
    appointment = (await _book(session, tenant, sanne)).appointment
    assert await queries.for_citizen(session, appointment.id, mark.id) is None
    assert (await queries.for_citizen(session, appointment.id, sanne.id)).id == appointment.id
    upcoming, past = await queries.list_for_citizen(session, mark.id, now=NOW)
    assert upcoming == [] and past == []
    upcoming, past = await queries.list_for_citizen(session, sanne.id, now=NOW)
    assert [a.id for a in upcoming] == [appointment.id]
    rotterdam = tenant_session("rotterdam")
    assert (await rotterdam.scalars(select(Appointment))).all() == []


async def test_a_booking_from_a_case_is_linked_and_in_the_case_history(tenant_session, tenants):
    from portal.cases.models import CaseEvent
    from portal.cases.service import open_case

    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    sanne = await make_citizen(session)
    mark = await make_citizen(session, bsn="111238171", name="Mark de Vries")
    case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=sanne.id, citizen_name=sanne.name, answers={})
    appointment = (await _book(session, tenant, sanne, case_id=case.id)).appointment
    assert [a.id for a in await queries.appointments_for_case(session, case.id)] == [appointment.id]
    events = (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "appointment"))).all()
    assert [e.data["action"] for e in events] == ["booked"]
    with pytest.raises(booking.BookingError) as error:
        await _book(session, tenant, mark, case_id=case.id)  # not Mark's case
    assert error.value.field == "case"
