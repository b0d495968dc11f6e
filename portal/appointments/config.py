"""The appointment agenda of a tenant: `tenants/<slug>/appointments.toml`.

Types (what a citizen can book), locations (where, when open, how many counters per
type) and the booking horizon. Opening hours, closed days and counters can be changed
day to day by the tenant admin; those changes live in the database (see
`portal.appointments.models.LocationOverride`) and are laid over this file.
"""

from __future__ import annotations

import re
from datetime import date, time

from portal.tenancy import section
from portal.tenancy.schema import Strict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
ID = re.compile(r"^[a-z][a-z0-9-]{1,40}$")


class AppointmentType(Strict, kw_only=True):
    id: str
    # Texts per locale; Dutch is required, the others fall back to English, then Dutch.
    name: dict[str, str]
    bring: dict[str, str]
    duration_minutes: int
    locations: list[str]
    needs_login: bool = True
    case_linkable: bool = False
    # Up to how many hours before the start the citizen may still move or cancel.
    change_limit_hours: int = 24

    def text(self, field: str, locale: str) -> str:
        texts = getattr(self, field)
        return texts.get(locale) or texts.get("en") or texts["nl"]


class Location(Strict, kw_only=True):
    id: str
    name: str
    address: str
    phone: str
    # "mon" -> ["08:30-12:00", "13:00-17:00"]; a missing weekday is closed.
    hours: dict[str, list[str]]
    closed: list[date] = []
    # Appointment type id -> number of counters (the capacity of one slot).
    counters: dict[str, int]


class AppointmentsConfig(Strict, kw_only=True):
    # Bookable days run from `first_day` days after today up to `horizon_days`.
    first_day: int = 1
    horizon_days: int = 42
    # Booking without logging in: at most this many live bookings made today per email
    # address, and per computer (client address), so nobody fills the agenda, or a
    # stranger's mailbox, with bookings in someone else's name.
    anonymous_per_address_per_day: int = 3
    anonymous_per_client_per_day: int = 6
    # Minutes an anonymous booking holds its seat until the booker confirms it through the
    # link in the mail (proving the address is theirs); unconfirmed, the seat is free
    # again. 0: booked at once, without that step.
    anonymous_hold_minutes: int = 0
    types: list[AppointmentType]
    locations: list[Location]

    def type(self, type_id: str | None) -> AppointmentType | None:
        return next((t for t in self.types if t.id == type_id), None)

    def location(self, location_id: str | None) -> Location | None:
        return next((loc for loc in self.locations if loc.id == location_id), None)


def parse_interval(text: str) -> tuple[time, time] | None:
    match = INTERVAL.match(text.strip())
    if not match:
        return None
    start = time(int(match[1]), int(match[2]))
    end = time(int(match[3]), int(match[4]))
    return (start, end) if start < end else None


def hours_problems(hours: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(weekday, reason) for every unknown weekday, malformed or overlapping interval."""
    problems: list[tuple[str, str]] = []
    for day, intervals in hours.items():
        if day not in WEEKDAYS:
            problems.append((day, f"is not one of {', '.join(WEEKDAYS)}"))
            continue
        parsed = [parse_interval(i) for i in intervals]
        if any(p is None for p in parsed):
            problems.append((day, "intervals look like 08:30-12:00, with the end after the start"))
            continue
        ordered = sorted(parsed)  # type: ignore[arg-type]
        if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:])):
            problems.append((day, "intervals overlap"))
    return problems


def check(config: AppointmentsConfig, tenant) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    location_ids = [loc.id for loc in config.locations]
    type_ids = [t.id for t in config.types]
    if not 0 <= config.first_day <= config.horizon_days:
        errors.append(("first_day", "must be between 0 and horizon_days"))
    if not 1 <= config.horizon_days <= 366:
        errors.append(("horizon_days", "must be between 1 and 366"))
    for key in ("anonymous_per_address_per_day", "anonymous_per_client_per_day"):
        if not 1 <= getattr(config, key) <= 100:
            errors.append((key, "must be between 1 and 100"))
    if not 0 <= config.anonymous_hold_minutes <= 1440:
        errors.append(("anonymous_hold_minutes", "must be between 0 (no hold) and 1440 minutes"))
    for ids, key in ((type_ids, "types"), (location_ids, "locations")):
        if len(set(ids)) != len(ids):
            errors.append((key, "ids must be unique"))
    for i, kind in enumerate(config.types):
        key = f"types[{i}]"
        if not ID.match(kind.id):
            errors.append((f"{key}.id", "lower case letters, digits and hyphens"))
        for field in ("name", "bring"):
            if "nl" not in getattr(kind, field):
                errors.append((f"{key}.{field}.nl", "the Dutch text is required"))
        if not 5 <= kind.duration_minutes <= 240:
            errors.append((f"{key}.duration_minutes", "must be between 5 and 240"))
        if not 0 <= kind.change_limit_hours <= 24 * 14:
            errors.append((f"{key}.change_limit_hours", "must be between 0 and 336"))
        for location_id in kind.locations:
            if location_id not in location_ids:
                errors.append((f"{key}.locations", f"{location_id!r} is not a location"))
    for i, location in enumerate(config.locations):
        key = f"locations[{i}]"
        if not ID.match(location.id):
            errors.append((f"{key}.id", "lower case letters, digits and hyphens"))
        errors += [(f"{key}.hours.{day}", reason) for day, reason in hours_problems(location.hours)]
        for type_id, count in location.counters.items():
            if type_id not in type_ids:
                errors.append((f"{key}.counters.{type_id}", "is not an appointment type"))
            elif not 0 <= count <= 50:
                errors.append((f"{key}.counters.{type_id}", "must be between 0 and 50"))
    return errors


SECTION = section("appointments", AppointmentsConfig, check=check)


def config_of(tenant) -> AppointmentsConfig:
    return tenant.section("appointments")
