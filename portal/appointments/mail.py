"""The emails about an appointment, rendered in the citizen's language and queued in
the same transaction as the change: confirmation, change, cancellation, reminder.

Mail carries no personal data beyond the first name; the details sit behind the link.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.appointments.config import AppointmentType, Location
from portal.appointments.ics import build_ics, ics_attachment
from portal.appointments.models import Appointment
from portal.i18n import format_date, format_time, gettext as _, use_locale
from portal.notifications import outbox
from portal.notifications.email import queue_email

REMINDER_BEFORE = timedelta(hours=24)


def reminder_ref(appointment: Appointment) -> str:
    return f"appointment-reminder:{appointment.id}"


def _first_name(appointment: Appointment) -> str:
    return (appointment.name.split() or [""])[0]


def _when(appointment: Appointment) -> str:
    return _("%(date)s at %(time)s", date=format_date(appointment.start_at, "full"), time=format_time(appointment.start_at))


def _details(appointment: Appointment, tenant, kind: AppointmentType, location: Location, link: str) -> str:
    locale = appointment.locale
    return "\n".join([
        _("What: %(type)s", type=kind.text("name", locale)),
        _("When: %(when)s", when=_when(appointment)),
        _("Where: %(place)s, %(address)s", place=location.name, address=location.address),
        _("Please bring: %(bring)s", bring=kind.text("bring", locale)),
        "",
        _("See, move or cancel your appointment: %(link)s", link=link),
        _("You can move or cancel it until %(hours)s hours before it starts. After that, call %(phone)s.",
          hours=kind.change_limit_hours, phone=location.phone),
        "",
        tenant.name,
    ])


def _calendar(appointment, tenant, kind, location, cancelled=False) -> dict:
    content = build_ics(
        appointment, tenant=tenant, location=location, cancelled=cancelled,
        summary=_("Appointment: %(type)s", type=kind.text("name", appointment.locale)),
        description=kind.text("bring", appointment.locale),
    )
    return ics_attachment(content, cancelled=cancelled)


def queue_change_mail(
    session, appointment: Appointment, *, tenant, kind: AppointmentType, location: Location,
    link: str, action: str, now: datetime,
) -> None:
    """action: held, booked, moved or cancelled. Also (re)plans or drops the reminder."""
    with use_locale(appointment.locale):
        greeting = _("Dear %(name)s,", name=_first_name(appointment))
        if action == "held":
            # Before the confirmation: no calendar file and no reminder, only the link that
            # shows the address is the booker's.
            subject = _("Confirm your appointment")
            body = "\n\n".join([
                greeting,
                _("You asked for an appointment on %(when)s. We keep this time for you until %(until)s.",
                  when=_when(appointment), until=format_time(appointment.hold_until)),
                _("Confirm it here: %(link)s", link=link),
                _("Did you not ask for this? Then do nothing: without a confirmation the time becomes free again."),
                tenant.name,
            ])
            queue_email(session, to=appointment.email, subject=subject, body=body, ref=f"appointment-held:{appointment.id}")
            return
        if action == "cancelled":
            subject = _("Your appointment has been cancelled")
            intro = _("Your appointment on %(when)s has been cancelled. The attached file removes it from your calendar.",
                      when=_when(appointment))
            body = "\n\n".join([greeting, intro, tenant.name])
        else:
            subject = (_("Your appointment has been moved") if action == "moved"
                       else _("Your appointment is booked"))
            intro = (_("Your appointment has been moved. The attached file updates your calendar.") if action == "moved"
                     else _("Your appointment is booked. The attached file adds it to your calendar."))
            body = "\n\n".join([greeting, intro, _details(appointment, tenant, kind, location, link)])
        attachment = _calendar(appointment, tenant, kind, location, cancelled=action == "cancelled")
        queue_email(session, to=appointment.email, subject=subject, body=body, attachments=[attachment],
                    ref=f"appointment-{action}:{appointment.id}")
        if action == "booked":
            queue_reminder(session, appointment, tenant=tenant, kind=kind, location=location, link=link, now=now)


async def replan_reminder(session, appointment, *, tenant, kind, location, link, now: datetime) -> None:
    await outbox.cancel(session, reminder_ref(appointment))
    if appointment.is_live:
        with use_locale(appointment.locale):
            queue_reminder(session, appointment, tenant=tenant, kind=kind, location=location, link=link, now=now)


def queue_reminder(session, appointment, *, tenant, kind, location, link, now: datetime) -> None:
    """A reminder 24 hours before; none if the appointment starts sooner than that."""
    send_at = appointment.start_at - REMINDER_BEFORE
    if send_at <= now:
        return
    subject = _("Reminder: your appointment tomorrow")
    body = "\n\n".join([
        _("Dear %(name)s,", name=_first_name(appointment)),
        _("This is a reminder of your appointment."),
        _details(appointment, tenant, kind, location, link),
    ])
    queue_email(session, to=appointment.email, subject=subject, body=body, ref=reminder_ref(appointment),
                not_before=send_at)
