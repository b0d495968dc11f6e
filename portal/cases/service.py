"""The cases domain's public interface: the only module other domains import.

Applications open a case here, appointments add an event to one, the back office works
a case through the actions and decisions. Everything behind it (events, actions,
decisions, objections, config, deadlines) is the domain's own and may change shape.
"""

from portal.cases import actions, decisions, impartial, objections
from portal.cases.atw import is_working_day
from portal.cases.config import (
    ENDED,
    RECEIVED,
    STATUS_CODES,
    StatusType,
    Text,
    ZaakType,
    answer_by_default_days,
    cases_config,
    may_approve,
    process_of,
    refusal_reasons,
    text_of,
    zaaktype_of,
)
from portal.cases.deadlines import next_working_day, suspended_days
from portal.cases.events import (
    CaseActionRefused,
    DecisionTerm,
    actor_of,
    add_event,
    decision_term,
    events_of,
    open_case,
    refresh,
)
from portal.cases.models import Case, CaseEvent, CaseLetter

__all__ = [
    "process_of",
    "ENDED",
    "RECEIVED",
    "STATUS_CODES",
    "StatusType",
    "Text",
    "ZaakType",
    "is_working_day",
    "suspended_days",
    "Case",
    "CaseActionRefused",
    "CaseEvent",
    "CaseLetter",
    "DecisionTerm",
    "actions",
    "actor_of",
    "add_event",
    "answer_by_default_days",
    "cases_config",
    "decision_term",
    "decisions",
    "events_of",
    "may_approve",
    "impartial",
    "next_working_day",
    "objections",
    "open_case",
    "refresh",
    "refusal_reasons",
    "text_of",
    "zaaktype_of",
]
