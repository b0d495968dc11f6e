"""The decision-term and objection-term arithmetic, on hand-made case histories."""

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from portal.cases.deadlines import (
    decision_deadline,
    deadline_sort_value,
    next_working_day,
    objection_deadline,
    suspended_days,
)

TERM = timedelta(weeks=8)


def at(day: date, hour: int = 10) -> datetime:
    # 10:00 UTC is 11:00 or 12:00 in Amsterdam: the same calendar day.
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def event(kind, day, id=None, **data):
    return SimpleNamespace(kind=kind, at=at(day), data=data, id=id or f"{kind}-{day}")


# Wednesday 4 March 2026: eight weeks on is Wednesday 29 April, a working day, so the
# arithmetic below is not mixed up with the Algemene termijnenwet (tested at the end).
def submitted(day=date(2026, 3, 4)):
    return event("submitted", day, status="received")


def request(day, answer_by, id="r1"):
    return event("info_requested", day, id=id, answer_by=answer_by.isoformat(), status="info_needed")


def answer(day, request_id="r1"):
    return event("info_answered", day, request_id=request_id)


def test_plain_term_is_eight_weeks_from_submission():
    assert decision_deadline([submitted()], TERM) == date(2026, 4, 29)


def test_a_history_without_submission_is_refused():
    with pytest.raises(ValueError):
        decision_deadline([], TERM)


def test_answered_request_moves_the_deadline_by_the_days_it_was_open():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 15))]
    assert suspended_days(events) == 5
    assert decision_deadline(events, TERM) == date(2026, 5, 4)  # 29 April + 5 days


def test_open_request_suspends_until_its_answer_by_date():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24))]
    assert suspended_days(events) == 14
    assert decision_deadline(events, TERM) == date(2026, 5, 13)


def test_answering_early_resumes_the_term_on_the_day_of_the_answer():
    open_ = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24))]
    answered = open_ + [answer(date(2026, 3, 12))]
    assert decision_deadline(answered, TERM) < decision_deadline(open_, TERM)
    assert decision_deadline(answered, TERM) == date(2026, 5, 1)  # two days suspended


def test_answer_after_the_answer_by_date_suspends_only_until_that_date():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 4, 2))]
    assert suspended_days(events) == 14


def test_request_answered_on_the_same_day_suspends_nothing():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 10))]
    assert suspended_days(events) == 0
    assert decision_deadline(events, TERM) == date(2026, 4, 29)


def test_two_requests_in_a_row_add_up():
    events = [
        submitted(),
        request(date(2026, 3, 10), date(2026, 3, 24), id="r1"), answer(date(2026, 3, 13), "r1"),
        request(date(2026, 3, 20), date(2026, 4, 3), id="r2"), answer(date(2026, 3, 26), "r2"),
    ]
    assert suspended_days(events) == 3 + 6
    assert decision_deadline(events, TERM) == date(2026, 4, 29) + timedelta(days=9)


def test_overlapping_requests_count_common_days_once():
    events = [
        submitted(),
        request(date(2026, 3, 10), date(2026, 3, 24), id="r1"),
        request(date(2026, 3, 12), date(2026, 3, 26), id="r2"),
        answer(date(2026, 3, 15), "r1"), answer(date(2026, 3, 17), "r2"),
    ]
    assert suspended_days(events) == 7  # 10 to 17 March


def test_extension_adds_its_weeks():
    events = [submitted(), event("extended", date(2026, 4, 1), weeks=8)]
    assert decision_deadline(events, TERM) == date(2026, 4, 29) + timedelta(weeks=8)


def test_extension_and_suspension_together():
    events = [
        submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 17)),
        event("extended", date(2026, 4, 20), weeks=4),
    ]
    assert decision_deadline(events, TERM) == date(2026, 4, 29) + timedelta(days=7, weeks=4)


def test_submission_late_in_the_evening_counts_in_amsterdam_time():
    # 23:30 UTC on 3 March is 00:30 on 4 March in Amsterdam: the term counts from the 4th.
    late = SimpleNamespace(kind="submitted", at=datetime(2026, 3, 3, 23, 30, tzinfo=timezone.utc), data={}, id="s")
    assert decision_deadline([late], TERM) == date(2026, 4, 29)


def test_sort_value_is_the_end_of_the_last_day():
    value = deadline_sort_value(date(2026, 4, 27))
    assert value.tzinfo is not None and value.astimezone(timezone.utc).date() == date(2026, 4, 27)


def test_objection_term_is_six_weeks_from_the_day_after_sending():
    # Sent Tuesday 3 March 2026: the term runs 4 March up to and including 14 April.
    assert objection_deadline(at(date(2026, 3, 3))) == date(2026, 4, 14)


def test_objection_term_ending_on_a_holiday_moves_to_the_next_working_day():
    # Would end Monday 27 April 2026, King's Day.
    assert objection_deadline(at(date(2026, 3, 16))) == date(2026, 4, 28)


def test_objection_term_ending_on_a_saturday_moves_to_monday():
    assert objection_deadline(at(date(2026, 3, 7))) == date(2026, 4, 20)  # would end Sat 18 April
    assert next_working_day(date(2026, 4, 18)) == date(2026, 4, 20)


def test_decision_term_ending_on_kings_day_moves_to_the_next_working_day():
    # Monday 2 March 2026 + 8 weeks = Monday 27 April, Koningsdag.
    assert decision_deadline([submitted(date(2026, 3, 2))], TERM) == date(2026, 4, 28)


def test_decision_term_ending_on_liberation_day_moves_on_in_every_year():
    # Tuesday 5 May 2026: not a day off in most jobs that year, but a holiday for the Atw.
    assert decision_deadline([submitted(date(2026, 3, 10))], TERM) == date(2026, 5, 6)


def test_objection_term_ending_on_good_friday_runs_past_easter_monday():
    # Sent Friday 12 February 2027: would end Friday 26 March, Good Friday (Atw art. 3 lid 2).
    assert objection_deadline(at(date(2027, 2, 12))) == date(2027, 3, 30)


def test_objection_term_ending_on_ascension_day_skips_the_friday_the_decree_equates():
    # Would end Thursday 6 May 2027; Friday 7 May is equated by royal decree (art. 3 lid 3).
    assert objection_deadline(at(date(2027, 3, 25))) == date(2027, 5, 10)
