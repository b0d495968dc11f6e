"""With `anonymous_hold_minutes` a booking without login holds its seat until the booker
confirms it through the link in the mail, which shows the address is theirs; unconfirmed,
the seat is free again. Without the setting (the shipped tenants) nothing changes."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import msgspec
import pytest
from sqlalchemy import select

from portal.appointments import booking
from portal.appointments.models import Appointment
from portal.notifications.models import OutboxMessage
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for


def with_hold(tenant, minutes: int = 30):
    config = msgspec.structs.replace(tenant.section("appointments"), anonymous_hold_minutes=minutes)
    return dataclasses.replace(tenant, sections={**tenant.sections, "appointments": config})


async def _book(session, tenant, email="noor@example.org", now=NOW):
    return await booking.book(session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900,
                              name="Noor Hendriks", email=email, locale="nl", link_for=link_for, now=now)


async def _mails(session) -> list[OutboxMessage]:
    return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at, OutboxMessage.ref))).all())


def test_the_shipped_tenants_book_at_once(tenants):
    assert {slug: t.section("appointments").anonymous_hold_minutes for slug, t in tenants.items()} == {
        "amsterdam": 0, "den-haag": 0, "rotterdam": 0, "utrecht": 0}


async def test_a_held_booking_is_booked_once_confirmed_through_the_mail(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = with_hold(tenants["amsterdam"])
    booked = await _book(session, tenant)
    appointment = booked.appointment
    assert appointment.status == Appointment.HELD and appointment.hold_until == NOW + timedelta(minutes=30)
    [held] = await _mails(session)
    assert held.payload["subject"] == "Bevestig uw afspraak"
    assert held.payload.get("attachments") in (None, [])  # no calendar file before the confirmation
    assert "We houden deze tijd voor u vast tot 12:30." in held.payload["body"]
    assert f"Bevestig hem hier: {link_for(appointment, booked.token)}" in held.payload["body"]

    await booking.confirm_hold(session, tenant, appointment.id, link="http://testserver.local/x", now=NOW + timedelta(minutes=29))
    assert appointment.status == Appointment.BOOKED and appointment.hold_until is None
    refs = [m.ref for m in await _mails(session)]
    assert refs == [f"appointment-held:{appointment.id}", f"appointment-booked:{appointment.id}",
                    f"appointment-reminder:{appointment.id}"]
    # Confirming again (a second click) sends nothing more.
    await booking.confirm_hold(session, tenant, appointment.id, link="http://testserver.local/x", now=NOW + timedelta(minutes=40))
    assert len(await _mails(session)) == 3


async def test_an_unconfirmed_hold_gives_its_seat_back(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = with_hold(tenants["amsterdam"])
    held = (await _book(session, tenant)).appointment
    assert held.seat == 1
    later = NOW + timedelta(minutes=31)
    with pytest.raises(booking.HoldLapsed):
        await booking.confirm_hold(session, tenant, held.id, link="x", now=later)
    await session.refresh(held)
    assert held.status == Appointment.CANCELLED and held.seat is None
    # Its seat goes to the next booker.
    again = await _book(session, tenant, email="someone@example.org", now=later)
    assert again.appointment.seat == 1


async def test_the_worker_releases_lapsed_holds(tenant_session, tenants):
    from portal import clock
    from portal.domains import registry

    assert booking.release_holds_round in registry().worker_rounds
    session = tenant_session("amsterdam")
    tenant = with_hold(tenants["amsterdam"])
    booked = await _book(session, tenant)
    booked.appointment.hold_until = clock.now() - timedelta(minutes=1)  # its half hour is over
    await session.flush()
    await booking.release_holds_round(session)
    await session.refresh(booked.appointment)
    assert booked.appointment.status == Appointment.CANCELLED and booked.appointment.seat is None


async def test_over_the_web_the_link_to_confirm_is_only_in_the_mail(database, tmp_path, app_database_url):
    from portal.app import create_app
    from tests.conftest import make_settings
    from tests.helpers.client import checked_client
    from tests.helpers.tenant_files import tenants_with
    from tests.integration.appointments.test_pages import csrf, walk_to_check

    folder = tenants_with(tmp_path, ("amsterdam/appointments.toml", "horizon_days = 42", "horizon_days = 42\nanonymous_hold_minutes = 30"))
    app = create_app(make_settings(app_database_url, tmp_path / "var", tenants_dir=folder))
    async with checked_client(app) as client:
        page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
        await client.post("/amsterdam/appointments/book", expect=303, redirect_to="/amsterdam/appointments/held", data={
            **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"})
        waiting = await client.get("/amsterdam/appointments/held", expect=200)
        assert "binnen 30 minuten" in waiting.text and "/appointments/link/" not in waiting.text
        async with database.session("amsterdam") as session:
            [mail] = (await session.scalars(select(OutboxMessage).where(OutboxMessage.ref.like("appointment-held:%")))).all()
        link = re.search(r"Bevestig hem hier: (\S+)", mail.payload["body"]).group(1).replace("http://testserver.local", "")
        confirm = await client.get(link, expect=200)
        assert "Bevestig uw afspraak" in confirm.text and "Nog niet bevestigd" in confirm.text
        await client.post(f"{link}/confirm", data={"_csrf_token": csrf(confirm)}, expect=303, redirect_to=f"{link}?done=confirmed")
        done = await client.get(f"{link}?done=confirmed", expect=200)
        assert "Uw afspraak is bevestigd" in done.text and 'href="' + link + '/calendar.ics"' in done.text
