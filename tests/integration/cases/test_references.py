"""Case references carry the year of the Amsterdam calendar the case was submitted in."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.cases.service import open_case


async def _opened_at(session, tenant, citizen, at: datetime):
    return await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                           citizen_name=citizen.name, answers={}, submitted_at=at)


async def test_a_case_submitted_at_half_past_midnight_on_new_year_gets_the_new_year(ams, tenant, people):
    # 00:30 on 1 January 2027 in Amsterdam is still 31 December 2026 in UTC.
    case = await _opened_at(ams, tenant, people["citizen"], datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc))
    assert case.reference == f"{tenant.config.reference_prefix}-2027-000001"


async def test_a_case_a_minute_before_midnight_on_new_year_s_eve_keeps_the_old_year(ams, tenant, people):
    # 23:59 on 31 December 2026 in Amsterdam is 22:59 UTC.
    case = await _opened_at(ams, tenant, people["citizen"], datetime(2026, 12, 31, 22, 59, tzinfo=timezone.utc))
    assert case.reference == f"{tenant.config.reference_prefix}-2026-000001"


async def test_each_year_numbers_from_one(ams, tenant, people):
    citizen = people["citizen"]
    old = [await _opened_at(ams, tenant, citizen, datetime(2026, 12, 31, 22, minute, tzinfo=timezone.utc))
           for minute in (10, 20)]
    new = await _opened_at(ams, tenant, citizen, datetime(2026, 12, 31, 23, 5, tzinfo=timezone.utc))
    prefix = tenant.config.reference_prefix
    assert [c.reference for c in old] == [f"{prefix}-2026-000001", f"{prefix}-2026-000002"]
    assert new.reference == f"{prefix}-2027-000001"
