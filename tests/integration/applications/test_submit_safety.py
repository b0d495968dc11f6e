"""Never lost, never doubled: concurrent submits, an unreachable database, real SMTP."""

from __future__ import annotations

import asyncio
import socket

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.applications import submit as submitting
from portal.applications.forms import form_for
from portal.applications.models import Application
from portal.auth.models import Citizen
from portal.cases.models import Case
from portal.db import Database
from portal.notifications.models import OutboxMessage
from portal.notifications.worker import run_once
from tests.integration.applications.flow import post, ready_draft


async def _ids(database, slug):
    async with database.session(slug) as session:
        application = await session.scalar(select(Application))
        citizen = await session.get(Citizen, application.citizen_id)
        return application, citizen


async def test_concurrent_submits_give_one_case(app, client, database):
    draft, key = await ready_draft(client, "amsterdam")
    application, citizen = await _ids(database, "amsterdam")
    tenant = app.state.tenants["amsterdam"]
    applicant = submitting.Applicant(id=citizen.id, name=citizen.name, first_name=citizen.first_name,
                                     email=citizen.email, locale="nl")

    async def attempt():
        async with database.session("amsterdam") as session:
            done = await submitting.submit(session, tenant=tenant, form=form_for(tenant, "bijstand"),
                                           application_id=application.id, applicant=applicant,
                                           idempotency_key=key, public_url="http://x")
            return done.case_id, done.reference

    results = await asyncio.gather(*(attempt() for _ in range(4)))
    assert len(set(results)) == 1
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "email")) == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends


async def test_unreachable_database_at_submit_loses_nothing(app, client, database, backend):
    draft, key = await ready_draft(client, "rotterdam")
    working = app.state.database
    url = (f"postgresql+asyncpg://nobody@127.0.0.1:{_closed_port()}/gone" if backend == "postgresql"
           else "sqlite+aiosqlite:////nonexistent-dir/portal.db")
    app.state.database = Database(url)
    try:
        response = await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=503)
    finally:
        await app.state.database.dispose()
        app.state.database = working
    assert "nog niet verstuurd" in response.text
    async with database.session("rotterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0
        application = await session.scalar(select(Application))
        assert application.status == Application.DRAFT and len(application.completed) == 8
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
               redirect_to=f"{draft}/confirmation")


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_confirmation_arrives_over_smtp(app, client, database, settings):
    draft, key = await ready_draft(client, "utrecht")
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
               redirect_to=f"{draft}/confirmation")
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = settings.with_overrides(smtp_host="127.0.0.1", smtp_port=port)
        # One round: what is due goes out (the confirmation; the daily purge job runs too).
        await run_once(smtp, database, app.state.tenants, app.state.registry.outbox_handlers)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["applicant@example.org"]
    text = envelope.content.decode()
    assert "We hebben uw aanvraag ontvangen" in text and "/utrecht/zaken/" in text
    async with database.session("utrecht") as session:
        mail = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "email"))
        assert mail.status == OutboxMessage.SENT
