"""Drafts never submitted are removed after the tenant's retention period (default 30
days after the last change). A daily outbox job does it; `portal applications
purge-drafts` does it now."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.applications.forms import draft_settings
from portal.applications.models import Application
from portal.documents.models import Document
from portal.documents.store import DocumentStore, engine_of, store_for
from portal.notifications.models import OutboxMessage
from portal.notifications.outbox import DeliveryContext, enqueue

log = logging.getLogger(__name__)
JOB = "purge_drafts"


async def purge_expired_drafts(session: AsyncSession, tenant, store: DocumentStore, *, now: datetime | None = None) -> int:
    """Delete expired drafts and their documents; the caller commits. Returns the count."""
    cutoff = (now or clock.now()) - timedelta(days=draft_settings(tenant).retention_days)
    expired = list((await session.scalars(
        select(Application).where(Application.status == Application.DRAFT, Application.updated_at < cutoff)
    )).all())
    keys: list[str] = []
    for application in expired:
        for document in (await session.scalars(select(Document).where(Document.application_id == application.id))).all():
            keys.append(document.storage_key)
            await session.delete(document)
        await session.delete(application)
    await session.flush()
    # Files go after the rows are gone from the transaction; a crash in between leaves
    # only unreferenced files, never a row pointing at nothing.
    for key in keys:
        await store.delete(key)
    return len(expired)


def schedule_next(session: AsyncSession, after: datetime) -> None:
    enqueue(session, JOB, {}, ref=JOB, not_before=after + timedelta(days=1))


async def ensure_scheduled(session: AsyncSession) -> bool:
    """Queue the daily job for this tenant unless one is pending; the caller commits."""
    pending = await session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.kind == JOB, OutboxMessage.status == OutboxMessage.PENDING).limit(1)
    )
    if pending is None:
        enqueue(session, JOB, {}, ref=JOB)
        return True
    return False


async def run_job(context: DeliveryContext, message) -> None:
    store = store_for(context.settings, engine_of(context.session))
    removed = await purge_expired_drafts(context.session, context.tenant, store)
    if removed:
        log.info("removed %d expired drafts of %s", removed, context.tenant.slug)
    schedule_next(context.session, clock.now())

