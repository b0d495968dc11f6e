"""The portal's one clock: every "now" and "today" in product code comes from here.

Times are stored in UTC; the calendar a citizen lives by (which day a term ends, which
year a case reference carries, what "today" means on a page) is Europe/Amsterdam's.

Time is an input: `PORTAL_CLOCK` (an ISO moment, Amsterdam time when it has no offset)
starts the clock at that moment when the process starts and lets it run from there, so
the whole suite can be run "on" 31 December at 23:59 or on 29 February 2028
(`pytest --clock=...`, `make test-on DATE=...`). Demo data replays histories in the past
with `moment()`, which fixes the clock for the code inside it.

Nothing else in `portal/` calls `datetime.now()`, `date.today()` or `time.time()` for
the time of day: a test that sets this clock sets it for all of them.
"""

from __future__ import annotations

import contextlib
import os
import time
from contextvars import ContextVar
from datetime import date, datetime, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CLOCK_ENV = "PORTAL_CLOCK"


def parse_moment(value: str) -> datetime:
    """An ISO date or moment; without an offset it is Amsterdam wall-clock time."""
    value = value.strip()
    moment = datetime.fromisoformat(value) if "T" in value or " " in value else datetime.fromisoformat(value + "T12:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(timezone.utc)


class _Offset:
    """How far this process's clock runs ahead of (or behind) the machine's.

    The one piece of process state in the portal, on purpose: the clock is the same for
    every app, worker and thread in a process. It is read from `PORTAL_CLOCK` on first use
    or set once by the test harness (`start_at`), and fixed from then on: a clock that
    jumped while the process ran would expire sessions and leases for no reason.
    """

    def __init__(self) -> None:
        self.value: timedelta | None = None

    def get(self) -> timedelta:
        if self.value is None:
            configured = os.environ.get(CLOCK_ENV, "").strip()
            self.value = parse_moment(configured) - datetime.now(timezone.utc) if configured else timedelta(0)
        return self.value


_OFFSET = _Offset()
_moment: ContextVar[datetime | None] = ContextVar("portal_clock_moment", default=None)


def start_at(at: datetime | str) -> None:
    """Let this process's clock run from `at` (the test harness's `--clock`)."""
    target = parse_moment(at) if isinstance(at, str) else at.astimezone(timezone.utc)
    _OFFSET.value = target - datetime.now(timezone.utc)


def is_shifted() -> bool:
    return bool(_OFFSET.get())


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return _moment.get() or process_now()


def process_now() -> datetime:
    """This process's running clock, also inside `moment()`: demo data that replays
    several moments of one history counts them back from the same "now"."""
    return datetime.now(timezone.utc) + _OFFSET.get()


def local_now() -> datetime:
    """The current moment on Amsterdam's wall clock."""
    return now().astimezone(AMSTERDAM)


def today() -> date:
    """Today's date in Amsterdam (not the UTC date: at 00:30 on 1 January it is already 1 January)."""
    return local_now().date()


def timestamp() -> int:
    """Seconds since the epoch on this clock (token lifetimes, session ages)."""
    return int(now().timestamp())


def monotonic() -> float:
    """For measuring how long something took; not a time of day, so never shifted."""
    return time.monotonic()


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(AMSTERDAM)


def local_day(value: datetime) -> date:
    """The Amsterdam calendar day of a stored (UTC) moment."""
    return to_local(value).date()


def start_of_local_day(day: date) -> datetime:
    """Midnight in Amsterdam at the start of `day`, in UTC (23:00 or 22:00 the day before)."""
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM).astimezone(timezone.utc)


@contextlib.contextmanager
def moment(at: datetime) -> Iterator[None]:
    """Run the code inside as if it were `at` (timezone-aware); demo data replays history with it."""
    if at.tzinfo is None:
        raise ValueError("clock.moment needs a timezone-aware datetime")
    token = _moment.set(at.astimezone(timezone.utc))
    try:
        yield
    finally:
        _moment.reset(token)
