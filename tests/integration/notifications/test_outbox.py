"""The outbox on both databases, sending over real SMTP: a failed send is tried again after
its back-off, a claimed message whose lease ran out is claimed again, and after the last
try the message is failed. Time comes from the portal's clock (`clock.moment`): nothing
here sleeps, and every expected moment is computed from the one the test starts at."""

from __future__ import annotations

import socket
import uuid
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal import clock
from portal.domains import load_tenants, registry
from portal.notifications.email import queue_email
from portal.notifications.models import OutboxMessage
from portal.notifications.outbox import BACKOFF, LEASE, claim_due
from portal.notifications.worker import run_once
from portal.settings import PROJECT_ROOT

SLUG = "amsterdam"
SECOND = timedelta(seconds=1)


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens yet


@pytest.fixture(scope="module")
def tenants():
    return load_tenants(PROJECT_ROOT / "tenants")


@pytest.fixture
def mail_server():
    """A port for SMTP: nothing listens on it until the test calls `start()`."""

    class Server:
        def __init__(self):
            self.port = _free_port()
            self.inbox = _Inbox()
            self.controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    server = Server()
    yield server
    if server.controller is not None:
        server.controller.stop()


@pytest.fixture
def smtp(settings, mail_server):
    return settings.with_overrides(smtp_host="127.0.0.1", smtp_port=mail_server.port)


@pytest.fixture
def start() -> datetime:
    return clock.now().replace(microsecond=0)


async def _queue(database, at: datetime, **fields) -> uuid.UUID:
    with clock.moment(at):
        async with database.session(SLUG) as session:
            message = queue_email(session, to="sanne@example.org", subject="Uw aanvraag", body="Hallo Sanne")
            for name, value in fields.items():
                setattr(message, name, value)
            await session.commit()
            return message.id


async def _work(settings, database, tenants, at: datetime) -> int:
    """One round of the worker, as if it ran at `at`; how many messages it tried."""
    with clock.moment(at):
        return await run_once(settings, database, tenants, registry().outbox_handlers)


async def _stored(database, message_id: uuid.UUID) -> OutboxMessage:
    async with database.session(SLUG) as session:
        return await session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))


async def test_a_failed_send_is_tried_again_after_its_back_off_and_then_sent(
        database, smtp, mail_server, tenants, start):
    message_id = await _queue(database, start)

    # The mail server is down: the try fails, and the next one waits for the first back-off.
    assert await _work(smtp, database, tenants, start) == 1
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts) == (OutboxMessage.PENDING, 1)
    assert stored.last_error.startswith("SMTPConnectError")
    assert stored.next_attempt_at == start + BACKOFF[0]

    assert await _work(smtp, database, tenants, start + BACKOFF[0] - SECOND) == 0  # not due yet
    second = start + BACKOFF[0]
    assert await _work(smtp, database, tenants, second) == 1
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts) == (OutboxMessage.PENDING, 2)
    assert stored.next_attempt_at == second + BACKOFF[1]  # the wait grows with each failure

    # The server is back: the third try delivers, once.
    mail_server.start()
    third = second + BACKOFF[1]
    assert await _work(smtp, database, tenants, third) == 1
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts, stored.sent_at, stored.last_error) == (OutboxMessage.SENT, 3, third, None)
    assert [m.rcpt_tos for m in mail_server.inbox.messages] == [["sanne@example.org"]]
    assert await _work(smtp, database, tenants, third + timedelta(days=1)) == 0
    assert len(mail_server.inbox.messages) == 1


async def test_a_claimed_message_whose_lease_ran_out_is_claimed_again(database, smtp, mail_server, tenants, start):
    message_id = await _queue(database, start)
    # A worker claims the message and dies before it sends or marks anything.
    with clock.moment(start):
        async with database.session(SLUG) as session:
            assert [m.id for m in await claim_due(session)] == [message_id]
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == (OutboxMessage.PENDING, 1, start + LEASE)

    mail_server.start()
    # While the lease holds, no other worker takes it (the first might still be sending).
    assert await _work(smtp, database, tenants, start + LEASE - SECOND) == 0
    assert mail_server.inbox.messages == []
    # Once it has run out, the next worker claims the message again and sends it.
    assert await _work(smtp, database, tenants, start + LEASE) == 1
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts, stored.sent_at) == (OutboxMessage.SENT, 2, start + LEASE)
    assert len(mail_server.inbox.messages) == 1


async def test_after_the_last_try_the_message_is_failed_and_left_alone(database, smtp, mail_server, tenants, start):
    message_id = await _queue(database, start, max_attempts=3)
    at = start
    for attempt in (1, 2):
        assert await _work(smtp, database, tenants, at) == 1
        stored = await _stored(database, message_id)
        assert (stored.status, stored.attempts) == (OutboxMessage.PENDING, attempt)
        assert stored.next_attempt_at == at + BACKOFF[attempt - 1]
        at = stored.next_attempt_at
    assert await _work(smtp, database, tenants, at) == 1
    stored = await _stored(database, message_id)
    assert (stored.status, stored.attempts) == (OutboxMessage.FAILED, 3)
    assert stored.last_error.startswith("SMTPConnectError") and stored.sent_at is None

    # Failed is final: not even a working server a day later gets it tried again.
    mail_server.start()
    assert await _work(smtp, database, tenants, at + timedelta(days=1)) == 0
    assert (await _stored(database, message_id)).attempts == 3
    assert mail_server.inbox.messages == []
