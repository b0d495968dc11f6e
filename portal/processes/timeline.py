"""What the citizen (and the caseworker) sees of a process case: every step in order,
done, current or to come, with the dates of the terms that end there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.clock import local_day, today
from portal.processes.terms import term_states


@dataclass
class StepView:
    step: object
    state: str  # done, current, todo
    entered_on: date | None
    terms: list  # TermState of the terms that end at this step (met on reaching it)


def timeline(definition, case, events) -> list[StepView]:
    entered: dict[str, date] = {}
    for event in events:
        step = (event.data or {}).get("step")
        if step and step not in entered:
            entered[step] = local_day(event.at)
    states = [s for s in term_states(definition, events, case.answers) if s.applies]
    views = []
    for step_id in definition.order():
        if step_id == case.status:
            state = "done" if case.closed else "current"
        elif step_id in entered:
            state = "done"
        else:
            state = "todo"
        views.append(StepView(definition.step(step_id), state, entered.get(step_id),
                              [s for s in states if s.term.until == step_id]))
    return views


def decision_of(events) -> dict | None:
    for event in reversed(list(events)):
        if event.kind == "step" and (event.data or {}).get("decision"):
            return event.data
    return None


def overdue(state) -> bool:
    return state.overdue(today())
