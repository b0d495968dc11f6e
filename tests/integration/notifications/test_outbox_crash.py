"""A worker that crashes mid-send: the mail goes out again soon, with the same Message-ID,
and no other worker takes a message that is still being sent.

The SMTP server takes the mail (DATA is in) and then holds back its "250 OK" until the
test lets it go; meanwhile worker A is killed (its task cancelled, as a process dies).
The lease is shortened for the test so the seconds stay few; what matters is its
ratio to the time A was busy sending."""

from __future__ import annotations

import asyncio
import socket
import threading
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.domains import registry
from portal.notifications import outbox
from portal.notifications.email import queue_email
from portal.notifications.models import OutboxMessage
from portal.notifications.worker import run_once

SLUG = "rotterdam"
LEASE = timedelta(seconds=1.5)


class _SlowInbox:
    """Keeps every message it is given; answers the first one only when released."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.content)
        while len(self.messages) == 1 and not self.released.is_set():
            await asyncio.sleep(0.05)
        return "250 OK"


@pytest.fixture
def inbox():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    slow = _SlowInbox()
    controller = Controller(slow, hostname="127.0.0.1", port=port)
    controller.start()
    slow.port = port
    yield slow
    slow.released.set()
    controller.stop()


async def test_a_crash_mid_send_resends_soon_with_the_same_message_id(database, settings, tenants, inbox, monkeypatch):
    monkeypatch.setattr(outbox, "LEASE", LEASE)
    smtp = settings.with_overrides(smtp_host="127.0.0.1", smtp_port=inbox.port)
    handlers = registry().outbox_handlers
    async with database.session(SLUG) as session:
        message = queue_email(session, to="sanne@example.org", subject="Uw afspraak", body="Hallo Sanne")
        await session.commit()
        outbox_id = message.id

    # Worker A claims it and sends; the server has the mail but has not said OK.
    worker_a = asyncio.create_task(run_once(smtp, database, tenants, handlers))
    while not inbox.messages:
        await asyncio.sleep(0.05)
    # Longer than the lease: A renews it, so worker B finds nothing to take.
    await asyncio.sleep(LEASE.total_seconds() * 1.5)
    assert await run_once(smtp, database, tenants, handlers) == 0

    # A dies mid-send; after at most one lease B sends the message again. (Released
    # before A is awaited: a cancelled aiosmtplib still says QUIT and waits for an answer,
    # which a dead process would not.)
    worker_a.cancel()
    inbox.released.set()
    with pytest.raises(asyncio.CancelledError):
        await worker_a
    await asyncio.sleep(LEASE.total_seconds() + 0.2)
    assert await run_once(smtp, database, tenants, handlers) == 1

    first, second = (message_from_bytes(raw) for raw in inbox.messages)
    assert first["Message-ID"] == second["Message-ID"] == f"<outbox.{outbox_id}@portal.localhost>"
    async with database.session(SLUG) as session:
        stored = await session.scalar(select(OutboxMessage).where(OutboxMessage.id == outbox_id))
    assert (stored.status, stored.attempts) == (OutboxMessage.SENT, 2)
