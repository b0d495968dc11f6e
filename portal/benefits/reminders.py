"""Reminder mails for the monthly declaration: one `reminder_days_before` the due day and
one `reminder_days_after` it when nothing came (benefits.toml). Each goes once per
benefit and month (its outbox ref); the mail names only the first name and links to the page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen
from portal.benefits.config import config_of, due_date
from portal.benefits.models import Benefit, Declaration
from portal.benefits.service import declarable_month, month_of
from portal.i18n import format_date, gettext as _, use_locale
from portal.notifications.email import queue_email
from portal.notifications.models import OutboxMessage
from portal.tenancy.scope import site_of, tenant_of


def reminder_ref(kind: str, benefit_id, month) -> str:
    return f"benefit-reminder:{kind}:{benefit_id}:{month:%Y-%m}"


def which_reminder(tenant, today) -> str | None:
    config = config_of(tenant)
    due = due_date(tenant, declarable_month(today))
    if due - timedelta(days=config.reminder_days_before) <= today <= due:
        return "before"
    if today >= due + timedelta(days=config.reminder_days_after):
        return "after"
    return None


async def reminder_round(session: AsyncSession) -> int:
    """Worker round: queue the reminders due today; returns how many."""
    tenant = tenant_of(session)
    today = clock.today()
    kind = which_reminder(tenant, today)
    if kind is None:
        return 0
    month = declarable_month(today)
    declared = select(Declaration.benefit_id).where(Declaration.month == month)
    rows = (await session.execute(select(Benefit, Citizen).join(Citizen, Citizen.id == Benefit.citizen_id).where(
        Benefit.status == Benefit.RUNNING, Benefit.start_date < month_of(today), Benefit.id.not_in(declared)))).all()
    if not rows:
        return 0
    refs = {reminder_ref(kind, benefit.id, month) for benefit, _citizen in rows}
    sent = set((await session.scalars(select(OutboxMessage.ref).where(OutboxMessage.ref.in_(refs)))).all())
    link = f"{site_of(session).public_url}{tenant.base_path}/uitkering/opgave"
    queued = 0
    for benefit, citizen in rows:
        ref = reminder_ref(kind, benefit.id, month)
        if ref in sent or not citizen.email:
            continue
        with use_locale(citizen.locale):
            due = format_date(due_date(tenant, month))
            subject = _("Send your income declaration") if kind == "before" else _("We are missing your income declaration")
            body = "\n\n".join([
                _("Dear %(name)s,", name=citizen.first_name),
                _("Please send your income declaration before %(date)s.", date=due) if kind == "before" else
                _("The due date was %(date)s. Until we have your declaration, we cannot pay this month.", date=due),
                _("Declare here: %(link)s", link=link),
                tenant.name,
            ])
        queue_email(session, to=citizen.email, subject=subject, body=body, ref=ref)
        queued += 1
    await session.commit()
    return queued
