"""Terms, computed from the case history only (pure functions, no database).

Decision term (Awb 4:13-4:15): the zaaktype's doorlooptijd from the day of
submission; suspended from the day a request for information is sent until the day
it is answered, or until its answer-by date when it is not answered in time (Awb 4:15
"or the term set for it has passed unused"); extended once by the weeks given. A
request answered on the day it was sent suspends nothing. Requests that overlap count
their common days once.

Objection term (Awb 6:7, 6:8): six weeks, starting the day after the decision was
sent. The decision on an objection (Awb 7:10) has its term counted not from the day the
objection came in but from the day after the objection term ended (`start`); it is
suspended (lid 2) and extended (lid 3) like any other.

Both are terms set by law, so a last day on a Saturday, a Sunday or a holiday of the
Algemene termijnenwet moves to the next working day (art. 1; the days: portal.cases.atw).
Days are Amsterdam calendar days (portal.clock): a case submitted at 00:30 on 2 March
counts from 2 March, though it is still 1 March in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Protocol

from portal.cases import atw
from portal.clock import AMSTERDAM, local_day


class EventLike(Protocol):
    kind: str
    at: datetime
    data: dict
    id: object


@dataclass(frozen=True)
class Suspension:
    request_id: str
    start: date
    end: date  # the day the term runs again
    answered: bool
    open: bool  # not answered yet (its end is the answer-by date)


def suspensions(events: Iterable[EventLike]) -> list[Suspension]:
    """Every request for information and the days it suspends the term."""
    requests: dict[str, tuple[date, date]] = {}
    answered: dict[str, date] = {}
    for event in events:
        if event.kind == "info_requested":
            requests[str(event.id)] = (local_day(event.at), date.fromisoformat(event.data["answer_by"]))
        elif event.kind == "info_answered":
            answered.setdefault(str(event.data["request_id"]), local_day(event.at))
    result = []
    for request_id, (start, answer_by) in requests.items():
        if request_id in answered:
            end = min(answered[request_id], max(answer_by, start))
            result.append(Suspension(request_id, start, end, answered=True, open=False))
        else:
            result.append(Suspension(request_id, start, max(answer_by, start), answered=False, open=True))
    return sorted(result, key=lambda s: (s.start, s.end))


def suspended_days(events: Iterable[EventLike], since: date | None = None) -> int:
    """Calendar days the term stood still: the union of all suspension intervals (from
    `since` on: days before the term began suspend nothing)."""
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for suspension in suspensions(events):
        if since is not None:
            if suspension.end <= since:
                continue
            suspension = Suspension(suspension.request_id, max(suspension.start, since), suspension.end,
                                    suspension.answered, suspension.open)
        if current_end is None or suspension.start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = suspension.start, suspension.end
        else:
            current_end = max(current_end, suspension.end)
    if current_end is not None:
        total += (current_end - current_start).days
    return total


def extension_weeks(events: Iterable[EventLike]) -> int:
    return sum(int(e.data.get("weeks", 0)) for e in events if e.kind == "extended")


def decision_deadline(events: Iterable[EventLike], scheme_term: timedelta, start: date | None = None) -> date:
    """The last day for the decision: submission (or `start`) + term + suspended days +
    extension, moved past a weekend or holiday (Atw art. 1)."""
    events = list(events)
    submitted = next((e for e in events if e.kind == "submitted"), None)
    if submitted is None:
        raise ValueError("a case history starts with its 'submitted' event")
    if start is None:
        start, since = local_day(submitted.at), None
    else:
        since = start + timedelta(days=1)  # the term's first day (Awb 7:10: the day after)
    end = start + scheme_term + timedelta(days=suspended_days(events, since)) + timedelta(weeks=extension_weeks(events))
    return next_working_day(end)


def deadline_sort_value(deadline: date) -> datetime:
    """The queue's sort key: the end of the last day, in Amsterdam time, as UTC."""
    return datetime.combine(deadline, time(23, 59), tzinfo=AMSTERDAM).astimezone(timezone.utc)


def next_working_day(day: date) -> date:
    """Algemene termijnenwet: a term ending on a weekend or holiday ends the next working day."""
    return atw.next_working_day(day)


def objection_deadline(sent_at: datetime, weeks: int = 6) -> date:
    """Last day to lodge an objection against a decision sent at `sent_at`."""
    first_day = local_day(sent_at) + timedelta(days=1)
    return next_working_day(first_day + timedelta(weeks=weeks) - timedelta(days=1))
