"""The holidays of the Algemene termijnenwet, day by day (portal.cases.atw says why each is there)."""

from datetime import date, timedelta

import pytest

from portal.cases import atw

HOLIDAYS = [
    # Easter Monday, Ascension Day and Whit Monday move with Easter.
    (date(2026, 4, 5), "eerste Paasdag"), (date(2026, 4, 6), "tweede Paasdag"),
    (date(2026, 5, 14), "Hemelvaartsdag"), (date(2026, 5, 25), "tweede Pinksterdag"),
    (date(2027, 3, 28), "eerste Paasdag"), (date(2027, 3, 29), "tweede Paasdag"),
    (date(2027, 5, 6), "Hemelvaartsdag"), (date(2027, 5, 17), "tweede Pinksterdag"),
    (date(2028, 4, 16), "eerste Paasdag"), (date(2028, 4, 17), "tweede Paasdag"),
    (date(2028, 5, 25), "Hemelvaartsdag"), (date(2028, 6, 5), "tweede Pinksterdag"),
    # Good Friday: equated with a holiday "for the application of this law" (art. 3 lid 2).
    (date(2026, 4, 3), "Goede Vrijdag"), (date(2027, 3, 26), "Goede Vrijdag"), (date(2028, 4, 14), "Goede Vrijdag"),
    # Koningsdag is 27 April, and Saturday 26 April when the 27th is a Sunday (2025).
    (date(2025, 4, 26), "Koningsdag"), (date(2026, 4, 27), "Koningsdag"),
    (date(2027, 4, 27), "Koningsdag"), (date(2028, 4, 27), "Koningsdag"),
    # 5 May counts every year, not only every fifth.
    (date(2025, 5, 5), "Bevrijdingsdag"), (date(2026, 5, 5), "Bevrijdingsdag"),
    (date(2027, 5, 5), "Bevrijdingsdag"), (date(2028, 5, 5), "Bevrijdingsdag"),
    (date(2026, 1, 1), "Nieuwjaarsdag"), (date(2027, 1, 1), "Nieuwjaarsdag"),
    (date(2026, 12, 25), "eerste Kerstdag"), (date(2026, 12, 26), "tweede Kerstdag"),
    (date(2027, 12, 25), "eerste Kerstdag"), (date(2028, 12, 26), "tweede Kerstdag"),
    # Equated by royal decree (art. 3 lid 3).
    (date(2026, 1, 2), "gelijkgestelde dag"), (date(2026, 5, 15), "gelijkgestelde dag"),
    (date(2027, 5, 7), "gelijkgestelde dag"), (date(2028, 4, 28), "gelijkgestelde dag"),
    (date(2028, 5, 26), "gelijkgestelde dag"),
]

NOT_HOLIDAYS = [
    date(2025, 4, 27),  # a Sunday: Koningsdag moved to the 26th
    date(2026, 5, 4),  # Dodenherdenking is a working day
    date(2026, 5, 1),  # 1 May is not in the law
    date(2026, 12, 24), date(2026, 12, 31),  # Christmas Eve and New Year's Eve neither
    date(2027, 4, 26),  # the Monday before Koningsdag 2027 was not equated
    date(2028, 2, 29),
]


@pytest.mark.parametrize(("day", "name"), HOLIDAYS, ids=[f"{d}-{n}" for d, n in HOLIDAYS])
def test_the_law_names_this_day(day, name):
    assert atw.holidays(day.year).get(day) == name
    assert not atw.is_working_day(day)


@pytest.mark.parametrize("day", NOT_HOLIDAYS, ids=[str(d) for d in NOT_HOLIDAYS])
def test_this_day_is_not_a_holiday(day):
    assert not atw.is_holiday(day)


def test_easter_follows_the_gregorian_computus():
    # Known Easter Sundays, including the earliest and latest possible dates.
    known = {2008: date(2008, 3, 23), 2011: date(2011, 4, 24), 2019: date(2019, 4, 21), 2024: date(2024, 3, 31),
             2025: date(2025, 4, 20), 2038: date(2038, 4, 25), 2285: date(2285, 3, 22)}
    assert {year: atw.easter(year) for year in known} == known


def test_a_year_has_the_law_s_holidays_and_no_others():
    assert sorted(atw.holidays(2027)) == [
        date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 28), date(2027, 3, 29), date(2027, 4, 27),
        date(2027, 5, 5), date(2027, 5, 6), date(2027, 5, 7), date(2027, 5, 16), date(2027, 5, 17),
        date(2027, 12, 25), date(2027, 12, 26),
    ]


@pytest.mark.parametrize(("last_day", "moved_to"), [
    (date(2027, 3, 27), date(2027, 3, 30)),  # Saturday before Easter: past Sunday and Easter Monday
    (date(2026, 4, 25), date(2026, 4, 28)),  # Saturday: past Sunday and Koningsdag
    (date(2026, 5, 5), date(2026, 5, 6)),  # Liberation Day on a Tuesday
    (date(2027, 5, 6), date(2027, 5, 10)),  # Ascension, the equated Friday, the weekend
    (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas on a Friday
    (date(2026, 12, 31), date(2026, 12, 31)),  # a Thursday, a working day
    (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day on a Friday
    (date(2028, 2, 29), date(2028, 2, 29)),  # a Tuesday
])
def test_a_term_ending_on_a_weekend_or_holiday_runs_to_the_next_working_day(last_day, moved_to):
    assert atw.next_working_day(last_day) == moved_to
    days_between = (moved_to - last_day).days
    assert all(not atw.is_working_day(last_day + timedelta(days=n)) for n in range(days_between))
