"""Readable case references per tenant and year: AMS-2026-000123."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.models import ReferenceCounter
from portal.db.tenant_filter import TENANT_KEY, TenantContextMissing


def _upsert(dialect: str):
    # The two databases the portal runs on; both spell ON CONFLICT the same way.
    return pg_insert(ReferenceCounter) if dialect == "postgresql" else sqlite_insert(ReferenceCounter)


async def next_reference(session: AsyncSession, prefix: str, year: int) -> str:
    """Take the next number in the caller's transaction.

    One statement creates the year's counter or raises it: INSERT … ON CONFLICT DO
    UPDATE … RETURNING. The first submissions of a year (every tenant on 1 January)
    therefore never race between "no row yet" and inserting one: the database takes the
    row lock (PostgreSQL) or the write lock (SQLite) inside that statement, and two
    submissions at once never get the same number.
    """
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        raise TenantContextMissing("a case reference without a tenant in the session")
    statement = _upsert(session.get_bind().dialect.name)
    statement = statement.values(tenant_id=tenant_id, year=year, last=1)
    statement = statement.on_conflict_do_update(
        index_elements=[ReferenceCounter.tenant_id, ReferenceCounter.year],
        set_={"last": ReferenceCounter.last + 1},
    ).returning(ReferenceCounter.last)
    number = (await session.execute(statement)).scalar_one()
    return f"{prefix}-{year}-{number:06d}"
