"""For caseworkers: the rules' advice on a submitted application, under the rules of a chosen date."""

from __future__ import annotations

from datetime import date

from portal import clock

from .engine import Evaluation, RulesEngine
from .situation import parse_situation


def advise(engine: RulesEngine, tenant_slug: str, answers: dict, on: date, *, today: date | None = None) -> Evaluation:
    """Evaluate an application's stored answers (Situation keys; other keys are ignored).

    The advice presumes nothing (``strict``): an input the rules need that nobody answered
    leaves its condition "not known". Raises :class:`~portal.rules.situation.SituationError`
    when a stored answer is malformed and :class:`~portal.rules.engine.RulesError` for an
    unknown tenant or a date without rules.
    """
    situation = dict(answers)
    # Applying to a municipality is applying where one lives: the application form does
    # not ask it again, so without an answer the residence condition would stay unknown.
    if not situation.get("municipality"):
        situation["municipality"] = tenant_slug
    # The application is the report to the municipality (Participatiewet art. 41 lid 4):
    # the portal knows its day, and judges the search period on today.
    if not situation.get("reported_on"):
        situation["reported_on"] = on.isoformat()
    return engine.evaluate(tenant_slug, parse_situation(situation), on, strict=True,
                           search_checked_on=today or clock.today())
