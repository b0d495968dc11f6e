"""The caseload: a coach's clients by what needs them next (overdue actions first, then the
plan due soonest, then a plan waiting for agreement), counts and filters; a senior moves a
client to another coach; a granted bijstand case puts the citizen on the intake list with the
plan due within the tenant's term."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.werk import service
from portal.werk.models import WerkClient, WerkPlanAction
from tests.helpers.auth import _login, login_employee
from tests.helpers.visitors import Visitors
from tests.integration.werk.conftest import employee_row, token_of


async def _people(database, slug, n):
    from portal.auth.models import Citizen

    async with database.session(slug) as session:
        people = [Citizen(bsn=f"{800000000 + i}", name=f"Klant {chr(65 + i)}", first_name="Klant", locale="nl") for i in range(n)]
        session.add_all(people)
        await session.commit()
        return people


async def test_the_caseload_puts_overdue_actions_first_then_the_plan_due_then_plans_to_agree(client, database):
    visitors = Visitors(client)
    await _login(visitors.as_("coach"), "amsterdam", "employee", "ams-workcoach-1")
    coach = await employee_row(database, "amsterdam", "ams-workcoach-1")
    a, b, c, d = await _people(database, "amsterdam", 4)
    today = clock.today()
    async with database.session("amsterdam") as session:
        session.add_all([
            WerkClient(citizen_id=a.id, coach_id=coach.id, plan_due_on=today + timedelta(days=30)),   # agreed, nothing due
            WerkClient(citizen_id=b.id, coach_id=coach.id, plan_due_on=today + timedelta(days=20)),   # to agree
            WerkClient(citizen_id=c.id, coach_id=coach.id, plan_due_on=today + timedelta(days=5)),    # no plan, due soon
            WerkClient(citizen_id=d.id, coach_id=coach.id, plan_due_on=today + timedelta(days=40)),   # agreed, overdue action
        ])
        await session.commit()
        for person in (a, b, d):
            await service.save_plan(session, citizen_id=person.id, coach=coach, route_id="work-first", goals="Werk")
            await service.add_action(session, citizen_id=person.id, coach=coach, title="Actie", owner="citizen",
                                     due_on=(today + timedelta(days=9)).isoformat())
            await service.offer_plan(session, citizen_id=person.id, coach=coach)
        for person in (a, d):
            person_row = await session.get(type(a), person.id)
            await service.agree(session, citizen=person_row, number=1)
        action = await session.scalar(select(WerkPlanAction).where(WerkPlanAction.citizen_id == d.id))
        action.due_on = today - timedelta(days=2)  # it became overdue
        await session.commit()
        rows = await service.caseload(session, coach.id)
    assert [r.citizen.name for r in rows] == ["Klant D", "Klant C", "Klant B", "Klant A"]
    assert [(r.plan_state, r.overdue) for r in rows] == [("agreed", 1), ("none", 0), ("to-agree", 0), ("agreed", 0)]
    page = await visitors.as_("coach").get("/amsterdam/backoffice/werk", expect=200)
    assert page.text.index("Klant D") < page.text.index("Klant C") < page.text.index("Klant B") < page.text.index("Klant A")
    assert "Acties te laat (1)" in page.text and "Plan wacht op akkoord (1)" in page.text
    only = await visitors.as_("coach").get("/amsterdam/backoffice/werk?filter=overdue", expect=200)
    assert "Klant D" in only.text and "Klant B" not in only.text


async def test_a_senior_moves_a_client_to_another_coach_and_a_granted_bijstand_case_comes_on_the_intake_list(client, database, settings, tenants):
    from portal.demo import load_all

    await load_all(settings)
    visitors = Visitors(client)
    await login_employee(visitors.as_("senior"), "utrecht", "senior")
    second = await employee_row(database, "utrecht", "utr-workcoach-2")
    from portal.cases.models import Case, CaseEvent

    async with database.session("utrecht") as session:
        granted = (await session.execute(select(Case.citizen_id, CaseEvent.at, CaseEvent.data).join(CaseEvent, CaseEvent.case_id == Case.id)
                                         .where(Case.scheme == "bijstand", CaseEvent.kind == "decision"))).all()
        granted = [(c, at) for c, at, data in granted if (data or {}).get("outcome") == "granted"]
        assert granted, "the demo has a granted bijstand case"
        citizen_id, at = granted[0]
        await session.execute(WerkClient.__table__.delete().where(WerkClient.citizen_id == citizen_id))
        await session.commit()
    page = await visitors.as_("senior").get("/utrecht/backoffice/werk", expect=200)
    assert f"/utrecht/backoffice/werk/clients/{citizen_id}" in page.text.split("Intakelijst", 1)[1]
    async with database.session("utrecht") as session:
        row = await session.scalar(select(WerkClient).where(WerkClient.citizen_id == citizen_id))
        weeks = tenants["utrecht"].section("werk").plan_term_weeks
        assert row.coach_id is None and row.plan_due_on == clock.local_day(at) + timedelta(weeks=weeks)
    record = f"/utrecht/backoffice/werk/clients/{citizen_id}"
    token = token_of(await visitors.as_("senior").get(record, expect=200))
    await visitors.as_("senior").post(f"{record}/assign", data={"_csrf_token": token, "coach_id": str(second.id)},
                                      expect=303, redirect_to=f"{record}?done=assigned")
    bad = await visitors.as_("senior").post(f"{record}/assign", data={"_csrf_token": token, "coach_id": "nobody"}, expect=400)
    assert 'id="error-coach_id"' in bad.text
    async with database.session("utrecht") as session:
        assert (await session.scalar(select(WerkClient).where(WerkClient.citizen_id == citizen_id))).coach_id == second.id
    await _login(visitors.as_("coach 2"), "utrecht", "employee", "utr-workcoach-2")
    caseload = await visitors.as_("coach 2").get("/utrecht/backoffice/werk", expect=200)
    assert f"/utrecht/backoffice/werk/clients/{citizen_id}" in caseload.text
