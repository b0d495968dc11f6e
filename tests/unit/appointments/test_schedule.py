"""Opening hours to slots: wall-clock rules in Europe/Amsterdam, UTC instants out."""

from datetime import date, datetime, time, timezone
from types import SimpleNamespace

import pytest

from portal.appointments.config import AppointmentsConfig, check, hours_problems
from portal.appointments.models import LocationOverride
from portal.appointments.schedule import bookable_range, opening_intervals, schedule_from, slot_starts
from portal.domains import load_tenants
from portal.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def amsterdam():
    from portal.domains import import_models

    import_models()
    config: AppointmentsConfig = load_tenants(PROJECT_ROOT / "tenants")["amsterdam"].section("appointments")
    return config


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_the_week_the_clocks_go_back_keeps_nine_oclock_at_nine(amsterdam):
    # Summer time ends on Sunday 25 October 2026: 09:00 is 07:00 UTC before, 08:00 after.
    schedule = schedule_from(amsterdam.location("centrum"))
    intake = amsterdam.type("intake-bijstand")
    friday = slot_starts(schedule, intake, date(2026, 10, 23))
    monday = slot_starts(schedule, intake, date(2026, 10, 26))
    assert friday[0] == utc(2026, 10, 23, 7, 0)
    assert monday[0] == utc(2026, 10, 26, 8, 0)
    # 45 minute slots back to back: 09:00, 09:45, 10:30, 11:15 fit before 12:30; 13:30 ... 16:15 after.
    assert [s.astimezone(timezone.utc).time() for s in monday[:5]] == [time(8, 0), time(8, 45), time(9, 30), time(10, 15), time(12, 30)]
    assert slot_starts(schedule, intake, date(2026, 10, 25)) == []  # Sunday: closed


def test_the_week_the_clocks_go_forward(amsterdam):
    # Summer time starts on Sunday 28 March 2027.
    schedule = schedule_from(amsterdam.location("centrum"))
    intake = amsterdam.type("intake-bijstand")
    assert slot_starts(schedule, intake, date(2027, 3, 25))[0] == utc(2027, 3, 25, 8, 0)  # (26th: Good Friday)
    assert slot_starts(schedule, intake, date(2027, 3, 30))[0] == utc(2027, 3, 30, 7, 0)  # (29th: Easter Monday)
    assert slot_starts(schedule, intake, date(2027, 3, 29)) == []


def test_public_holidays_and_closed_days_have_no_slots(amsterdam):
    schedule = schedule_from(amsterdam.location("centrum"))
    intake = amsterdam.type("intake-bijstand")
    assert opening_intervals(schedule, date(2026, 12, 25)) == []  # Christmas (holidays package)
    assert opening_intervals(schedule, date(2027, 4, 27)) == []  # King's Day
    assert slot_starts(schedule, intake, date(2026, 12, 24)) == []  # the city's own closed day
    assert slot_starts(schedule, intake, date(2026, 12, 23)) != []


def test_a_type_not_offered_at_a_location_has_no_slots(amsterdam):
    # Debt help is only offered at Centrum.
    schedule = schedule_from(amsterdam.location("nieuw-west"))
    assert slot_starts(schedule, amsterdam.type("schuldhulp"), date(2026, 12, 23)) == []


def test_the_admins_changes_override_the_file(amsterdam):
    override = LocationOverride(location_id="centrum", hours={"wed": ["10:00-11:00"]}, closed=["2026-12-22"],
                                counters={"intake-bijstand": 0, "werkcoach": 3})
    schedule = schedule_from(amsterdam.location("centrum"), override)
    coach = amsterdam.type("werkcoach")
    assert [s.astimezone(timezone.utc).time() for s in slot_starts(schedule, coach, date(2026, 12, 23))] == [time(9, 0), time(9, 30)]
    assert slot_starts(schedule, coach, date(2026, 12, 22)) == []
    assert slot_starts(schedule, coach, date(2026, 12, 21)) == []  # Monday no longer open
    assert slot_starts(schedule, amsterdam.type("intake-bijstand"), date(2026, 12, 23)) == []  # no counters
    assert schedule.capacity("werkcoach") == 3


def test_the_booking_horizon_runs_from_tomorrow_in_dutch_time(amsterdam):
    # 23:30 UTC on 30 November is already 1 December in Amsterdam.
    first, last = bookable_range(amsterdam, utc(2026, 11, 30, 23, 30))
    assert first == date(2026, 12, 2)
    assert (last - first).days == 41


def test_opening_hours_are_checked():
    assert hours_problems({"mon": ["09:00-12:00", "11:00-13:00"]}) == [("mon", "intervals overlap")]
    assert hours_problems({"mon": ["9-12"]})[0][0] == "mon"
    assert hours_problems({"mon": ["12:00-09:00"]})[0][0] == "mon"
    assert hours_problems({"maandag": ["09:00-12:00"]})[0][0] == "maandag"
    assert hours_problems({"fri": ["09:00-12:00", "12:00-13:00"]}) == []


def test_a_bad_agenda_is_refused_with_the_key(amsterdam):
    import msgspec

    data = msgspec.to_builtins(amsterdam)
    data["types"][0]["locations"] = ["nowhere"]
    data["locations"][0]["counters"]["unknown-type"] = 1
    bad = msgspec.convert(data, AppointmentsConfig, strict=False)
    problems = dict(check(bad, SimpleNamespace()))
    assert "types[0].locations" in problems
    assert "locations[0].counters.unknown-type" in problems
