"""Finding appointments for whoever may see them: their citizen, the holder of the
manage link, a case, a caseworker's day. Anything else finds nothing (a 404 upstream)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.appointments.booking import hash_token
from portal.appointments.models import Appointment
from portal.appointments.schedule import utc_day_bounds


async def for_citizen(session: AsyncSession, appointment_id: uuid.UUID, citizen_id: uuid.UUID) -> Appointment | None:
    return await session.scalar(
        select(Appointment).where(Appointment.id == appointment_id, Appointment.citizen_id == citizen_id)
    )


async def by_token(session: AsyncSession, token: str, now: datetime | None = None) -> Appointment | None:
    """The booking behind a manage link; the link stops working once the appointment is over."""
    if not token or len(token) > 100:
        return None
    appointment = await session.scalar(select(Appointment).where(Appointment.token_hash == hash_token(token)))
    if appointment is None or (now or clock.now()) > appointment.end_at:
        return None
    return appointment


async def list_for_citizen(
    session: AsyncSession, citizen_id: uuid.UUID, now: datetime | None = None
) -> tuple[list[Appointment], list[Appointment]]:
    """(upcoming, past): upcoming are live and not yet over, soonest first; the rest newest first."""
    now = now or clock.now()
    rows = (await session.scalars(
        select(Appointment).where(Appointment.citizen_id == citizen_id).order_by(Appointment.start_at)
    )).all()
    upcoming = [a for a in rows if a.status == Appointment.BOOKED and a.end_at > now]
    past = [a for a in reversed(rows) if a not in upcoming]
    return upcoming, past


async def appointments_for_case(session: AsyncSession, case_id: uuid.UUID) -> list[Appointment]:
    """For the case page: every appointment linked to the case, soonest first."""
    return list((await session.scalars(
        select(Appointment).where(Appointment.case_id == case_id).order_by(Appointment.start_at)
    )).all())


async def day_list(session: AsyncSession, location_id: str, day: date) -> list[Appointment]:
    """A location's appointments on one local day (cancelled ones left out), by time."""
    low, high = utc_day_bounds(day, day)
    return list((await session.scalars(
        select(Appointment)
        .where(
            Appointment.location_id == location_id,
            Appointment.start_at >= low,
            Appointment.start_at < high,
            Appointment.status != Appointment.CANCELLED,
        )
        .order_by(Appointment.start_at, Appointment.type_id, Appointment.seat)
    )).all())
