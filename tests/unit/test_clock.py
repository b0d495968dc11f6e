"""The portal's one clock: Amsterdam's calendar on UTC moments, settable by tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from portal import clock


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def restore_offset():
    saved = clock._OFFSET.value
    yield
    clock._OFFSET.value = saved


@pytest.mark.parametrize(("moment", "day"), [
    (utc(2026, 12, 31, 23, 30), date(2027, 1, 1)),  # 00:30 on New Year's Day in Amsterdam
    (utc(2026, 12, 31, 22, 59), date(2026, 12, 31)),  # 23:59 on New Year's Eve
    (utc(2027, 3, 27, 23, 30), date(2027, 3, 28)),  # winter time: UTC+1
    (utc(2027, 3, 28, 22, 30), date(2027, 3, 29)),  # the clocks went forward that night: UTC+2
    (utc(2027, 10, 30, 22, 30), date(2027, 10, 31)),  # still summer time: UTC+2
    (utc(2027, 10, 31, 22, 30), date(2027, 10, 31)),  # back to UTC+1: 23:30 on the 31st
    (utc(2028, 2, 28, 23, 0), date(2028, 2, 29)),
])
def test_today_is_the_amsterdam_date(moment, day):
    with clock.moment(moment):
        assert clock.today() == day
        assert clock.local_day(clock.now()) == day
        assert clock.local_now().date() == day


def test_the_start_of_a_local_day_follows_daylight_saving_time():
    assert clock.start_of_local_day(date(2027, 3, 28)) == utc(2027, 3, 27, 23)
    assert clock.start_of_local_day(date(2027, 3, 29)) == utc(2027, 3, 28, 22)
    assert clock.start_of_local_day(date(2027, 10, 31)) == utc(2027, 10, 30, 22)
    assert clock.start_of_local_day(date(2027, 11, 1)) == utc(2027, 10, 31, 23)


def test_a_moment_without_a_timezone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        with clock.moment(datetime(2027, 1, 1, 0, 30)):
            pass


def test_the_process_clock_runs_on_inside_a_moment(restore_offset):
    clock.start_at("2027-01-01T00:30")
    with clock.moment(utc(2020, 5, 5, 12)):
        assert clock.now() == utc(2020, 5, 5, 12)
        assert abs(clock.process_now() - utc(2026, 12, 31, 23, 30)) < timedelta(minutes=1)
    assert clock.today() == date(2027, 1, 1)


def test_start_at_reads_amsterdam_wall_clock_time_and_keeps_running(restore_offset):
    clock.start_at("2027-03-28T01:59")  # a minute before the clocks go forward
    first = clock.now()
    assert abs(first - utc(2027, 3, 28, 0, 59)) < timedelta(seconds=5)
    assert clock.is_shifted()
    assert clock.now() >= first
    assert abs(clock.timestamp() - int(first.timestamp())) < 5


def test_a_date_alone_means_noon_in_amsterdam():
    assert clock.parse_moment("2028-02-29") == utc(2028, 2, 29, 11)
    assert clock.parse_moment("2027-07-01T12:00+00:00") == utc(2027, 7, 1, 12)


def test_production_refuses_a_shifted_clock(monkeypatch):
    from portal.settings import Settings, SettingsError

    production = Settings(environment="production", database_url="sqlite+aiosqlite:///x.db", secret_key="k" * 40)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.delenv("PORTAL_CLOCK", raising=False)
    production.validate()  # the same settings start without the clock
    monkeypatch.setenv("PORTAL_CLOCK", "2027-01-01T00:30")
    with pytest.raises(SettingsError, match="PORTAL_CLOCK"):
        production.validate()
