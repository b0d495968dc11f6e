"""The back office's side: marking attendance, and the tenant admin's agenda changes.

A change of hours, closed days or counters never drops a booking: the bookings it
leaves outside opening hours (or beyond the counters) are listed for the admin to
handle, e.g. by calling the citizen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import get_day_names
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.appointments.booking import _case_event
from portal.appointments.config import WEEKDAYS, AppointmentsConfig, config_of, hours_problems, parse_interval
from portal.appointments.models import Appointment, LocationOverride
from portal.appointments.schedule import Schedule, load_schedule, slot_starts
from portal.audit.service import record
from portal.i18n import get_locale, gettext as _

OUTCOMES = (Appointment.ATTENDED, Appointment.NO_SHOW)
# The audit log's action codes, written out so a test finds every code in the code base.
ATTENDANCE_ACTIONS = {Appointment.ATTENDED: "appointment.attended", Appointment.NO_SHOW: "appointment.no_show"}
# Who may mark attendance: the people who receive citizens. The tenant admin sees the day
# and keeps the agenda, but a mark goes into a case's history, which is the handlers' work.
MARKING_ROLES = ("caseworker", "senior")


def may_mark(employee) -> bool:
    return any(employee.has_role(role) for role in MARKING_ROLES)


async def mark_attendance(session: AsyncSession, appointment_id: uuid.UUID, outcome: str, *, employee, now=None) -> Appointment:
    """Attended or no-show, once the appointment has started; recorded on the linked case."""
    now = now or clock.now()
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    appointment = await session.get(Appointment, appointment_id)
    if appointment is None or appointment.status == Appointment.CANCELLED:
        raise LookupError(appointment_id)
    if appointment.start_at > now:
        raise ValueError("not started yet")
    appointment.status = outcome
    appointment.marked_by = employee.id
    appointment.marked_at = now
    appointment.updated_at = now
    roles = list(employee.roles or [])
    await _case_event(session, appointment, outcome, actor_kind="employee", actor_id=employee.id,
                      actor_role=roles[0] if roles else None)
    await record(session, actor=employee, action=ATTENDANCE_ACTIONS[outcome], case_id=appointment.case_id,
                 subject=f"appointment:{appointment.id}")
    await session.commit()
    return appointment


@dataclass
class SettingsForm:
    hours: dict[str, list[str]]
    closed: list[str]
    counters: dict[str, int]


def parse_settings(config: AppointmentsConfig, location_id: str, form: dict[str, str]) -> tuple[SettingsForm | None, dict[str, str]]:
    """The admin's form: `hours-<weekday>` ("09:00-12:30, 13:30-17:00"), `closed` (one
    date per line, YYYY-MM-DD), `counter-<type>`. Returns the values or field errors."""
    errors: dict[str, str] = {}
    hours: dict[str, list[str]] = {}
    # Each message names its day or type: two wrong days give two different lines.
    day_names = get_day_names("wide", locale=get_locale())
    for number, day in enumerate(WEEKDAYS):
        text = form.get(f"hours-{day}", "").strip()
        intervals = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if intervals:
            if any(parse_interval(i) is None for i in intervals) or hours_problems({day: intervals}):
                errors[f"hours-{day}"] = _("%(day)s: enter times like 09:00-12:30, 13:30-17:00, not overlapping.",
                                           day=day_names[number][:1].upper() + day_names[number][1:])
            hours[day] = intervals
    closed: list[str] = []
    for line in form.get("closed", "").split():
        try:
            closed.append(date.fromisoformat(line.strip()).isoformat())
        except ValueError:
            errors["closed"] = _("Enter each closed day on its own line, like 2026-12-24.")
    counters: dict[str, int] = {}
    for kind in config.types:
        if location_id not in kind.locations:
            continue
        text = form.get(f"counter-{kind.id}", "").strip()
        if not text.isdigit() or not 0 <= int(text) <= 50:
            errors[f"counter-{kind.id}"] = _("%(type)s: enter a whole number from 0 to 50.",
                                             type=kind.text("name", get_locale()))
        else:
            counters[kind.id] = int(text)
    if errors:
        return None, errors
    return SettingsForm(hours, sorted(set(closed)), counters), {}


def _outside(schedule: Schedule, config: AppointmentsConfig, appointment: Appointment) -> str | None:
    """Why a live booking no longer fits the agenda, or None if it does."""
    kind = config.type(appointment.type_id)
    if kind is None:
        return "type"
    if appointment.start_at not in slot_starts(schedule, kind, clock.local_day(appointment.start_at)):
        return "hours"
    if (appointment.seat or 0) > schedule.capacity(kind.id):
        return "counters"
    return None


async def affected_bookings(session: AsyncSession, tenant, location_id: str, now: datetime | None = None) -> list[tuple[Appointment, str]]:
    """Upcoming bookings at a location that the current agenda leaves out, with the reason."""
    config = config_of(tenant)
    location = config.location(location_id)
    schedule = await load_schedule(session, location)
    upcoming = (await session.scalars(
        select(Appointment)
        .where(Appointment.location_id == location_id, Appointment.status == Appointment.BOOKED,
               Appointment.start_at > (now or clock.now()))
        .order_by(Appointment.start_at)
    )).all()
    return [(a, why) for a in upcoming if (why := _outside(schedule, config, a))]


async def save_settings(session: AsyncSession, tenant, location_id: str, values: SettingsForm, *, employee, now=None):
    """Store the admin's agenda for a location, audited; returns the bookings now left out."""
    now = now or clock.now()
    override = await session.scalar(select(LocationOverride).where(LocationOverride.location_id == location_id))
    before = None
    if override is None:
        override = LocationOverride(location_id=location_id)
        session.add(override)
    else:
        before = {"hours": override.hours, "closed": override.closed, "counters": override.counters}
    override.hours, override.closed, override.counters = values.hours, values.closed, values.counters
    override.updated_at, override.updated_by = now, employee.id
    await _audit(session, employee, location_id, before, values)
    await session.flush()
    affected = await affected_bookings(session, tenant, location_id, now)
    await session.commit()
    return affected


async def _audit(session, employee, location_id, before, values: SettingsForm) -> None:
    await record(session, actor=employee, action="appointments.agenda_changed", subject=f"location:{location_id}",
                 detail={"before": before, "after": {"hours": values.hours, "closed": values.closed,
                                                     "counters": values.counters}})
