"""Readable case references per tenant and year: AMS-2026-000123."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.models import ReferenceCounter


async def next_reference(session: AsyncSession, prefix: str, year: int) -> str:
    """Take the next number in the caller's transaction.

    The UPDATE … RETURNING takes a row lock (PostgreSQL) or the write lock (SQLite), so
    two submissions at once never get the same number.
    """
    result = await session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )
    number = result.scalar_one_or_none()
    if number is None:
        session.add(ReferenceCounter(year=year, last=1))
        await session.flush()
        number = 1
    return f"{prefix}-{year}-{number:06d}"
