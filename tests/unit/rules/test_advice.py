from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.rules.advice import advise
from portal.rules.situation import SituationError


def test_advise_reads_answers_and_ignores_other_keys(engine, single):
    answers = {**single, "iban": "NL91ABNA0417164300", "phone": "0612345678", "municipality": "utrecht"}
    ev = advise(engine, "utrecht", answers, date(2026, 1, 15))
    assert ev.tenant == "utrecht"
    assert ev.scheme("bijstand").outcome == "likely"
    assert ev.scheme("inkomenstoeslag").amount == Decimal("225.00")


def test_advise_uses_the_rules_of_the_chosen_date(engine, single):
    old = advise(engine, "amsterdam", single, date(2025, 12, 31)).scheme("bijstand").amount
    new = advise(engine, "amsterdam", single, date(2026, 1, 1)).scheme("bijstand").amount
    assert (old, new) == (Decimal("919.06"), Decimal("951.50"))


def test_advise_reports_bad_answers(engine):
    with pytest.raises(SituationError) as info:
        advise(engine, "amsterdam", {"income": "veel"}, date(2026, 1, 1))
    assert info.value.field == "income"


def test_an_application_to_a_municipality_counts_as_living_there(engine, single):
    answers = {k: v for k, v in single.items() if k != "municipality"}
    ev = advise(engine, "rotterdam", answers, date(2026, 1, 15))
    residence = [r for r in ev.scheme("bijstand").reasons if "municipality" in r.code or "reside" in r.code or "live" in r.code]
    assert residence and all(r.met is True for r in residence)
    moved = advise(engine, "rotterdam", {**answers, "municipality": "utrecht"}, date(2026, 1, 15))
    assert moved.scheme("bijstand").outcome == "unlikely"
