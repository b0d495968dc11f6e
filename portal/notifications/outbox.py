"""Writing to the outbox and draining it, with retries and back-off."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Awaitable, Callable, Mapping

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.notifications.models import OutboxMessage

log = logging.getLogger(__name__)

# A claimed message whose worker died comes back after this lease: sending is
# at-least-once, so a crash between "sent" and "marked sent" never loses a mail. The
# lease is short, so a crash delays mail by a minute, not minutes; a worker still
# sending renews it every third of it (a slow SMTP server does not get the message
# sent twice by another worker meanwhile).
LEASE = timedelta(seconds=60)
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=4))

Handler = Callable[["DeliveryContext", OutboxMessage], Awaitable[None]]


@dataclass
class DeliveryContext:
    settings: object
    session: AsyncSession
    tenant: object
    # Message kind -> handler, brought by the domains' plugins (`Registry.outbox_handlers`).
    handlers: Mapping[str, Handler]


def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict,
    *,
    ref: str | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Add a message in the caller's transaction; it is sent only if that commits."""
    message = OutboxMessage(kind=kind, payload=payload, ref=ref, next_attempt_at=not_before or clock.now())
    session.add(message)
    return message


async def cancel(session: AsyncSession, ref: str) -> int:
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.ref == ref, OutboxMessage.status == OutboxMessage.PENDING)
        .values(status=OutboxMessage.CANCELLED)
    )
    return result.rowcount or 0


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]


async def claim_due(session: AsyncSession, limit: int = 20) -> list[OutboxMessage]:
    now = clock.now()
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    )
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    messages = list((await session.scalars(query)).all())
    for message in messages:
        message.attempts += 1
        message.next_attempt_at = now + LEASE
    await session.commit()
    return messages


def _sibling(session: AsyncSession) -> AsyncSession:
    """A session of its own on the same engine and tenant: the delivering session is
    busy with the handler's work."""
    other = AsyncSession(bind=session.bind, expire_on_commit=False)
    other.info.update(session.info)
    return other


async def _keep_lease(session: AsyncSession, message_id, attempts: int) -> None:
    """Renew the claim on `message_id` while its handler runs; only this claim (the same
    attempt), and only while it is pending."""
    while True:
        await asyncio.sleep(LEASE.total_seconds() / 3)
        try:
            async with _sibling(session) as other:
                await other.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == message_id, OutboxMessage.attempts == attempts,
                           OutboxMessage.status == OutboxMessage.PENDING)
                    .values(next_attempt_at=clock.now() + LEASE)
                    .execution_options(synchronize_session=False)
                )
                await other.commit()
        except Exception as error:  # noqa: BLE001 - the next renewal tries again; the lease covers a miss
            log.warning("outbox %s: renewing the lease failed: %s", message_id, error)


async def deliver(context: DeliveryContext, message: OutboxMessage) -> None:
    handler = context.handlers.get(message.kind)
    renewing = asyncio.create_task(_keep_lease(context.session, message.id, message.attempts))
    try:
        try:
            if handler is None:
                raise LookupError(f"no handler for outbox kind {message.kind!r}")
            await handler(context, message)
        finally:
            # Also when the worker is cancelled (stopping, or dying): the lease then runs out.
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
    except Exception as error:  # noqa: BLE001 - any failure is retried, then marked failed
        log.warning("outbox %s (%s) attempt %d failed: %s", message.id, message.kind, message.attempts, error)
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= message.max_attempts:
            message.status = OutboxMessage.FAILED
        else:
            message.next_attempt_at = clock.now() + backoff(message.attempts)
    else:
        message.status = OutboxMessage.SENT
        message.sent_at = clock.now()
        message.last_error = None
    await context.session.commit()


async def drain(context: DeliveryContext, limit: int = 20) -> int:
    """Deliver what is due for one tenant; returns how many messages were tried."""
    messages = await claim_due(context.session, limit)
    for message in messages:
        await deliver(context, message)
    return len(messages)
