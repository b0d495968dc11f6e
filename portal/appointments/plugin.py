"""Appointments: booking, moving and cancelling, the day view, the agenda as tenant data,
and what the domain adds to other pages (home entry, "Mijn overzicht", back-office home)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names

from portal.appointments import queries
from portal.appointments.booking import release_holds_round
from portal.appointments.config import SECTION, config_of
from portal.appointments.routes_backoffice import ROUTE_HANDLERS as BACKOFFICE_HANDLERS
from portal.appointments.routes_backoffice import home_section
from portal.appointments.routes_citizen import ROUTE_HANDLERS as CITIZEN_HANDLERS
from portal.i18n import N_
from portal.appointments.demo import load_demo
from portal.plugin import DomainPlugin, HomePartial, PageSection


def weekday_names(locale: str, width: str = "abbreviated") -> list[tuple[str, str]]:
    """Monday first: (name in `width`, full name) per weekday, in the page's language."""
    short, wide = get_day_names(width, locale=locale), get_day_names("wide", locale=locale)
    return [(short[i], wide[i]) for i in range(7)]


def month_title(year: int, month: int, locale: str) -> str:
    return format_date(date(year, month, 1), "LLLL y", locale=locale)


async def dashboard_section(session, citizen, tenant) -> dict:
    upcoming, past = await queries.list_for_citizen(session, citizen.id)
    return {"upcoming": upcoming, "past": past[:5], "config": config_of(tenant)}


PLUGIN = DomainPlugin(
    name="appointments",
    models="portal.appointments.models",
    route_handlers=(*CITIZEN_HANDLERS, *BACKOFFICE_HANDLERS),
    template_globals={"weekday_names": weekday_names, "month_title": month_title},
    home_partials=(HomePartial("appointments/home_entry.html", order=40),),
    dashboard_sections=(
        PageSection("appointments", N_("Your appointments"), "appointments/dashboard.html", dashboard_section, order=30),
    ),
    backoffice_sections=(
        PageSection("appointments", N_("Appointments today"), "appointments/backoffice/home_section.html", home_section, order=20),
    ),
    tenant_sections=(SECTION,),
    demo_loader=load_demo,
    # Held anonymous bookings that were not confirmed in time give their seat back.
    worker_rounds=(release_holds_round,),
)
