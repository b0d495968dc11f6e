"""Drafts never sent are removed after the retention period; the job re-queues itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import func, select

from portal import clock
from portal.applications.models import Application
from portal.applications.retention import JOB, purge_expired_drafts
from portal.documents.models import Document
from portal.domains import registry
from portal.documents.store import store_for
from portal.notifications.models import OutboxMessage
from portal.notifications.outbox import DeliveryContext, deliver
from tests.helpers.auth import login_citizen
from tests.integration.applications.flow import PDF, post, start


async def _age(database, slug, days):
    async with database.session(slug) as session:
        for application in (await session.scalars(select(Application))).all():
            application.updated_at = clock.now() - timedelta(days=days)
        await session.commit()


async def test_old_drafts_and_their_files_are_removed(app, client, database, settings):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    await post(client, f"{draft}/documents", {"doc_type": "identity"}, files={"file": ("id.pdf", PDF, "application/pdf")},
               expect=303, redirect_to=f"{draft}/documents")
    files = list((settings.var_dir / "documents").rglob("*-*"))
    assert len(files) == 1
    tenant = app.state.tenants["amsterdam"]

    await _age(database, "amsterdam", 29)
    async with database.session("amsterdam") as session:
        assert await purge_expired_drafts(session, tenant, store_for(settings)) == 0
    dashboard = await client.get("/amsterdam/mijn", expect=200)
    assert "we verwijderen deze aanvraag op" in dashboard.text  # the notice, a week before

    await _age(database, "amsterdam", 31)
    async with database.session("amsterdam") as session:
        job = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == JOB))
        assert job is not None  # queued with the first draft
        job.next_attempt_at = clock.now()
        job.attempts = 1
        await deliver(DeliveryContext(settings=settings, session=session, tenant=tenant, handlers=registry().outbox_handlers), job)
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Application)) == 0
        assert await session.scalar(select(func.count()).select_from(Document)) == 0
        pending = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == JOB,
                                                                      OutboxMessage.status == "pending"))).all()
        assert len(pending) == 1 and pending[0].next_attempt_at > clock.now() + timedelta(hours=23)
    assert not files[0].exists()


async def test_purge_command(monkeypatch, client, database, settings):
    from portal.applications.cli import purge_drafts
    from portal.domains import command_context

    await login_citizen(client, "rotterdam")
    await start(client, "rotterdam")
    await _age(database, "rotterdam", 40)
    result = await asyncio.to_thread(CliRunner().invoke, purge_drafts, [], obj=command_context(settings))
    assert result.exit_code == 0, result.output
    assert "rotterdam: 1" in result.output
    async with database.session("rotterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Application)) == 0


async def test_dev_mail_page(app, client, settings):
    await login_citizen(client, "amsterdam")
    page = await client.get("/amsterdam/dev/mail", expect=200)
    assert "Ontwikkelpostbus" in page.text
    app.state.settings = settings.with_overrides(environment="production")
    try:
        await client.get("/amsterdam/dev/mail", expect=404)
    finally:
        app.state.settings = settings
