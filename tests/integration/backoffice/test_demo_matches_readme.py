"""The demo data is what the README promises: Sanne and Mark have a case in every status,
a grant starts on the day of its application (not months before), and a queue case shows
its own citizen's household."""

import importlib
from datetime import date

from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen
from portal.auth.people import demo_people
from portal.cases.models import Case, CaseEvent
from portal.cases.views import case_state


async def _load(database, tenant, settings):
    for domain in ("auth", "cases", "backoffice"):
        await importlib.import_module(f"portal.{domain}.demo").load_demo(database, tenant, settings)


async def test_sanne_and_mark_have_a_case_in_every_status(app, database, settings):
    tenant = app.state.tenants["amsterdam"]
    await _load(database, tenant, settings)
    first_two = demo_people(tenant).citizens[:2]
    assert [p.name for p in first_two] == ["Sanne Jansen", "Mark de Vries"]  # as the README names them
    async with database.session("amsterdam") as session:
        for person in first_two:
            citizen = await session.scalar(select(Citizen).where(Citizen.bsn == person.bsn))
            cases = (await session.scalars(select(Case).where(Case.citizen_id == citizen.id))).all()
            states = [await case_state(session, case) for case in cases]
            assert {"received", "in_progress", "info_needed", "decided"} <= {c.status for c in cases}, person.name
            assert any(s.open_request for s in states), person.name  # one waiting for their answer
            assert any(s.can_object and s.letter_id for s in states), person.name  # decided, objection term running
            assert any(c.kind == "objection" for c in cases), person.name  # one under objection
            assert any(s.decision and not s.can_object and s.objection is None and c.kind == "application"
                       for s, c in zip(states, cases)), person.name  # closed long ago


async def test_every_demo_grant_starts_on_or_after_the_day_of_its_application(app, database, settings):
    for slug in ("amsterdam", "utrecht"):
        await _load(database, app.state.tenants[slug], settings)
        async with database.session(slug) as session:
            rows = (await session.execute(select(Case, CaseEvent).join(CaseEvent, CaseEvent.case_id == Case.id)
                                          .where(CaseEvent.kind == "decision"))).all()
        starts = [(case, date.fromisoformat(event.data["start_date"])) for case, event in rows
                  if event.data.get("start_date")]
        assert starts, slug
        for case, start in starts:
            assert start >= clock.local_day(case.submitted_at), (slug, case.reference, start, case.submitted_at)


async def test_a_queue_case_shows_its_own_citizens_household(app, database, settings):
    tenant = app.state.tenants["amsterdam"]
    await _load(database, tenant, settings)
    people_dates = {p.birth_date for p in demo_people(tenant).citizens}
    async with database.session("amsterdam") as session:
        cases = (await session.scalars(select(Case))).all()
    per_citizen: dict = {}
    for case in cases:
        if case.answers.get("demo") == "backoffice-demo":
            shown = next(r["value"] for r in case.answers["sections"][0]["rows"] if r["key"] == "birth_date")
            per_citizen.setdefault(case.citizen_name, set()).add((case.answers["situation"]["birth_date"], shown))
    assert len(per_citizen) == 12
    assert all(len(dates) == 1 for dates in per_citizen.values())  # one person, one birth date
    birth_dates = [next(iter(dates))[0] for dates in per_citizen.values()]
    assert len(set(birth_dates)) == len(birth_dates)  # Kevin de Graaf is not Mark de Vries
    assert not set(birth_dates) & people_dates
