"""Legal terms of a process, to the day (pure functions, no database).

A term counts from the day the case entered its anchor step (`from`) and is met when the
case reaches its `until` step. How the last day is found:

- `days` / `weeks`: the anchor day plus the length ("binnen zes weken na de melding":
  a melding on Monday 2 March has its last day on Monday 13 April); Awb 4:13 style.
- `years`: the same date that many years later (29 February: 28 February), counted from
  the day after the anchor when the law says so (Wi 2021 art. 11 lid 2: "vangt aan op de
  dag na die van dagtekening") - the anchor step is then entered that day.
- `working_days`: the n-th working day after the anchor day (not a Saturday, a Sunday
  or a holiday of the Algemene termijnenwet, art. 3; `portal.cases.atw` via the cases
  service): a request on Friday has "binnen drie werkdagen" end on Wednesday.
- Suspension (`suspended_by`, Awb 4:15): the calendar days a request for information
  stood open are added, counted as the cases domain counts them; extension
  (`extended_by`, Awb 4:14): the weeks of each extension are added.
- Then, for a term set by law (`atw`, default), a last day on a Saturday, a Sunday or
  a holiday moves to the next working day (Atw art. 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from portal.cases.service import is_working_day, next_working_day, suspended_days
from portal.clock import local_day


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (Atw art. 3 holidays, weekends)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def last_day(term, anchor: date, *, suspended: int = 0, extension_weeks: int = 0) -> date:
    """The last day of `term` counted from `anchor` (the day its step was entered)."""
    if term.unit == "days":
        end = anchor + timedelta(days=term.length)
    elif term.unit == "weeks":
        end = anchor + timedelta(weeks=term.length)
    elif term.unit == "working_days":
        end = add_working_days(anchor, term.length)
    elif term.unit == "years":
        end = add_years(anchor, term.length)
    else:
        raise ValueError(f"unknown unit {term.unit!r}")
    end += timedelta(days=suspended) + timedelta(weeks=extension_weeks)
    return next_working_day(end) if term.atw else end


@dataclass(frozen=True)
class TermState:
    term: object  # the Term of the definition
    start: date | None  # the day its step was entered (None: not yet)
    last_day: date | None  # None while it has not started
    met_on: date | None  # the day the case reached `until`
    applies: bool

    @property
    def open(self) -> bool:
        return self.applies and self.start is not None and self.met_on is None

    def overdue(self, today: date) -> bool:
        return self.open and self.last_day is not None and today > self.last_day


def entered(events: Iterable, step_ids: set[str] | None = None) -> dict[str, date]:
    """The day the case first entered each step, from its history (`status` in an
    event's data, as the cases domain records it)."""
    days: dict[str, date] = {}
    for event in events:
        status = (event.data or {}).get("status")
        if status and status not in days:
            days[status] = local_day(event.at)
    return days


def term_states(definition, events, answers: dict | None = None) -> list[TermState]:
    events = list(events)
    days = entered(events)
    flags = set((answers or {}).get("flags") or [])
    states = []
    for term in definition.terms:
        applies = (term.when is None or term.when in flags) and (term.unless is None or term.unless not in flags)
        start = days.get(term.from_)
        met = days.get(term.until)
        end = None
        if start is not None:
            relevant = [e for e in events if local_day(e.at) >= start]
            suspended = suspended_days(relevant, start) if "info_requested" in term.suspended_by else 0
            extension = sum(int((e.data or {}).get("weeks", 0)) for e in relevant
                            if e.kind in term.extended_by)
            end = last_day(term, start, suspended=suspended, extension_weeks=extension)
        states.append(TermState(term, start, end, met, applies))
    return states


def case_deadline(definition, events, case) -> date:
    """The case's next deadline: the earliest last day of a term that is running."""
    states = [s for s in term_states(definition, events, case.answers) if s.open]
    if states:
        return min(s.last_day for s in states)
    # No term running (e.g. waiting for the citizen): the furthest known day, else today.
    known = [s.last_day for s in term_states(definition, events, case.answers) if s.applies and s.last_day]
    if known:
        return max(known)
    first: datetime = next(e.at for e in events)
    return local_day(first)
