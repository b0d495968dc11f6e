"""No slot is ever overbooked: 50 bookings race for a slot with two counters, each on
its own session and connection. The database decides; exactly two win."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from portal.appointments import booking
from portal.appointments.models import Appointment, LocationOverride
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for

RACERS = 50


async def _race_for_one_slot(database, tenant) -> list:
    async def one(n: int):
        async with database.session("amsterdam") as session:
            try:
                await booking.book(
                    session, tenant, type_id="schuldhulp", location_id="centrum", start=MONDAY_0900,
                    name=f"Racer {n}", email=f"racer{n}@example.org", locale="nl", link_for=link_for, now=NOW,
                )
                return "booked"
            except booking.SlotTaken as taken:
                return taken.message

    return await asyncio.gather(*(one(n) for n in range(RACERS)))


async def test_fifty_concurrent_bookings_fill_exactly_two_seats(database, tenants, backend):
    tenant = tenants["amsterdam"]
    async with database.session("amsterdam") as session:
        # The admin gave debt help a second counter at Centrum.
        session.add(LocationOverride(id=uuid.uuid4(), location_id="centrum",
                                     counters={"schuldhulp": 2, "intake-bijstand": 2}))
        await session.commit()

    from portal.i18n import use_locale

    with use_locale("en"):
        results = await _race_for_one_slot(database, tenant)

    assert results.count("booked") == 2
    assert results.count("This time was just taken. Choose another time.") == RACERS - 2
    async with database.session("amsterdam") as session:
        seats = (await session.scalars(
            select(Appointment.seat).where(Appointment.start_at == MONDAY_0900).order_by(Appointment.seat)
        )).all()
        assert seats == [1, 2]
        # Nothing half-written by the losers: one confirmation and one reminder per winner.
        from portal.notifications.models import OutboxMessage

        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 4
