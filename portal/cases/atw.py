"""The days a legal term cannot end on: Algemene termijnenwet (Atw), art. 1 and 3.

Art. 1 lid 1: a term set by law that ends on a Saturday, a Sunday or a generally
recognised holiday runs on up to and including the next day that is none of those.

Art. 3, as its text is quoted on nl.wikipedia.org/wiki/Algemene_termijnenwet and
wvhl.nl/algemeen/de-algemene-termijnenwet (read December 2026; the law itself is on
wetten.overheid.nl):
- lid 1, the generally recognised holidays: Nieuwjaarsdag, the Christian second Easter
  and Whit days (Easter Monday, Whit Monday), both Christmas days, Ascension Day, the day
  the King's birthday is celebrated (Koningsdag: 27 April, or 26 April when the 27th is a
  Sunday, Wet van 12 juni 2013, Stb. 2013, 231) and 5 May, every year (the law counts
  Bevrijdingsdag each year, unlike the collective agreements that give it off once in
  five years, and unlike the `holidays` package's NL calendar, which follows those);
- lid 2: Good Friday is not a holiday under lid 1, but "voor de toepassing van deze wet"
  it is equated with one, so a term ending on Good Friday runs on as well;
- lid 3: days equated by royal decree, published in the Staatscourant about every three
  years (bridging days). They are listed below from the decrees' titles; add the next
  decree's days when it is published (the one after 2028 is not known yet).

Easter Sunday and Whit Sunday are Sundays and so never a last day anyway; they are in the
list so it reads as the law does. Appointment opening days are another notion (the
city's closing days, in its agenda data) and do not use this list.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# Art. 3 lid 3: "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024,
# 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" and "Besluit
# gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei
# 2028 met een algemeen erkende feestdag".
EQUATED_BY_DECREE: dict[date, str] = {
    date(2023, 4, 28): "gelijkgestelde dag",
    date(2023, 5, 19): "gelijkgestelde dag",
    date(2024, 5, 10): "gelijkgestelde dag",
    date(2024, 12, 27): "gelijkgestelde dag",
    date(2025, 5, 30): "gelijkgestelde dag",
    date(2026, 1, 2): "gelijkgestelde dag",
    date(2026, 5, 15): "gelijkgestelde dag",
    date(2027, 5, 7): "gelijkgestelde dag",
    date(2028, 4, 28): "gelijkgestelde dag",
    date(2028, 5, 26): "gelijkgestelde dag",
}


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Koningsdag: 27 April, moved to Saturday 26 April when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=32)
def holidays(year: int) -> dict[date, str]:
    """Every day of `year` that counts as a holiday for the Atw, with its name."""
    sunday = easter(year)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        sunday - timedelta(days=2): "Goede Vrijdag",  # lid 2: equated
        sunday: "eerste Paasdag",
        sunday + timedelta(days=1): "tweede Paasdag",
        kings_day(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        sunday + timedelta(days=39): "Hemelvaartsdag",
        sunday + timedelta(days=49): "eerste Pinksterdag",
        sunday + timedelta(days=50): "tweede Pinksterdag",
        date(year, 12, 25): "eerste Kerstdag",
        date(year, 12, 26): "tweede Kerstdag",
    }
    days.update({day: name for day, name in EQUATED_BY_DECREE.items() if day.year == year})
    return days


def is_holiday(day: date) -> bool:
    return day in holidays(day.year)


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a holiday of art. 3."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: date) -> date:
    """Art. 1: the last day of a term, moved on past Saturdays, Sundays and holidays."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
