"""Tenant isolation at the data layer: fail closed in the ORM, and RLS on PostgreSQL."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from portal.db import TenantContextMissing
from portal.notifications.models import OutboxMessage


async def test_query_without_tenant_fails_closed(tenant_session):
    session = tenant_session(None)
    with pytest.raises(TenantContextMissing):
        await session.scalars(select(OutboxMessage))
    session.add(OutboxMessage(kind="email", payload={}))
    with pytest.raises(TenantContextMissing):
        await session.flush()


async def test_rows_of_another_tenant_are_invisible(tenant_session):
    rotterdam = tenant_session("rotterdam")
    rotterdam.add(OutboxMessage(kind="email", payload={"to": "r@example.org"}))
    await rotterdam.flush()
    amsterdam = tenant_session("amsterdam")
    assert (await amsterdam.scalars(select(OutboxMessage))).all() == []
    await amsterdam.close()
    rotterdam_again = tenant_session("rotterdam")
    assert len((await rotterdam_again.scalars(select(OutboxMessage))).all()) == 1


async def test_writing_a_row_of_another_tenant_is_refused(tenant_session):
    amsterdam = tenant_session("amsterdam")
    amsterdam.add(OutboxMessage(kind="email", payload={}, tenant_id="rotterdam"))
    with pytest.raises(TenantContextMissing):
        await amsterdam.flush()


# Row-level security is PostgreSQL's; on SQLite the ORM filter (tested above) is the boundary.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_postgres_row_level_security_binds_hand_written_sql(backend, database, settings):
    """Even raw SQL, bypassing the ORM filter, sees only the current tenant on PostgreSQL."""
    async with database.session("rotterdam") as rotterdam:
        rotterdam.add(OutboxMessage(kind="email", payload={"to": "r@example.org"}))
        await rotterdam.commit()
    async with database.session("amsterdam") as amsterdam:
        count = (await amsterdam.execute(text("select count(*) from outbox_messages"))).scalar_one()
        assert count == 0
        role = (await amsterdam.execute(text("select current_user"))).scalar_one()
        assert role == settings.database_app_role
        with pytest.raises(ProgrammingError, match="new row violates row-level security policy"):
            await amsterdam.execute(
                text("insert into outbox_messages (id, tenant_id, kind, payload, status, attempts, max_attempts, "
                     "next_attempt_at, created_at) values (gen_random_uuid(), 'rotterdam', 'x', '{}', 'pending', 0, 1, now(), now())")
            )
    async with database.session("rotterdam") as rotterdam:
        count = (await rotterdam.execute(text("select count(*) from outbox_messages"))).scalar_one()
        assert count == 1


async def test_counts_and_subqueries_are_scoped_too(tenant_session):
    from sqlalchemy import func

    rotterdam = tenant_session("rotterdam")
    rotterdam.add(OutboxMessage(kind="email", payload={}))
    await rotterdam.flush()
    await rotterdam.close()
    amsterdam = tenant_session("amsterdam")
    assert await amsterdam.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert await amsterdam.scalar(select(func.count(OutboxMessage.id))) == 0
    inner = select(OutboxMessage.id).subquery()
    assert await amsterdam.scalar(select(func.count()).select_from(inner)) == 0


async def test_a_bare_table_query_is_refused(tenant_session):
    from sqlalchemy import func

    amsterdam = tenant_session("amsterdam")
    with pytest.raises(TenantContextMissing):
        await amsterdam.scalar(select(func.count()).select_from(OutboxMessage.__table__))


async def test_a_count_without_tenant_fails_closed(tenant_session):
    from sqlalchemy import func

    with pytest.raises(TenantContextMissing):
        await tenant_session(None).scalar(select(func.count()).select_from(OutboxMessage))
