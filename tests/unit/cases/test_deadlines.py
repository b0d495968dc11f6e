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


def submitted(day=date(2026, 3, 2)):
    return event("submitted", day, status="received")


def request(day, answer_by, id="r1"):
    return event("info_requested", day, id=id, answer_by=answer_by.isoformat(), status="info_needed")


def answer(day, request_id="r1"):
    return event("info_answered", day, request_id=request_id)


def test_plain_term_is_eight_weeks_from_submission():
    assert decision_deadline([submitted()], TERM) == date(2026, 4, 27)


def test_a_history_without_submission_is_refused():
    with pytest.raises(ValueError):
        decision_deadline([], TERM)


def test_answered_request_moves_the_deadline_by_the_days_it_was_open():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 15))]
    assert suspended_days(events) == 5
    assert decision_deadline(events, TERM) == date(2026, 4, 27) + timedelta(days=5)


def test_open_request_suspends_until_its_answer_by_date():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24))]
    assert suspended_days(events) == 14
    assert decision_deadline(events, TERM) == date(2026, 5, 11)


def test_answering_early_resumes_the_term_on_the_day_of_the_answer():
    open_ = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24))]
    answered = open_ + [answer(date(2026, 3, 12))]
    assert decision_deadline(answered, TERM) < decision_deadline(open_, TERM)
    assert decision_deadline(answered, TERM) == date(2026, 4, 29)


def test_answer_after_the_answer_by_date_suspends_only_until_that_date():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 4, 2))]
    assert suspended_days(events) == 14


def test_request_answered_on_the_same_day_suspends_nothing():
    events = [submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 10))]
    assert suspended_days(events) == 0
    assert decision_deadline(events, TERM) == date(2026, 4, 27)


def test_two_requests_in_a_row_add_up():
    events = [
        submitted(),
        request(date(2026, 3, 10), date(2026, 3, 24), id="r1"), answer(date(2026, 3, 13), "r1"),
        request(date(2026, 3, 20), date(2026, 4, 3), id="r2"), answer(date(2026, 3, 27), "r2"),
    ]
    assert suspended_days(events) == 3 + 7
    assert decision_deadline(events, TERM) == date(2026, 4, 27) + timedelta(days=10)


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
    assert decision_deadline(events, TERM) == date(2026, 4, 27) + timedelta(weeks=8)


def test_extension_and_suspension_together():
    events = [
        submitted(), request(date(2026, 3, 10), date(2026, 3, 24)), answer(date(2026, 3, 17)),
        event("extended", date(2026, 4, 20), weeks=4),
    ]
    assert decision_deadline(events, TERM) == date(2026, 4, 27) + timedelta(days=7, weeks=4)


def test_submission_late_in_the_evening_counts_in_amsterdam_time():
    late = SimpleNamespace(kind="submitted", at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc), data={}, id="s")
    assert decision_deadline([late], TERM) == date(2026, 3, 2) + TERM  # 00:30 on 2 March in Amsterdam


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
