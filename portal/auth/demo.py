"""Demo people as rows: every citizen and employee of `tenants/<slug>/demo-people.toml`.

Idempotent (run on every `make run`); other domains' demo loaders find these rows by
BSN or subject. Logging in later updates the same rows.
"""

from __future__ import annotations

from portal.auth.login import upsert_citizen, upsert_employee
from portal.auth.people import demo_people


async def load_demo(database, tenant, settings) -> None:
    people = demo_people(tenant)
    async with database.session(tenant.slug) as db:
        for person in people.citizens:
            await upsert_citizen(db, bsn=person.bsn, name=person.name, first_name=person.first_name, email=person.email, login=False)
        for person in people.employees:
            await upsert_employee(db, subject=person.subject, name=person.name, email=person.email, roles=list(person.roles), login=False)
        await db.commit()
