"""The case services' notion of "now".

Demo data replays case histories at moments in the past (a decision sent two months
ago, with its letter dated then); everything else runs on the real clock.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from datetime import date, datetime
from typing import Iterator

from portal.db.base import utcnow
from portal.i18n import to_local

_moment: ContextVar[datetime | None] = ContextVar("cases_moment", default=None)


def now() -> datetime:
    return _moment.get() or utcnow()


def today() -> date:
    return to_local(now()).date()


@contextlib.contextmanager
def moment(at: datetime) -> Iterator[None]:
    """Run case actions as if it were `at` (UTC-aware)."""
    token = _moment.set(at)
    try:
        yield
    finally:
        _moment.reset(token)
