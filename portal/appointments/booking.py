"""Booking, moving and cancelling, with the database as the guard against overbooking.

Each change runs as one transaction that the service commits itself, so it can be
retried as a whole: when another booking took the seat we wanted (IntegrityError on
the seat constraint), the same form was booked at the same moment (IntegrityError on
its key: the retry finds that booking) or SQLite refused a concurrent writer ("database is locked"), we
roll back and look again. After the last seat is gone the answer is SlotTaken.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import random
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Awaitable, Callable, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.appointments.config import AppointmentType, config_of
from portal.appointments.mail import queue_change_mail, replan_reminder
from portal.appointments.models import Appointment
from portal.appointments.schedule import bookable_range, load_schedule, slot_starts
from portal.i18n import gettext as _

T = TypeVar("T")
MAX_ATTEMPTS = 200


class BookingError(Exception):
    """A problem the citizen can fix; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class SlotTaken(BookingError):
    def __init__(self) -> None:
        super().__init__("time", _("This time was just taken. Choose another time."))


class TooLate(BookingError):
    pass


@dataclass
class Booked:
    appointment: Appointment
    token: str | None  # the manage link's secret, for anonymous bookings only


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error).lower() or "busy" in str(error).lower()


async def _transaction(session: AsyncSession, attempt: Callable[[], Awaitable[T]]) -> T:
    for _n in range(MAX_ATTEMPTS):
        try:
            result = await attempt()
            await session.commit()
            return result
        except IntegrityError:
            await session.rollback()  # someone took that seat first: look again
        except OperationalError as error:
            if not _locked(error):
                raise
            await session.rollback()
            await asyncio.sleep(random.uniform(0.005, 0.05))  # noqa: S311 - jitter, not security
    raise SlotTaken()


async def _free_seat(session: AsyncSession, location_id: str, type_id: str, start: datetime, capacity: int) -> int:
    taken = set(
        (await session.scalars(
            select(Appointment.seat).where(
                Appointment.location_id == location_id,
                Appointment.type_id == type_id,
                Appointment.start_at == start,
                Appointment.seat.is_not(None),
            )
        )).all()
    )
    free = [seat for seat in range(1, capacity + 1) if seat not in taken]
    if not free:
        raise SlotTaken()
    return free[0]


def _lookup(tenant, type_id: str, location_id: str):
    config = config_of(tenant)
    kind = config.type(type_id)
    location = config.location(location_id)
    if kind is None:
        raise BookingError("type", _("Choose the kind of appointment."))
    if location is None or location.id not in kind.locations:
        raise BookingError("location", _("Choose a location."))
    return config, kind, location


async def _check_start(session, tenant, kind: AppointmentType, location, start: datetime, now: datetime):
    config = config_of(tenant)
    schedule = await load_schedule(session, location)
    first, last = bookable_range(config, now)
    day = clock.local_day(start)
    if not (first <= day <= last) or start <= now or start not in slot_starts(schedule, kind, day):
        raise BookingError("time", _("Choose one of the times shown."))
    return schedule


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A web or mail address in a name: the city's mail would greet the stranger whose
# address was typed with it ("Dear https://…"), and mail programs make it a link.
ADDRESS_IN_NAME = re.compile(r"://|www\.|@|[a-z0-9-]{2,}\.[a-z]{2,}(?=[/:?#]|\s|$)", re.IGNORECASE)


def contact_errors(name: str, email: str) -> dict[str, str]:
    """Field -> message for the name and email a booking needs."""
    errors = {}
    if not name.strip() or len(name) > 200:
        errors["name"] = _("Enter your name.")
    elif ADDRESS_IN_NAME.search(name):
        errors["name"] = _("Enter only your name, without a web or email address.")
    if len(email) > 320 or not EMAIL.match(email.strip()):
        errors["email"] = _("Enter an email address like name@example.org.")
    return errors


def client_key(secret: str, client_address: str) -> str:
    """A keyed hash of the booking computer's address: comparable, never the address."""
    return hmac.new(secret.encode(), f"appointment-client:{client_address}".encode(), hashlib.sha256).hexdigest()


async def _within_anonymous_limits(session: AsyncSession, config, email: str, client: str | None, now: datetime) -> None:
    """A booking without login is refused past the tenant's daily limits (appointments.toml)."""
    from sqlalchemy import func

    since = clock.start_of_local_day(clock.local_day(now))
    live_today = select(func.count()).select_from(Appointment).where(
        Appointment.citizen_id.is_(None), Appointment.status != Appointment.CANCELLED, Appointment.created_at >= since)
    by_address = await session.scalar(live_today.where(func.lower(Appointment.email) == email.strip().lower()))
    if by_address >= config.anonymous_per_address_per_day:
        raise BookingError("email", _(
            "Today %(count)s appointments have already been booked with this email address without logging in. "
            "Log in with DigiD to book another one, or call us.", count=by_address))
    if client is not None:
        by_client = await session.scalar(live_today.where(Appointment.client_key == client))
        if by_client >= config.anonymous_per_client_per_day:
            raise BookingError("email", _(
                "Today %(count)s appointments have already been booked from this computer without logging in. "
                "Log in with DigiD to book another one, or call us.", count=by_client))


def can_change(appointment: Appointment, kind: AppointmentType, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return appointment.status == Appointment.BOOKED and now <= appointment.start_at - timedelta(hours=kind.change_limit_hours)


async def _case_event(session, appointment: Appointment, action: str, *, actor_kind: str, actor_id=None, actor_role=None):
    if appointment.case_id is None:
        return
    from portal.cases.service import Case, add_event

    case = await session.get(Case, appointment.case_id)
    if case is not None:
        await add_event(session, case, "appointment", actor_kind=actor_kind, actor_id=actor_id, actor_role=actor_role,
                        data={"appointment_id": str(appointment.id), "action": action, "type": appointment.type_id,
                              "location": appointment.location_id, "start": appointment.start_at.isoformat()})


async def _linkable_case(session, case_id: uuid.UUID | None, citizen_id: uuid.UUID | None, kind: AppointmentType):
    if case_id is None:
        return None
    from portal.cases.service import Case

    case = await session.get(Case, case_id)
    if case is None or citizen_id is None or case.citizen_id != citizen_id or not kind.case_linkable:
        raise BookingError("case", _("This appointment cannot be linked to that case."))
    return case.id


def new_form_key() -> str:
    """The key a booking form carries (a hidden field), new for every check page shown."""
    return secrets.token_urlsafe(24)


def manage_token(secret: str, form_key: str) -> str:
    """The manage link's secret of an anonymous booking, derived from its form's key with
    the site's secret: the same form posted twice leads to the same link, and the key
    kept in the database does not give the link away."""
    return hmac.new(secret.encode(), f"appointment-manage:{form_key}".encode(), hashlib.sha256).hexdigest()


async def _booked_with_key(session: AsyncSession, key: str, citizen_id: uuid.UUID | None, token: str | None) -> Booked | None:
    """The booking this form made already, or None; a key of someone else's form is refused."""
    existing = await session.scalar(
        select(Appointment).where(Appointment.idempotency_key == key).execution_options(populate_existing=True)
    )
    if existing is None:
        return None
    if existing.citizen_id != citizen_id or (citizen_id is None and (token is None or existing.token_hash != hash_token(token))):
        raise BookingError("time", _("Choose one of the times shown."))
    return Booked(existing, None if citizen_id else token)


async def booked_with_form(session: AsyncSession, form_key: str | None, citizen_id: uuid.UUID | None,
                           token: str | None) -> Booked | None:
    """The booking this visitor's form made already (a second post of it), else None:
    looked up before the slot is checked, which that booking itself has filled."""
    if not form_key:
        return None
    try:
        return await _booked_with_key(session, form_key, citizen_id, token)
    except BookingError:
        return None  # someone else's form: booking it is refused in book()


async def book(
    session: AsyncSession, tenant, *, type_id: str, location_id: str, start: datetime, name: str, email: str,
    locale: str, link_for: Callable[[Appointment, str | None], str], citizen_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None, now: datetime | None = None, form_key: str | None = None,
    token: str | None = None, client: str | None = None,
) -> Booked:
    """Book the first free seat of a slot, queue the confirmation and the reminder.

    `link_for(appointment, token)` gives the absolute URL where it can be managed. With a
    `form_key` (the booking form's hidden key) the same form booked before gives that
    booking back, without a second seat or mail; an anonymous booking's manage `token`
    then comes from the caller (manage_token), so the second answer can link to it too.
    `client` (client_key) names the computer of an anonymous booking, for its daily limit.
    """
    now = now or clock.now()
    config, kind, location = _lookup(tenant, type_id, location_id)
    if kind.needs_login and citizen_id is None:
        raise BookingError("type", _("Log in to book this kind of appointment."))
    for field, message in contact_errors(name, email).items():
        raise BookingError(field, message)

    async def attempt() -> Booked:
        if form_key and (done := await _booked_with_key(session, form_key, citizen_id, token)) is not None:
            return done
        if citizen_id is None:
            await _within_anonymous_limits(session, config, email, client, now)
        schedule = await _check_start(session, tenant, kind, location, start, now)
        linked = await _linkable_case(session, case_id, citizen_id, kind)
        if config.anonymous_hold_minutes:
            await release_lapsed_holds(session, now)  # their seats are free again (the worker does it too)
        seat = await _free_seat(session, location.id, kind.id, start, schedule.capacity(kind.id))
        manage = None if citizen_id else (token or secrets.token_urlsafe(32))
        # Without login the booker may first have to show the address is theirs.
        held = citizen_id is None and config.anonymous_hold_minutes > 0
        appointment = Appointment(
            type_id=kind.id, location_id=location.id, start_at=start,
            end_at=start + timedelta(minutes=kind.duration_minutes), seat=seat,
            status=Appointment.HELD if held else Appointment.BOOKED,
            hold_until=now + timedelta(minutes=config.anonymous_hold_minutes) if held else None,
            citizen_id=citizen_id, case_id=linked, name=name.strip(), email=email.strip(), locale=locale,
            token_hash=hash_token(manage) if manage else None, client_key=None if citizen_id else client,
            created_at=now, updated_at=now,
            idempotency_key=form_key or None,
        )
        session.add(appointment)
        await session.flush()  # the seat constraint speaks here
        queue_change_mail(session, appointment, tenant=tenant, kind=kind, location=location,
                          link=link_for(appointment, manage), action="held" if held else "booked", now=now)
        await _case_event(session, appointment, "booked", actor_kind="citizen", actor_id=citizen_id)
        return Booked(appointment, manage)

    return await _transaction(session, attempt)


async def release_lapsed_holds(session: AsyncSession, now: datetime | None = None) -> int:
    """Held bookings not confirmed in time give up their seat (in the caller's transaction)."""
    from sqlalchemy import update

    now = now or clock.now()
    result = await session.execute(
        update(Appointment)
        .where(Appointment.status == Appointment.HELD, Appointment.hold_until <= now)
        .values(status=Appointment.CANCELLED, seat=None, cancelled_at=now, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


async def release_holds_round(session: AsyncSession) -> None:
    """The worker's round (appointments plugin): free the seats of lapsed holds promptly."""
    if await release_lapsed_holds(session):
        await session.commit()


class HoldLapsed(BookingError):
    def __init__(self) -> None:
        super().__init__("time", _("This appointment was not confirmed in time, so the time is free again. "
                                   "Please book again."))


async def confirm_hold(session: AsyncSession, tenant, appointment_id: uuid.UUID, *, link: str,
                       now: datetime | None = None) -> Appointment:
    """The booker confirmed through the mail's link: booked, with the calendar file and the
    reminder. Confirming twice changes nothing; too late, the seat is free again (HoldLapsed)."""
    now = now or clock.now()
    appointment = await session.get(Appointment, appointment_id, populate_existing=True)
    if appointment is None:
        raise LookupError(appointment_id)
    if appointment.status == Appointment.BOOKED:
        return appointment
    if appointment.status != Appointment.HELD or appointment.hold_until is None or appointment.hold_until <= now:
        await release_lapsed_holds(session, now)
        await session.commit()
        raise HoldLapsed()
    _config, kind, location = _lookup(tenant, appointment.type_id, appointment.location_id)
    appointment.status, appointment.hold_until, appointment.updated_at = Appointment.BOOKED, None, now
    queue_change_mail(session, appointment, tenant=tenant, kind=kind, location=location, link=link,
                      action="booked", now=now)
    await session.commit()
    return appointment


async def _changeable(session: AsyncSession, tenant, appointment_id: uuid.UUID, now: datetime):
    """(appointment, type, location) of one the citizen may still move or cancel; else an error."""
    appointment = await session.get(Appointment, appointment_id, populate_existing=True)
    if appointment is None:
        raise LookupError(appointment_id)
    _config, kind, location = _lookup(tenant, appointment.type_id, appointment.location_id)
    if not can_change(appointment, kind, now):
        raise TooLate("time", _("This appointment can no longer be changed online."))
    return appointment, kind, location


async def move(
    session: AsyncSession, tenant, appointment_id: uuid.UUID, *, start: datetime, link: str,
    now: datetime | None = None,
) -> Appointment:
    """Move to another slot of the same type and location; the calendar entry follows."""
    now = now or clock.now()

    async def attempt() -> Appointment:
        appointment, kind, location = await _changeable(session, tenant, appointment_id, now)
        if start == appointment.start_at:
            raise BookingError("time", _("Choose a different time from your current one."))
        schedule = await _check_start(session, tenant, kind, location, start, now)
        appointment.seat = await _free_seat(session, location.id, kind.id, start, schedule.capacity(kind.id))
        appointment.start_at = start
        appointment.end_at = start + timedelta(minutes=kind.duration_minutes)
        appointment.sequence += 1
        appointment.updated_at = now
        await session.flush()
        queue_change_mail(session, appointment, tenant=tenant, kind=kind, location=location, link=link,
                          action="moved", now=now)
        await replan_reminder(session, appointment, tenant=tenant, kind=kind, location=location, link=link, now=now)
        await _case_event(session, appointment, "moved", actor_kind="citizen", actor_id=appointment.citizen_id)
        return appointment

    return await _transaction(session, attempt)


async def cancel(session: AsyncSession, tenant, appointment_id: uuid.UUID, *, now: datetime | None = None) -> Appointment:
    now = now or clock.now()

    async def attempt() -> Appointment:
        appointment, kind, location = await _changeable(session, tenant, appointment_id, now)
        appointment.status = Appointment.CANCELLED
        appointment.seat = None  # frees the seat for someone else
        appointment.cancelled_at = now
        appointment.updated_at = now
        appointment.sequence += 1
        await session.flush()
        queue_change_mail(session, appointment, tenant=tenant, kind=kind, location=location, link="",
                          action="cancelled", now=now)
        await replan_reminder(session, appointment, tenant=tenant, kind=kind, location=location, link="", now=now)
        await _case_event(session, appointment, "cancelled", actor_kind="citizen", actor_id=appointment.citizen_id)
        return appointment

    return await _transaction(session, attempt)
