"""`portal demo load` on a portal that people used already: a citizen who logged in
before it ran (one the provider sent only a BSN for, so without a name), and a real
booking. The demo agenda is for the demo people only, and loading again adds nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.appointments.models import Appointment
from portal.auth.models import Citizen
from portal.auth.people import demo_people
from portal.demo import load_all
from tests.helpers.auth import NOT_A_DEMO_BSN, login_citizen, logout
from tests.integration.appointments.test_pages import csrf, walk_to_check


async def _bookings(database, slug: str, bsns: list[str]) -> int:
    async with database.session(slug) as session:
        return await session.scalar(
            select(func.count()).select_from(Appointment).join(Citizen, Citizen.id == Appointment.citizen_id)
            .where(Citizen.bsn.in_(bsns))
        )


def _demo_bsns(app, slug: str) -> list[str]:
    return [person.bsn for person in demo_people(app.state.tenants[slug]).citizens]


async def test_demo_load_after_a_citizen_known_only_by_bsn_logged_in(app, client, database, settings):
    await login_citizen(client, "rotterdam", NOT_A_DEMO_BSN, details=None)
    await logout(client, "rotterdam")

    await load_all(settings)
    loaded = await _bookings(database, "rotterdam", _demo_bsns(app, "rotterdam"))
    assert loaded >= 4  # the caseworkers' day and the demo citizens' upcoming bookings
    assert await _bookings(database, "rotterdam", [NOT_A_DEMO_BSN]) == 0
    await load_all(settings)
    assert await _bookings(database, "rotterdam", _demo_bsns(app, "rotterdam")) == loaded


async def test_demo_load_after_one_real_booking_still_loads_the_demo_agenda(app, client, database, settings):
    await login_citizen(client, "den-haag")
    page, fields = await walk_to_check(client, "den-haag", "schuldhulp", "spui")
    await client.post("/den-haag/appointments/book", data={**fields, "_csrf_token": csrf(page), "email": "real@example.org"},
                      expect=303, redirect_to=re.compile(r"/den-haag/appointments/[0-9a-f-]{36}\?done=booked"))
    async with database.session("den-haag") as session:
        assert await session.scalar(select(func.count()).select_from(Appointment)) == 1

    await load_all(settings)
    async with database.session("den-haag") as session:
        total = await session.scalar(select(func.count()).select_from(Appointment))
        real = await session.scalar(select(func.count()).select_from(Appointment).where(Appointment.email == "real@example.org"))
    assert real == 1 and total >= 5  # the real booking, and the demo agenda besides it
    await load_all(settings)
    async with database.session("den-haag") as session:
        assert await session.scalar(select(func.count()).select_from(Appointment)) == total
