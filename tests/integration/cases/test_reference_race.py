"""The first submissions of a tenant in a year race for a counter row that is not there yet."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from sqlalchemy import func, select

from portal.auth.models import Citizen
from portal.cases.models import Case, ReferenceCounter
from portal.cases.service import open_case


async def test_ten_concurrent_first_submissions_of_a_year_each_get_a_number(database, tenants):
    tenant = tenants["utrecht"]
    async with database.session("utrecht") as session:
        citizen = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email=None)
        session.add(citizen)
        await session.commit()
    # 1 January 2027, 09:00 in Amsterdam: no counter row for 2027 exists yet.
    at = datetime(2027, 1, 1, 8, 0, tzinfo=timezone.utc)
    start = asyncio.Event()

    async def first_submission() -> str:
        async with database.session("utrecht") as session:
            await start.wait()
            case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                                   citizen_name=citizen.name, answers={}, submitted_at=at)
            await session.commit()
            return case.reference

    attempts = [asyncio.create_task(first_submission()) for _ in range(10)]
    await asyncio.sleep(0)
    start.set()
    references = await asyncio.gather(*attempts)
    prefix = tenant.config.reference_prefix
    assert sorted(references) == [f"{prefix}-2027-{n:06d}" for n in range(1, 11)]
    async with database.session("utrecht") as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 10
        counter = await session.scalar(select(ReferenceCounter).where(ReferenceCounter.year == 2027))
        assert counter.last == 10
