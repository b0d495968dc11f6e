"""For caseworkers: the rules' advice on a submitted application, under the rules of a chosen date."""

from __future__ import annotations

from datetime import date

from .engine import Evaluation, RulesEngine
from .situation import parse_situation


def advise(engine: RulesEngine, tenant_slug: str, answers: dict, on: date) -> Evaluation:
    """Evaluate an application's stored answers (Situation keys; other keys are ignored).

    Raises :class:`~portal.rules.situation.SituationError` when a stored answer is malformed and
    :class:`~portal.rules.engine.RulesError` for an unknown tenant or a date without rules.
    """
    situation = dict(answers)
    # Applying to a municipality is applying where one lives: the application form does
    # not ask it again, so without an answer the residence condition would stay unknown.
    if not situation.get("municipality"):
        situation["municipality"] = tenant_slug
    return engine.evaluate(tenant_slug, parse_situation(situation), on)
