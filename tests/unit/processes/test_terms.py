"""Legal terms to the day, one table per term, from the law's text.

- Wmo 2015 art. 2.3.2 lid 1: "zo spoedig mogelijk, doch uiterlijk binnen zes weken" after
  the melding, the research; lid 2: "gedurende zeven dagen na de melding" the personal plan.
- Wmo 2015 art. 2.3.5 lid 1: the decision "binnen twee weken na ontvangst van de aanvraag".
- Wgs art. 4 lid 1: the first conversation within four weeks after the request; lid 2:
  within three working days at a threat of eviction, of the cut-off of energy or water, or
  of the ending of the health insurance. Art. 4a with the city's verordening: the decision
  within eight weeks after the first conversation (Utrecht, CVDR653220).
- Wi 2021 art. 11: three years from the day after the PIP's date.
- Algemene termijnenwet art. 1 and 3: a last day on a Saturday, Sunday or holiday moves on.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from portal.domains import load_tenants
from portal.processes.terms import add_working_days, last_day, term_states
from portal.settings import PROJECT_ROOT

TENANTS = load_tenants(PROJECT_ROOT / "tenants")


def term(slug: str, process: str, term_id: str):
    definition = next(d for d in TENANTS[slug].section("processes").values() if d.id == process)
    return next(t for t in definition.terms if t.id == term_id)


D = date.fromisoformat


@pytest.mark.parametrize("anchor, expected, why", [
    ("2026-03-02", "2026-04-13", "Monday + 6 weeks is a Monday"),
    ("2026-03-25", "2026-05-06", "6 weeks end on Wednesday 6 May; 5 May Bevrijdingsdag is before"),
    ("2026-03-24", "2026-05-06", "ends Tuesday 5 May, Bevrijdingsdag (Atw art. 3): the next working day"),
    ("2026-11-14", "2026-12-28", "ends Saturday 26 December: Monday 28"),
    ("2026-11-13", "2026-12-28", "ends Friday 25 December (Kerstdag), then the weekend"),
])
def test_wmo_research_within_six_weeks_of_the_melding(anchor, expected, why):
    assert last_day(term("amsterdam", "wmo", "onderzoek"), D(anchor)) == D(expected), why


@pytest.mark.parametrize("anchor, expected, why", [
    ("2026-12-01", "2026-12-08", "Tuesday + 7 days"),
    ("2026-12-05", "2026-12-14", "Saturday + 7 = Saturday 12th: Monday 14th"),
    ("2026-12-18", "2026-12-28", "Friday + 7 = Friday 25th Kerstdag, 26th, Sunday: Monday 28th"),
])
def test_wmo_personal_plan_within_seven_days_of_the_melding(anchor, expected, why):
    assert last_day(term("amsterdam", "wmo", "persoonlijk-plan"), D(anchor)) == D(expected), why


@pytest.mark.parametrize("anchor, expected, why", [
    ("2026-12-01", "2026-12-15", "Tuesday + 2 weeks"),
    ("2026-12-12", "2026-12-28", "Saturday + 2 weeks = Saturday 26th: Monday 28th"),
    ("2026-04-13", "2026-04-28", "Monday + 2 weeks = Monday 27 April, Koningsdag: Tuesday 28th"),
])
def test_wmo_decision_within_two_weeks_of_the_application(anchor, expected, why):
    assert last_day(term("amsterdam", "wmo", "beschikking"), D(anchor)) == D(expected), why


def test_suspension_and_extension_add_their_days_before_the_atw():
    beschikking = term("amsterdam", "wmo", "beschikking")
    # 1 Dec + 2 weeks = 15 Dec, + 5 days suspended = 20 Dec (Sunday): Monday 21 Dec.
    assert last_day(beschikking, D("2026-12-01"), suspended=5) == D("2026-12-21")
    assert last_day(beschikking, D("2026-12-01"), extension_weeks=2) == D("2026-12-29")


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
@pytest.mark.parametrize("anchor, expected, why", [
    ("2026-12-01", "2026-12-29", "Tuesday + 4 weeks"),
    ("2026-11-28", "2026-12-28", "Saturday + 4 weeks = Saturday 26 Dec: Monday 28"),
])
def test_debt_help_first_conversation_within_four_weeks(slug, anchor, expected, why):
    assert last_day(term(slug, "schuldhulp", "eerste-gesprek"), D(anchor)) == D(expected), why


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
@pytest.mark.parametrize("anchor, expected, why", [
    ("2026-12-01", "2026-12-04", "Tuesday: Wednesday, Thursday, Friday"),
    ("2026-12-04", "2026-12-09", "Friday: Monday, Tuesday, Wednesday"),
    ("2026-12-05", "2026-12-09", "Saturday: Monday, Tuesday, Wednesday"),
    ("2026-12-23", "2026-12-29", "Wednesday: Thursday 24, (25, 26, 27 off) Monday 28, Tuesday 29"),
    ("2026-12-31", "2027-01-06", "Thursday: (Friday 1 January Nieuwjaarsdag, weekend) Mon 4, Tue 5, Wed 6"),
    ("2026-04-02", "2026-04-09", "Thursday before Easter: (Good Friday, weekend, Easter Monday) Tue, Wed, Thu"),
    ("2026-04-24", "2026-04-30", "Friday: (27 April Koningsdag) Tue 28, Wed 29, Thu 30"),
    ("2025-12-31", "2026-01-07", "Wednesday: 1 Jan holiday, 2 Jan equated by decree, weekend: Mon 5, Tue 6, Wed 7"),
])
def test_urgent_debt_help_first_conversation_within_three_working_days(slug, anchor, expected, why):
    assert last_day(term(slug, "schuldhulp", "eerste-gesprek-urgent"), D(anchor)) == D(expected), why


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
def test_debt_help_decision_within_eight_weeks_of_the_first_conversation(slug):
    assert last_day(term(slug, "schuldhulp", "beslissing"), D("2026-12-01")) == D("2027-01-26")


@pytest.mark.parametrize("anchor, expected", [
    ("2026-12-02", "2029-12-03"),  # 2 Dec 2029 is a Sunday
    ("2027-02-28", "2030-02-28"),
    ("2028-02-29", "2031-02-28"),  # no 29 February: 28 February (a Friday)
])
def test_inburgering_three_years_from_the_pip(anchor, expected):
    assert last_day(term("amsterdam", "inburgering", "inburgeringstermijn"), D(anchor)) == D(expected)


def test_add_working_days_counts_only_working_days():
    assert add_working_days(D("2026-05-04"), 1) == D("2026-05-06")  # 5 May Bevrijdingsdag
    assert add_working_days(D("2026-05-13"), 1) == D("2026-05-18")  # 14 Hemelvaart, 15 decree, weekend


def _event(kind, at, **data):
    return SimpleNamespace(kind=kind, at=at, data=data, id=f"{kind}-{at.isoformat()}")


def test_the_urgent_term_applies_only_to_an_urgent_request_and_ends_when_its_step_is_reached():
    definition = next(d for d in TENANTS["amsterdam"].section("processes").values() if d.id == "schuldhulp")
    submitted = datetime(2026, 12, 4, 9, tzinfo=timezone.utc)  # a Friday
    events = [_event("submitted", submitted, status="aanmelding")]
    urgent = {s.term.id: s for s in term_states(definition, events, {"flags": ["urgent"]})}
    assert urgent["eerste-gesprek-urgent"].applies and urgent["eerste-gesprek-urgent"].open
    assert urgent["eerste-gesprek-urgent"].last_day == D("2026-12-09")
    assert not urgent["eerste-gesprek"].applies
    plain = {s.term.id: s for s in term_states(definition, events, {})}
    assert plain["eerste-gesprek"].applies and plain["eerste-gesprek"].last_day == D("2027-01-04")
    assert not plain["eerste-gesprek-urgent"].applies
    events.append(_event("step", datetime(2026, 12, 8, 10, tzinfo=timezone.utc), status="plan"))
    after = {s.term.id: s for s in term_states(definition, events, {"flags": ["urgent"]})}
    assert after["eerste-gesprek-urgent"].met_on == D("2026-12-08") and not after["eerste-gesprek-urgent"].open
    assert after["beslissing"].open and after["beslissing"].last_day == D("2027-02-02")


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
def test_bijstand_as_a_definition_has_the_decision_term_the_cases_domain_computes(slug):
    from datetime import timedelta

    from portal.cases.deadlines import decision_deadline

    definition = next(d for d in TENANTS[slug].section("processes").values() if d.id == "bijstand")
    submitted = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
    asked = datetime(2026, 11, 10, 10, tzinfo=timezone.utc)
    request = _event("info_requested", asked, answer_by="2026-11-24")
    events = [_event("submitted", submitted, status="received"), request,
              _event("info_answered", datetime(2026, 11, 20, 9, tzinfo=timezone.utc), request_id=request.id),
              _event("extended", datetime(2026, 12, 1, 9, tzinfo=timezone.utc), weeks=4)]
    (state,) = [s for s in term_states(definition, events) if s.term.id == "beslistermijn"]
    assert state.last_day == decision_deadline(events, timedelta(weeks=8)) == D("2027-02-04")
    assert [s.code for s in definition.zaaktype().statustypen] == ["received", "in_progress", "info_needed", "decided"]
