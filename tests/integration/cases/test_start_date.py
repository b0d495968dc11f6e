"""A grant starts on the day of the application unless the caseworker gives another date
("Startdatum (niet verplicht)" really is optional)."""

from datetime import datetime, timedelta

import pytest

from portal import clock
from portal.cases import decisions
from portal.cases.service import open_case

APPLIED = datetime(2026, 5, 15, 9, 0, tzinfo=clock.AMSTERDAM)


@pytest.fixture
async def may_case(ams, tenant, people):
    citizen = people["citizen"]
    return await open_case(ams, tenant=tenant, scheme="stadspas", citizen_id=citizen.id, citizen_name=citizen.name,
                           answers={}, submitted_at=APPLIED)


async def test_without_a_start_date_a_grant_starts_on_the_day_of_the_application(ams, may_case, people):
    proposal = await decisions.propose_decision(ams, may_case, people["worker"], outcome="granted")
    assert proposal.data["start_date"] == "2026-05-15"


async def test_a_start_date_given_is_kept(ams, may_case, people):
    later = await decisions.propose_decision(ams, may_case, people["worker"], outcome="granted",
                                             start_date=(APPLIED + timedelta(days=17)).date())
    assert later.data["start_date"] == "2026-06-01"
