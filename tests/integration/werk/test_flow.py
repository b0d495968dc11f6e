"""The plan from draft to agreement over HTTP: a coach drafts and offers it, the citizen
agrees; a change after that is a new version to agree again, and agreeing to the old one
is refused with the current one shown. Actions done with proof, job applications against
the monthly target, contact moments on the client record, and every look audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.audit.models import AuditEntry
from portal.werk import service
from portal.werk.models import WerkContactMoment, WerkJobApplication, WerkPlan, WerkPlanAction, WerkPlanVersion
from tests.helpers.auth import demo_people_of, login_citizen, login_employee
from tests.helpers.visitors import Visitors
from tests.integration.werk.conftest import REQUEST_ID, citizen_row, token_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def _coach_with_client(visitors, database, slug="amsterdam", bsn=None):
    """A work coach logged in, and a demo citizen (logged in once so their row exists)."""
    bsn = bsn or demo_people_of(slug).citizens[2].bsn
    await login_citizen(visitors.as_("citizen"), slug, bsn)
    await login_employee(visitors.as_("coach"), slug, "senior")
    return None, None, await citizen_row(database, slug, bsn)


async def _draft(visitors, slug, citizen, offer_id):
    record = f"/{slug}/backoffice/werk/clients/{citizen.id}"
    page = await visitors.as_("coach").get(record, expect=200)
    token = token_of(page)
    due = (clock.today() + timedelta(days=7)).isoformat()
    await visitors.as_("coach").post(f"{record}/plan", data={"_csrf_token": token, "route_id": "work-first", "goals": "Werk in de zorg vinden"},
                     expect=303, redirect_to=f"{record}?done=plan#plan")
    await visitors.as_("coach").post(f"{record}/actions", data={"_csrf_token": token, "title": "Cv bijwerken", "owner": "citizen", "due_on": due, "offer_id": ""},
                     expect=303, redirect_to=f"{record}?done=action#plan")
    await visitors.as_("coach").post(f"{record}/actions", data={"_csrf_token": token, "title": "", "owner": "citizen", "due_on": due, "offer_id": offer_id},
                     expect=303, redirect_to=f"{record}?done=action#plan")
    await visitors.as_("coach").post(f"{record}/offer", data={"_csrf_token": token}, expect=303, redirect_to=f"{record}?done=offered#plan")
    return record, token


async def test_a_coach_drafts_a_plan_with_an_offer_and_the_citizen_agrees(client, database, tenants):
    visitors = Visitors(client)
    coach, citizen_client, citizen = await _coach_with_client(visitors, database)
    offer = tenants["amsterdam"].section("werk").offers[1]
    record, token = await _draft(visitors, "amsterdam", citizen, offer.id)
    page = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    assert "Werk in de zorg vinden" in page.text and offer.name in page.text and "Cv bijwerken" in page.text
    await visitors.as_("citizen").post("/amsterdam/werk/plan/agree", data={"_csrf_token": token_of(page), "version": "1"},
                              expect=303, redirect_to="/amsterdam/werk?done=agreed#notice")
    async with database.session("amsterdam") as session:
        plan = await session.scalar(select(WerkPlan).where(WerkPlan.citizen_id == citizen.id))
        assert (plan.current_version, plan.agreed_version) == (1, 1)
    record_page = await visitors.as_("coach").get(record, expect=200)
    assert "Akkoord" in record_page.text or "Agreed" in record_page.text


async def test_a_change_after_agreement_is_a_new_version_and_the_old_one_cannot_be_agreed(client, database, tenants):
    visitors = Visitors(client)
    coach, citizen_client, citizen = await _coach_with_client(visitors, database)
    record, token = await _draft(visitors, "amsterdam", citizen, tenants["amsterdam"].section("werk").offers[0].id)
    page = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    citizen_token = token_of(page)
    await visitors.as_("citizen").post("/amsterdam/werk/plan/agree", data={"_csrf_token": citizen_token, "version": "1"}, expect=303,
                              redirect_to="/amsterdam/werk?done=agreed#notice")
    # The coach changes the goals and offers version 2 while the citizen still reads version 1.
    await visitors.as_("coach").post(f"{record}/plan", data={"_csrf_token": token, "route_id": "training-first", "goals": "Eerst een opleiding"},
                     expect=303, redirect_to=f"{record}?done=plan#plan")
    await visitors.as_("coach").post(f"{record}/offer", data={"_csrf_token": token}, expect=303, redirect_to=f"{record}?done=offered#plan")
    refused = await visitors.as_("citizen").post("/amsterdam/werk/plan/agree", data={"_csrf_token": citizen_token, "version": "1"},
                                        expect=409)
    assert "Eerst een opleiding" in refused.text and "(2)" in refused.text
    async with database.session("amsterdam") as session:
        plan = await session.scalar(select(WerkPlan).where(WerkPlan.citizen_id == citizen.id))
        assert (plan.current_version, plan.agreed_version) == (2, 1)
        versions = (await session.scalars(select(WerkPlanVersion).where(WerkPlanVersion.plan_id == plan.id))).all()
        assert sorted(v.number for v in versions) == [1, 2]
    old = await visitors.as_("citizen").get("/amsterdam/werk/plan/versions/1", expect=200)
    assert "Werk in de zorg vinden" in old.text
    await visitors.as_("citizen").post("/amsterdam/werk/plan/agree", data={"_csrf_token": citizen_token, "version": "2"}, expect=303,
                              redirect_to="/amsterdam/werk?done=agreed#notice")


async def test_bad_plan_input_gets_a_message_by_the_field_and_writes_nothing(client, database):
    visitors = Visitors(client)
    coach, _citizen_client, citizen = await _coach_with_client(visitors, database)
    record = f"/amsterdam/backoffice/werk/clients/{citizen.id}"
    token = token_of(await visitors.as_("coach").get(record, expect=200))
    past = (clock.today() - timedelta(days=1)).isoformat()
    page = await visitors.as_("coach").post(f"{record}/actions", data={"_csrf_token": token, "title": "Solliciteren", "owner": "citizen",
                                                       "due_on": past, "offer_id": ""}, expect=400)
    assert 'id="error-due_on"' in page.text and 'value="Solliciteren"' in page.text
    page = await visitors.as_("coach").post(f"{record}/actions", data={"_csrf_token": token, "title": "", "owner": "citizen",
                                                       "due_on": clock.today().isoformat(), "offer_id": "no-such-offer"}, expect=400)
    assert 'id="error-offer_id"' in page.text
    page = await visitors.as_("coach").post(f"{record}/offer", data={"_csrf_token": token}, expect=400)
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(WerkPlanAction)
                                    .where(WerkPlanAction.citizen_id == citizen.id)) == 0


async def test_the_citizen_marks_an_action_done_with_proof_and_reports_job_applications(client, database, tenants):
    visitors = Visitors(client)
    coach, citizen_client, citizen = await _coach_with_client(visitors, database)
    record, _token = await _draft(visitors, "amsterdam", citizen, tenants["amsterdam"].section("werk").offers[0].id)
    async with database.session("amsterdam") as session:
        action = await session.scalar(select(WerkPlanAction).where(WerkPlanAction.citizen_id == citizen.id,
                                                                   WerkPlanAction.title == "Cv bijwerken"))
    mine = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    assert f'href="/amsterdam/werk/acties/{action.id}"' in mine.text
    page = await visitors.as_("citizen").get(f"/amsterdam/werk/acties/{action.id}", expect=200)
    await visitors.as_("citizen").post(f"/amsterdam/werk/acties/{action.id}", data={"_csrf_token": token_of(page), "note": "Cv gemaakt"},
                              files={"file": ("cv.pdf", PDF, "application/pdf")}, expect=303,
                              redirect_to="/amsterdam/werk?done=action#notice")
    target = tenants["amsterdam"].section("werk").monthly_applications
    for n in range(2):
        page = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
        form = {"_csrf_token": token_of(page), "request_id": REQUEST_ID.search(page.text).group(1), "employer": f"Werkgever {n}",
                "position": "Magazijnmedewerker", "applied_on": clock.today().isoformat(), "how": "online", "result": "waiting"}
        await visitors.as_("citizen").post("/amsterdam/werk/sollicitaties", data=form, expect=303,
                                  redirect_to="/amsterdam/werk?done=application#applications")
        # The same form again (a double click or a reload): still one.
        await visitors.as_("citizen").post("/amsterdam/werk/sollicitaties", data=form, expect=303,
                                  redirect_to="/amsterdam/werk?done=application#applications")
    page = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    assert f"2 van de {target}" in page.text
    bad = await visitors.as_("citizen").post("/amsterdam/werk/sollicitaties", data={
        "_csrf_token": token_of(page), "request_id": "x1", "employer": "Bakkerij", "position": "",
        "applied_on": (clock.today() + timedelta(days=3)).isoformat(), "how": "online", "result": "waiting"}, expect=400)
    assert 'id="error-position"' in bad.text and 'id="error-applied_on"' in bad.text and 'value="Bakkerij"' in bad.text
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(WerkJobApplication)
                                    .where(WerkJobApplication.citizen_id == citizen.id)) == 2
        done = await session.get(WerkPlanAction, action.id)
        assert done.state == "done" and done.document_id is not None
    record_page = await visitors.as_("coach").get(record, expect=200)
    assert "Cv gemaakt" in record_page.text and "Werkgever 1" in record_page.text


async def test_contact_moments_on_the_client_record_and_every_look_is_audited(client, database):
    visitors = Visitors(client)
    coach, _citizen_client, citizen = await _coach_with_client(visitors, database)
    record = f"/amsterdam/backoffice/werk/clients/{citizen.id}"
    page = await visitors.as_("coach").get(record, expect=200)
    form = {"_csrf_token": token_of(page), "request_id": REQUEST_ID.search(page.text).group(1), "channel": "phone",
            "happened_on": clock.today().isoformat(), "note": "Gebeld over de cursus"}
    for _ in range(2):  # a double click is one contact moment
        await visitors.as_("coach").post(f"{record}/contacts", data=form, expect=303, redirect_to=f"{record}?done=contact#contacts")
    bad = await visitors.as_("coach").post(f"{record}/contacts", data={**form, "request_id": "other", "happened_on": "9999-12-31"}, expect=400)
    assert 'id="error-happened_on"' in bad.text and "Gebeld over de cursus" in bad.text
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(WerkContactMoment)
                                    .where(WerkContactMoment.citizen_id == citizen.id)) == 1
        looks = await session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "werk.client_viewed", AuditEntry.subject == f"citizen:{citizen.id}"))
        assert looks == 2  # the form, and the form again with the refusal
    page = await visitors.as_("coach").get(record, expect=200)
    assert "Gebeld over de cursus" in page.text


async def test_search_finds_clients_by_bsn_name_and_case_reference(client, database, settings):
    from portal.demo import load_all

    await load_all(settings)
    visitors = Visitors(client)
    await login_employee(visitors.as_("coach"), "amsterdam", "senior")
    from portal.cases.models import Case

    async with database.session("amsterdam") as session:
        case = await session.scalar(select(Case).limit(1))
        citizen = await session.get(type(await citizen_row(database, "amsterdam", "111222333")), case.citizen_id)
    for query in (citizen.bsn, citizen.name.split()[-1].lower(), case.reference):
        page = await visitors.as_("coach").get(f"/amsterdam/backoffice/werk/clients?q={query}", expect=200)
        assert f"/amsterdam/backoffice/werk/clients/{citizen.id}" in page.text, query


async def test_an_exemption_stops_the_job_application_target_until_its_end_date(client, database, tenants):
    visitors = Visitors(client)
    await _coach_with_client(visitors, database)
    citizen = await citizen_row(database, "amsterdam", demo_people_of("amsterdam").citizens[2].bsn)
    record = f"/amsterdam/backoffice/werk/clients/{citizen.id}"
    token = token_of(await visitors.as_("coach").get(record, expect=200))
    bad = await visitors.as_("coach").post(f"{record}/exemption", data={
        "_csrf_token": token, "exempt_reason": "", "exempt_until": clock.today().isoformat()}, expect=400)
    assert 'id="error-exempt_reason"' in bad.text and 'id="error-exempt_until"' in bad.text
    target = tenants["amsterdam"].section("werk").monthly_applications
    before = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    assert f"0 van de {target} sollicitaties" in before.text
    until = clock.today() + timedelta(days=60)
    await visitors.as_("coach").post(f"{record}/exemption", data={
        "_csrf_token": token, "exempt_reason": "Mantelzorg", "exempt_until": until.isoformat()},
        expect=303, redirect_to=f"{record}?done=exemption#applications")
    after = await visitors.as_("citizen").get("/amsterdam/werk", expect=200)
    assert "U hoeft tot" in after.text and f"van de {target} sollicitaties" not in after.text
    async with database.session("amsterdam") as session:
        row = await service.client_row(session, citizen.id)
        assert (row.exempt_until, row.exempt_reason) == (until, "Mantelzorg")
        assert (await service.progress(session, citizen.id, row)).met
