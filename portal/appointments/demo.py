"""Demo appointments: a few upcoming bookings for the demo citizens (booked through the
real service, so they come with emails and reminders) and a filled day for the
caseworkers' day view.

Only the citizens of demo-people.toml get them, however many others logged in before
(one the provider knew only by BSN has no name to book under). Each demo booking has a
key of its own (`demo:<n>`, the booking form's idempotency key), so loading again finds
what it made and adds nothing, while real bookings never stop the demo agenda loading.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.appointments import booking
from portal.appointments.config import config_of
from portal.appointments.models import Appointment
from portal.appointments.schedule import load_schedule, seats_taken, slot_starts
from portal.auth.models import Citizen
from portal.auth.people import demo_people

# (type, days ahead at least, which demo citizen)
UPCOMING = (("intake-bijstand", 3, 0), ("inkomensconsulent", 8, 1), ("werkcoach", 5, 0))


async def _slot(session, config, kind, location, first_day, now):
    """A slot with a seat left on the first day from `first_day` that has one: around
    holidays the caseworkers' day below may be that same day."""
    schedule = await load_schedule(session, location)
    for offset in range(0, config.horizon_days):
        day = first_day + timedelta(days=offset)
        taken = await seats_taken(session, location.id, kind.id, day, day)
        starts = [s for s in slot_starts(schedule, kind, day)
                  if s > now and taken.get(s, 0) < schedule.capacity(kind.id)]
        if starts:
            return starts[min(2, len(starts) - 1)]
    return None


async def _demo_citizens(session, tenant) -> list[Citizen]:
    """The rows of demo-people.toml's citizens, in its order (the auth demo made them)."""
    bsns = [person.bsn for person in demo_people(tenant).citizens]
    found = {c.bsn: c for c in (await session.scalars(select(Citizen).where(Citizen.bsn.in_(bsns)))).all()}
    return [found[bsn] for bsn in bsns if bsn in found]


def _day_key(index: int) -> str:
    return f"demo:day:{index}"


async def load_demo(database, tenant, settings) -> None:
    config = config_of(tenant)
    async with database.session(tenant.slug) as session:
        citizens = await _demo_citizens(session, tenant)
        if len(citizens) < 3:
            return
        now = clock.now()
        today = clock.local_day(now)
        main = config.locations[0]

        def link_for(appointment, token):
            return f"{settings.public_url}{tenant.base_path}/appointments/{appointment.id}"

        # The caseworkers' day: today if the office is open, else the next open day. Written
        # directly (the booking service rightly refuses same-day bookings by citizens).
        intake = config.type("intake-bijstand") or config.types[0]
        schedule = await load_schedule(session, main)
        for offset in range(14):
            starts = slot_starts(schedule, intake, today + timedelta(days=offset))
            if starts:
                break
        made = set((await session.scalars(
            select(Appointment.idempotency_key).where(Appointment.idempotency_key.like("demo:%"))
        )).all())
        day = clock.local_day(starts[0]) if starts else today
        taken = await seats_taken(session, main.id, intake.id, day, day)
        for index, start in enumerate(starts[:4]):
            seat = taken.get(start, 0) + 1  # beside a real booking of that time, if any
            if _day_key(index) in made or seat > schedule.capacity(intake.id):
                continue
            citizen = citizens[2 + index % max(1, len(citizens) - 2)]
            session.add(Appointment(
                type_id=intake.id, location_id=main.id, start_at=start,
                end_at=start + timedelta(minutes=intake.duration_minutes), seat=seat, status=Appointment.BOOKED,
                citizen_id=citizen.id, name=citizen.name, email=citizen.email or "demo@example.org",
                locale=citizen.locale, created_at=now, updated_at=now, idempotency_key=_day_key(index),
            ))
        await session.flush()  # its seats count when the bookings below look for a free one

        for index, (type_id, days, who) in enumerate(UPCOMING):
            kind = config.type(type_id)
            key = f"demo:upcoming:{index}"
            if kind is None or key in made:
                continue
            start = await _slot(session, config, kind, main, today + timedelta(days=days), now)
            if not start:
                continue
            citizen = citizens[who]
            await booking.book(session, tenant, type_id=kind.id, location_id=main.id, start=start, name=citizen.name,
                               email=citizen.email or "demo@example.org", locale=citizen.locale, link_for=link_for,
                               citizen_id=citizen.id, now=now, form_key=key)
        await session.commit()
