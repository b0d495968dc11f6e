"""Nobody but the citizen and the tenant's staff reach a client's werk data: a work coach of
another city, another citizen, a citizen of another city, and, where the tenant holds coaches
to their own caseload (werk.toml own_caseload_only), another coach's work coach."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.werk import service
from portal.werk.models import WerkClient, WerkEnrolment, WerkPlanAction
from tests.helpers.auth import demo_people_of, login_citizen, login_employee
from tests.helpers.visitors import Visitors
from tests.integration.werk.conftest import citizen_row, employee_row, token_of


async def _client_with_plan(database, slug: str, bsn: str, coach_subject: str):
    citizen = await citizen_row(database, slug, bsn)
    coach = await employee_row(database, slug, coach_subject)
    async with database.session(slug) as session:
        session.add(WerkClient(citizen_id=citizen.id, coach_id=coach.id))
        await session.commit()
        await service.save_plan(session, citizen_id=citizen.id, coach=coach, route_id="work-first", goals="Geheim doel 123")
        action = await service.add_action(session, citizen_id=citizen.id, coach=coach, title="Geheime actie 456",
                                          owner="citizen", due_on=(clock.today() + timedelta(days=5)).isoformat())
        await service.offer_plan(session, citizen_id=citizen.id, coach=coach)
        offer = service.config_of(session).offers[0]
        enrolment = await service.enrol(session, citizen_id=citizen.id, offer_id=offer.id)
        return citizen, action.id, enrolment.id


async def test_strangers_get_nothing_of_a_clients_werk_data(client, database):
    visitors = Visitors(client)
    owner_bsn = demo_people_of("amsterdam").citizens[0].bsn
    other_bsn = demo_people_of("amsterdam").citizens[1].bsn
    await login_citizen(visitors.as_("owner"), "amsterdam", owner_bsn)
    await login_citizen(visitors.as_("other"), "amsterdam", other_bsn)
    await login_employee(visitors.as_("coach"), "amsterdam", "workcoach")  # the first work coach
    citizen, action_id, enrolment_id = await _client_with_plan(database, "amsterdam", owner_bsn, "ams-workcoach-1")
    record = f"/amsterdam/backoffice/werk/clients/{citizen.id}"
    # The owner and their coach see it.
    assert "Geheime actie 456" in (await visitors.as_("owner").get("/amsterdam/werk", expect=200)).text
    assert "Geheime actie 456" in (await visitors.as_("coach").get(record, expect=200)).text

    await login_employee(visitors.as_("rotterdam coach"), "rotterdam", "workcoach")
    await login_citizen(visitors.as_("rotterdam citizen"), "rotterdam")
    await login_employee(visitors.as_("other coach"), "amsterdam", "workcoach")
    # login_employee picks the first work coach; log the second in by subject instead.
    from tests.helpers.auth import _login

    await _login(visitors.as_("other coach"), "amsterdam", "employee", "ams-workcoach-2")
    for who in ("other", "rotterdam citizen", "rotterdam coach", "other coach"):
        visitor = visitors.as_(who)
        home = await visitor.get("/rotterdam/" if who.startswith("rotterdam") else "/amsterdam/", expect=200)
        token = token_of(home) if "_csrf_token" in home.text else ""
        for path in (record, f"{record}/contacts", f"{record}/plan", f"{record}/actions", f"{record}/offer", f"{record}/assign"):
            method = "get" if path == record else "post"
            kwargs = {} if method == "get" else {"data": {"_csrf_token": token, "route_id": "work-first", "goals": "x",
                                                          "note": "x", "channel": "phone", "happened_on": clock.today().isoformat()}}
            response = await visitor._inner.request(method.upper(), path, follow_redirects=False, **kwargs)
            assert response.status_code in (404, 303) and "Geheim" not in response.text, (who, path, response.status_code)
            if response.status_code == 303:
                assert "/login" in response.headers["location"], (who, path)
        for path in (f"/amsterdam/werk/acties/{action_id}", f"/amsterdam/werk/inschrijvingen/{enrolment_id}/cancel"):
            method = "GET" if "acties" in path else "POST"
            response = await visitor._inner.request(method, path, data={"_csrf_token": token} if method == "POST" else None,
                                                    follow_redirects=False)
            assert response.status_code in (404, 303) and "Geheime" not in response.text, (who, path, response.status_code)
        if who == "other":
            page = await visitor.get("/amsterdam/werk", expect=200)
            assert "Geheim doel 123" not in page.text and "Geheime actie 456" not in page.text
    async with database.session("amsterdam") as session:
        action = await session.get(WerkPlanAction, action_id)
        enrolment = await session.get(WerkEnrolment, enrolment_id)
        assert action.state == "open" and enrolment.status == "enrolled"


async def test_a_tenant_without_the_own_caseload_rule_lets_every_coach_read_the_record(client, database, tenants):
    assert tenants["den-haag"].section("werk").own_caseload_only is False
    visitors = Visitors(client)
    bsn = demo_people_of("den-haag").citizens[0].bsn
    await login_citizen(visitors.as_("owner"), "den-haag", bsn)
    from tests.helpers.auth import _login

    await _login(visitors.as_("coach 1"), "den-haag", "employee", "dhg-workcoach-1")
    await _login(visitors.as_("coach 2"), "den-haag", "employee", "dhg-workcoach-2")
    citizen, _action, _enrolment = await _client_with_plan(database, "den-haag", bsn, "dhg-workcoach-1")
    page = await visitors.as_("coach 2").get(f"/den-haag/backoffice/werk/clients/{citizen.id}", expect=200)
    assert "Geheime actie 456" in page.text
