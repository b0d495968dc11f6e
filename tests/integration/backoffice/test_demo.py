"""The demo: a full queue for caseworkers, while the people one logs in as keep a few
curated cases; loading it twice changes nothing."""

import importlib

from sqlalchemy import func, select

from portal.auth.models import Citizen
from portal.auth.people import demo_people
from portal.cases.models import Case


async def _load(database, tenant, settings):
    for domain in ("auth", "cases", "backoffice"):
        await importlib.import_module(f"portal.{domain}.demo").load_demo(database, tenant, settings)


async def _counts(database):
    async with database.session("utrecht") as session:
        total = await session.scalar(select(func.count(Case.id)))
        per_citizen = dict((await session.execute(
            select(Citizen.bsn, func.count(Case.id)).join(Case, Case.citizen_id == Citizen.id).group_by(Citizen.bsn)
        )).all())
    return total, per_citizen


async def test_queue_cases_belong_to_citizens_of_their_own(app, database, settings):
    tenant = app.state.tenants["utrecht"]
    await _load(database, tenant, settings)
    total, per_citizen = await _counts(database)
    assert total >= 50
    for person in demo_people(tenant).citizens:
        assert per_citizen.get(person.bsn, 0) <= 10, (person.name, per_citizen.get(person.bsn))
    await _load(database, tenant, settings)
    assert (await _counts(database))[0] == total
