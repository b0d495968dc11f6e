"""Emails about a case, through the outbox, in the reader's language.

No personal data beyond the first name: not the scheme, not the reference, not the
content of a message; the email says there is news and links to the case page, where
the citizen logs in to read it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from portal.i18n import gettext as _
from portal.i18n import N_, format_date, use_locale
from portal.notifications.email import queue_email
from portal.cases.links import case_url
from portal.tenancy.scope import tenant_of

# What each kind of news says, as (subject, first sentence of the body) msgids.
NEWS = {
    "status": (N_("News about your application"), N_("The status of your application has changed.")),
    "objection_status": (N_("News about your objection"), N_("The status of your objection has changed.")),
    "message": (N_("New message about your application"), N_("You have a new message about your application.")),
    "extended": (N_("The date of our decision has moved"), N_("We need more time for our decision on your application.")),
    # Each its own subject and first sentence: a request needs an answer by a date, a
    # decision is ready to read; "the status changed" says neither.
    "info_needed": (N_("We need information from you"),
                    N_("We need more information from you before we can decide. Please answer by %(date)s. Until you answer, the time for our decision is on hold.")),
    "info_reminder": (N_("Reminder: we need information from you"),
                      N_("We are still waiting for the information we asked you for. Please answer by %(date)s.")),
    "decided": (N_("Our decision on your application"),
                N_("We have made a decision on your application. You can read it, with the letter, on the page of your application.")),
    "objection_decided": (N_("Our decision on your objection"),
                          N_("We have made a decision on your objection. You can read it, with the letter, on the page of your objection.")),
    "hearing": (N_("Invitation to explain your objection"),
                N_("We invite you to explain your objection in person. The date, time and place are on the page of your objection.")),
}


def _body(first_name: str, sentence: str, link: str, tenant) -> str:
    return "\n\n".join([
        _("Dear %(name)s,", name=first_name),
        sentence,
        _("Log in to read it: %(link)s", link=link),
        _("Kind regards,") + "\n" + tenant.name,
        _("This is an automatic email. Please do not reply to it."),
    ])


def tell_citizen(session: AsyncSession, case, citizen, news: str, *, ref: str | None = None, not_before=None,
                 **variables) -> None:
    """Queue a short email to the citizen; nothing when no email address is known.
    `variables` fill the sentence; dates among them are written in the citizen's language.
    `ref` and `not_before`: a reminder for later, which `outbox.cancel(ref)` can take back."""
    if not citizen.email:
        return
    tenant = tenant_of(case)
    if case.kind == "objection" and news in ("status", "decided"):
        news = {"status": "objection_status", "decided": "objection_decided"}[news]
    subject, sentence = NEWS[news]
    with use_locale(citizen.locale):
        filled = {k: format_date(v) if isinstance(v, date) else v for k, v in variables.items()}
        queue_email(
            session,
            to=citizen.email,
            subject=f"{_(subject)} | {tenant.name}",
            body=_body(citizen.first_name, _(sentence, **filled), case_url(case), tenant),
            ref=ref,
            not_before=not_before,
        )


def tell_caseworker(session: AsyncSession, case, assignee) -> None:
    """A citizen wrote: tell the assigned caseworker, or the team mailbox if nobody is.

    Employees read in Dutch (the back office's language); the reference is fine here,
    the message itself stays in the portal.
    """
    tenant = tenant_of(case)
    to = (assignee.email if assignee is not None else None) or tenant.config.contact.email
    with use_locale("nl"):
        queue_email(
            session,
            to=to,
            subject=_("New message from a citizen about case %(reference)s", reference=case.reference),
            body="\n\n".join([
                _("A citizen sent a new message about case %(reference)s.", reference=case.reference),
                _("Read and answer it in the back office."),
            ]),
        )
