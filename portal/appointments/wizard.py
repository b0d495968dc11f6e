"""The booking steps: type, location, day, time, check. The state lives in the query
string (each step a page of its own without JavaScript); this module works out which
step to show and everything it needs, from plain values.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from portal.appointments.config import config_of
from portal.appointments.schedule import Slot, bookable_range, free_slots, load_schedule
from portal.i18n import TIMEZONE, gettext as _

STEPS = ("type", "location", "day", "time", "check")


@dataclass
class MonthView:
    year: int
    month: int
    weeks: list[list[dict | None]]  # Monday-first rows; None pads days of other months
    previous: date | None
    next: date | None


@dataclass
class Choice:
    step: str
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    kind: object = None
    location: object = None
    day: date | None = None
    start: datetime | None = None
    month: MonthView | None = None
    times: list[Slot] = field(default_factory=list)

    def query(self, upto: str | None = None, **extra) -> str:
        """The query string of the choices made before step `upto` (for links back)."""
        keep = STEPS[: STEPS.index(upto)] if upto else STEPS
        params = {k: v for k, v in self.values.items() if k in keep or k == "case"}
        params.update({k: v for k, v in extra.items() if v is not None})
        return urlencode({k: v for k, v in params.items() if v})


# A day outside these is no appointment day (and the ends of Python's date range
# overflow when a page links to the day before or after).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _in_range(day: date | None) -> date | None:
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def parse_day(text: str | None) -> date | None:
    try:
        return _in_range(date.fromisoformat(text)) if text else None
    except ValueError:
        return None


def parse_month(text: str | None) -> date | None:
    try:
        return _in_range(date.fromisoformat(f"{text}-01")) if text else None
    except ValueError:
        return None


def parse_time(day: date, text: str | None) -> datetime | None:
    try:
        at = time.fromisoformat(text) if text else None
    except ValueError:
        return None
    if at is None:
        return None
    return datetime.combine(day, at, tzinfo=TIMEZONE).astimezone(timezone.utc)


async def month_view(session, config, schedule, kind, wanted: date, now: datetime, link) -> MonthView:
    """Which days of a month have room; `link(day)` gives each free day's URL."""
    first, last = bookable_range(config, now)
    wanted = min(max(wanted.replace(day=1), first.replace(day=1)), last.replace(day=1))
    days_in_month = calendar.monthrange(wanted.year, wanted.month)[1]
    month_end = wanted.replace(day=days_in_month)
    free = await free_slots(session, config, schedule, kind, wanted, month_end, now)
    weeks: list[list[dict | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(wanted.year, wanted.month):
        weeks.append([
            ({"date": d, "free": len(free.get(d, [])), "href": link(d) if d in free else None}
             if d.month == wanted.month else None)
            for d in week
        ])
    previous = (wanted - timedelta(days=1)).replace(day=1)
    following = month_end + timedelta(days=1)
    return MonthView(
        wanted.year, wanted.month, weeks,
        previous if previous >= first.replace(day=1) else None,
        following if following <= last else None,
    )


async def resolve(session: AsyncSession, tenant, params: dict[str, str], now: datetime, *, base: str) -> Choice:
    """The step to show for `params`; an error when the step just submitted lacks its answer."""
    config = config_of(tenant)
    values = {k: (params.get(k) or "").strip() for k in ("type", "location", "day", "month", "time", "case")}
    submitted = params.get("step")
    choice = Choice(step="type", values=values)

    def missing(step: str, message: str) -> Choice:
        choice.step = step
        if submitted == step:
            choice.errors[step] = message
        return choice

    choice.kind = config.type(values["type"])
    if choice.kind is None:
        return missing("type", _("Choose what the appointment is about."))
    choice.location = config.location(values["location"])
    if choice.location is None or choice.location.id not in choice.kind.locations:
        if len(choice.kind.locations) == 1 and submitted != "location":  # nothing to choose
            choice.location = config.location(choice.kind.locations[0])
            values["location"] = choice.location.id
        else:
            choice.location = None
            return missing("location", _("Choose a location."))
    schedule = await load_schedule(session, choice.location)
    choice.day = parse_day(values["day"])
    if choice.day is not None:
        free = await free_slots(session, config, schedule, choice.kind, choice.day, choice.day, now)
        choice.times = free.get(choice.day, [])
    if choice.day is None or not choice.times:
        if choice.day is not None:
            choice.errors["day"] = _("There is no free time left on that day. Choose another day.")
        choice.step = "day"
        wanted = parse_month(values["month"]) or choice.day or bookable_range(config, now)[0]
        choice.month = await month_view(
            session, config, schedule, choice.kind, wanted, now,
            lambda d: f"{base}?{choice.query('day', day=d.isoformat())}",
        )
        return choice
    choice.start = parse_time(choice.day, values["time"])
    if choice.start is None or all(slot.start != choice.start for slot in choice.times):
        choice.start = None
        return missing("time", _("Choose a time."))
    choice.step = "check"
    return choice


def local_time(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%H:%M")
