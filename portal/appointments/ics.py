"""The calendar file sent with every confirmation, change and cancellation.

One appointment is one calendar entry for its whole life: the UID is derived from the
appointment id, SEQUENCE rises with every change, so a moved appointment replaces the
entry and a cancellation (METHOD:CANCEL, STATUS:CANCELLED) removes it.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event, Timezone

from portal import clock
from portal.appointments.config import Location
from portal.appointments.models import Appointment
from portal.i18n import TIMEZONE

CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_for(appointment: Appointment, tenant_slug: str) -> str:
    return f"appointment-{appointment.id}@{tenant_slug}.portal"


def build_ics(
    appointment: Appointment,
    *,
    tenant,
    location: Location,
    summary: str,
    description: str,
    cancelled: bool = False,
) -> bytes:
    start = appointment.start_at.astimezone(TIMEZONE)
    end = appointment.end_at.astimezone(TIMEZONE)
    calendar = Calendar()
    calendar.add("prodid", f"-//{tenant.name}//Afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    # Only the transitions around the appointment: a short, valid VTIMEZONE.
    calendar.add_component(
        Timezone.from_tzid("Europe/Amsterdam", first_date=start.date() - timedelta(days=366),
                           last_date=end.date() + timedelta(days=366))
    )
    event = Event()
    event.add("uid", uid_for(appointment, tenant.slug))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", clock.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", f"{location.name}, {location.address}")
    event.add("description", description)
    event.add("organizer", f"mailto:{tenant.config.contact.email}", parameters={"CN": tenant.name})
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_attachment(content: bytes, cancelled: bool = False) -> dict:
    method = "CANCEL" if cancelled else "REQUEST"
    return {"filename": "afspraak.ics", "content_type": f"text/calendar; method={method}", "content": content}
