"""The demo agenda loads on any day, also when holidays push its bookings onto one day."""

from __future__ import annotations

import importlib
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from portal import clock
from portal.appointments.models import Appointment
from portal.appointments.schedule import load_schedule


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 31, 22, 59, tzinfo=timezone.utc),  # 23:59 on New Year's Eve: next open day Monday 4 January
    datetime(2027, 3, 27, 11, 0, tzinfo=timezone.utc),  # the Saturday before Easter: next open day Tuesday
    datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc),  # an ordinary Tuesday
], ids=["new-years-eve", "easter-saturday", "tuesday"])
async def test_demo_bookings_never_share_a_seat_with_the_caseworkers_day(app, database, settings, moment):
    tenant = app.state.tenants["amsterdam"]
    with clock.moment(moment):
        for domain in ("auth", "appointments"):
            await importlib.import_module(f"portal.{domain}.demo").load_demo(database, tenant, settings)
    async with database.session("amsterdam") as session:
        booked = (await session.scalars(select(Appointment).where(Appointment.status == Appointment.BOOKED))).all()
        main = tenant.section("appointments").locations[0]
        schedule = await load_schedule(session, main)
    # The caseworkers' day (four) and the three upcoming bookings of the demo citizens.
    assert len(booked) == 7
    per_slot: dict[tuple, int] = {}
    for appointment in booked:
        key = (appointment.location_id, appointment.type_id, appointment.start_at)
        per_slot[key] = per_slot.get(key, 0) + 1
    assert all(count <= schedule.capacity(type_id) for (_, type_id, _), count in per_slot.items())
