"""The appointment routes, and what the domain adds to other pages: the home page
entry, the "Mijn overzicht" section and the template helpers for the month view."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names

from portal.appointments import queries
from portal.appointments.config import config_of
from portal.appointments.routes_backoffice import route_handlers as _backoffice
from portal.appointments.routes_citizen import route_handlers as _citizen
from portal.i18n import N_
from portal.site import register_home_partial
from portal.web.templating import template_globals
from portal.auth.dashboard import register_dashboard_section


def weekday_names(locale: str, width: str = "abbreviated") -> list[tuple[str, str]]:
    """Monday first: (name in `width`, full name) per weekday, in the page's language."""
    short, wide = get_day_names(width, locale=locale), get_day_names("wide", locale=locale)
    return [(short[i], wide[i]) for i in range(7)]


def month_title(year: int, month: int, locale: str) -> str:
    return format_date(date(year, month, 1), "LLLL y", locale=locale)


template_globals.update(weekday_names=weekday_names, month_title=month_title)
register_home_partial("appointments/home_entry.html", order=40)


async def _dashboard(session, citizen, tenant) -> dict:
    upcoming, past = await queries.list_for_citizen(session, citizen.id)
    return {"upcoming": upcoming, "past": past[:5], "config": config_of(tenant)}


register_dashboard_section("appointments", N_("Your appointments"), "appointments/dashboard.html", _dashboard, order=30)

route_handlers = [*_citizen, *_backoffice]
