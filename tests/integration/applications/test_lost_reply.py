"""The reply to COMMIT is lost: the submission is in the database, the citizen is told so.

The fault sits in the app's sessions: the first COMMIT armed by the test runs for real
and then raises the error a dropped connection gives (the database did the work, the
portal never heard back). A COMMIT that really fails keeps the "not sent" page; see
test_submit_safety.py.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.applications.models import Application
from portal.cases.models import Case
from portal.notifications.models import OutboxMessage
from tests.integration.applications.flow import post, ready_draft


class _Fault:
    armed = False
    fired = 0


class ReplyLostSession(AsyncSession):
    """A session whose armed COMMIT succeeds and then reports a lost connection."""

    async def commit(self) -> None:
        await super().commit()
        if _Fault.armed:
            _Fault.armed = False
            _Fault.fired += 1
            raise OperationalError("COMMIT", None, ConnectionResetError("connection lost before the reply"))


async def test_a_lost_commit_reply_shows_the_receipt_not_not_sent(app, client, database):
    draft, key = await ready_draft(client, "den-haag")
    app_database = app.state.database
    app_database._sessions = async_sessionmaker(app_database.engine, class_=ReplyLostSession, expire_on_commit=False)
    _Fault.armed, _Fault.fired = True, 0
    try:
        await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
                   redirect_to=f"{draft}/confirmation")
    finally:
        _Fault.armed = False
    assert _Fault.fired == 1
    page = await client.get(f"{draft}/confirmation", expect=200)
    async with database.session("den-haag") as session:
        case = await session.scalar(select(Case))
        assert await session.scalar(select(func.count()).select_from(Case)) == 1
        mails = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "email"))
        assert mails == 1
        application = await session.scalar(select(Application))
    assert application.status == Application.SUBMITTED
    assert case.reference in page.text
