"""When a location is open and which slots it offers: local wall-clock rules, UTC results.

Opening hours are Dutch wall-clock times (Europe/Amsterdam); every slot is turned into
a UTC instant right away, so 09:00 is 07:00 UTC in summer and 08:00 UTC in winter, also
in the week the clocks change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

import holidays
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.appointments.config import WEEKDAYS, AppointmentsConfig, AppointmentType, Location, parse_interval
from portal.appointments.models import Appointment, LocationOverride
from portal.i18n import TIMEZONE


@dataclass(frozen=True)
class Schedule:
    """A location's effective agenda: appointments.toml with the admin's changes laid over."""

    location: Location
    hours: dict[str, list[str]]
    closed: frozenset[date]
    counters: dict[str, int] = field(default_factory=dict)

    def capacity(self, type_id: str) -> int:
        return self.counters.get(type_id, 0)


# Offices close on the public holidays of the `holidays` package's NL calendar (what the
# agenda files promise) plus each location's own closed days. That is the city's notion of a
# closing day, not the Algemene termijnenwet's, which decides where a legal term may end
# (portal.cases.atw): Liberation Day, for one, is an Atw holiday every year.
@lru_cache(maxsize=8)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_public_holiday(day: date) -> bool:
    return day in _public_holidays(day.year)


def schedule_from(location: Location, override: LocationOverride | None = None) -> Schedule:
    hours, closed, counters = dict(location.hours), set(location.closed), dict(location.counters)
    if override is not None:
        if override.hours is not None:
            hours = dict(override.hours)
        if override.closed is not None:
            closed = {date.fromisoformat(d) for d in override.closed}
        if override.counters is not None:
            counters = {k: int(v) for k, v in override.counters.items()}
    return Schedule(location=location, hours=hours, closed=frozenset(closed), counters=counters)


async def load_schedule(session: AsyncSession, location: Location) -> Schedule:
    override = await session.scalar(select(LocationOverride).where(LocationOverride.location_id == location.id))
    return schedule_from(location, override)


def opening_intervals(schedule: Schedule, day: date) -> list[tuple[time, time]]:
    if day in schedule.closed or is_public_holiday(day):
        return []
    intervals = [parse_interval(text) for text in schedule.hours.get(WEEKDAYS[day.weekday()], [])]
    return sorted(i for i in intervals if i is not None)


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TIMEZONE)


def slot_starts(schedule: Schedule, kind: AppointmentType, day: date) -> list[datetime]:
    """UTC start of every slot of `kind` on `day`, back to back from each opening."""
    if schedule.capacity(kind.id) <= 0 or schedule.location.id not in kind.locations:
        return []
    length = timedelta(minutes=kind.duration_minutes)
    starts: list[datetime] = []
    for opens, closes in opening_intervals(schedule, day):
        # Step in wall-clock time, then convert: an interval never spans a clock change
        # (they happen at night), and this keeps 09:00 at 09:00 whatever the offset.
        moment = datetime.combine(day, opens)
        end = datetime.combine(day, closes)
        while moment + length <= end:
            starts.append(moment.replace(tzinfo=TIMEZONE).astimezone(timezone.utc))
            moment += length
    return starts


def bookable_range(config: AppointmentsConfig, now: datetime) -> tuple[date, date]:
    today = now.astimezone(TIMEZONE).date()
    return today + timedelta(days=config.first_day), today + timedelta(days=config.horizon_days)


def utc_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (
        local(first, time(0)).astimezone(timezone.utc),
        local(last + timedelta(days=1), time(0)).astimezone(timezone.utc),
    )


async def seats_taken(
    session: AsyncSession, location_id: str, type_id: str, first: date, last: date
) -> dict[datetime, int]:
    """Live bookings per slot start between two local days (inclusive)."""
    low, high = utc_day_bounds(first, last)
    rows = await session.execute(
        select(Appointment.start_at, func.count())
        .where(
            Appointment.location_id == location_id,
            Appointment.type_id == type_id,
            Appointment.seat.is_not(None),
            Appointment.start_at >= low,
            Appointment.start_at < high,
        )
        .group_by(Appointment.start_at)
    )
    return {start: count for start, count in rows.all()}


@dataclass(frozen=True)
class Slot:
    start: datetime  # UTC
    end: datetime
    free: int


async def free_slots(
    session: AsyncSession, config: AppointmentsConfig, schedule: Schedule, kind: AppointmentType,
    first: date, last: date, now: datetime,
) -> dict[date, list[Slot]]:
    """Per local day in [first, last] within the horizon: the slots that still have room."""
    low, high = bookable_range(config, now)
    first, last = max(first, low), min(last, high)
    if first > last:
        return {}
    taken = await seats_taken(session, schedule.location.id, kind.id, first, last)
    capacity = schedule.capacity(kind.id)
    length = timedelta(minutes=kind.duration_minutes)
    days: dict[date, list[Slot]] = {}
    day = first
    while day <= last:
        slots = [
            Slot(start, start + length, capacity - taken.get(start, 0))
            for start in slot_starts(schedule, kind, day)
            if start > now and taken.get(start, 0) < capacity
        ]
        if slots:
            days[day] = slots
        day += timedelta(days=1)
    return days
