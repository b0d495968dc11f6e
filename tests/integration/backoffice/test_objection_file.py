"""An objection in the back office over HTTP: the header names and links the contested
decision, who decided it is kept out (Awb 7:5), the hearing and the decision forms."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.login import upsert_employee
from portal.cases.models import Case, CaseEvent, CaseLetter
from portal.cases.service import decisions, objections
from tests.helpers.auth import demo_employee, demo_people_of, login_citizen, login_employee
from tests.integration.backoffice.helpers import csrf, make_case


async def _employee(session, slug, role):
    person = demo_employee(slug, role)
    return await upsert_employee(session, subject=person.subject, name=person.name, email=None,
                                 roles=list(person.roles), login=False)


async def _objection(app, database, slug="amsterdam"):
    """A case refused by the demo caseworker, and the citizen's objection against it."""
    case = await make_case(app, slug, database=database, scheme="bijzondere-bijstand")
    async with database.session(slug) as session:
        case = await session.get(Case, case.id)
        worker = await _employee(session, slug, "caseworker")
        reason = app.state.tenants[slug].section("cases").refusal_reasons[0].code
        with clock.moment(clock.now() - timedelta(days=5)):
            await decisions.propose_decision(session, case, worker, outcome="refused", reason_code=reason)
        from portal.auth.models import Citizen

        citizen = await session.scalar(select(Citizen).where(Citizen.id == case.citizen_id))
        objection = await objections.lodge_objection(session, case, citizen, reasons="Ik ben het er niet mee eens.",
                                                     document_ids=[])
        await session.commit()
        return case, objection


async def test_who_decided_sees_the_contested_decision_and_cannot_take_the_objection(client, app, database):
    case, objection = await _objection(app, database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{objection.id}", expect=200)
    assert "Bezwaar tegen besluit" in page.text
    assert f'href="/amsterdam/backoffice/cases/{case.id}">{case.reference} van ' in page.text
    assert 'id="involved"' in page.text and "Neem deze zaak" not in page.text
    await client.post("/amsterdam/backoffice/queue/assign", expect=400,
                      data={"_csrf_token": csrf(page.text), "take": str(objection.id)})
    queue = await client.get("/amsterdam/backoffice/queue", params={"q": objection.reference}, expect=200)
    row = queue.text.split(f">{objection.reference}</a>")[1].split("</tr>")[0]
    assert '<strong class="tag tag-action">Bezwaar</strong>' in row
    async with database.session("amsterdam") as session:
        assert (await session.get(Case, objection.id)).assignee_id is None


async def test_a_colleague_plans_or_leaves_out_the_hearing_and_decides(client, app, database):
    case, objection = await _objection(app, database)
    await login_employee(client, "amsterdam", "senior")
    url = f"/amsterdam/backoffice/cases/{objection.id}"
    page = await client.get(url, expect=200)
    token = csrf(page.text)
    assert 'id="involved"' not in page.text and 'name="hearing_start"' in page.text
    assert 'value="manifestly_unfounded"' in page.text and 'value="well_founded"' in page.text
    assert 'value="granted"' not in page.text  # an objection is not granted or refused
    refused = await client.post(f"{url}/propose", expect=400, data={
        "_csrf_token": token, "propose_outcome": "unfounded", "propose_text": "Grond."})
    assert "Plan de hoorzitting" in refused.text  # heard first, or the hearing left out (Awb 7:2, 7:3)
    start = (clock.local_now() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    await client.post(f"{url}/hearing", expect=303, redirect_to=f"{url}?done=hearing#result", data={
        "_csrf_token": token, "hearing_start": start.strftime("%Y-%m-%dT%H:%M"), "hearing_location_id": "centrum",
        "hearing_place": "Zaal 2"})
    planned = await client.get(url, expect=200)
    assert "Stadsloket Centrum" in planned.text and "10:00" in planned.text
    await client.post(f"{url}/waive-hearing", expect=303, redirect_to=f"{url}?done=waive-hearing#result", data={
        "_csrf_token": token, "waive_hearing_ground": "declined", "waive_hearing_reason": "Telefonisch afgezegd."})
    await client.post(f"{url}/propose", expect=303, redirect_to=f"{url}?done=propose#result", data={
        "_csrf_token": token, "propose_outcome": "unfounded", "propose_text": "De kosten zijn niet noodzakelijk."})
    async with database.session("amsterdam") as session:
        kinds = (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == objection.id)
                                       .order_by(CaseEvent.sequence))).all()
        letter = await session.scalar(select(CaseLetter).where(CaseLetter.case_id == objection.id))
    assert list(kinds) == ["submitted", "hearing_planned", "hearing_waived", "decision_proposed", "decision"]
    assert letter.filename.startswith("beslissing-op-bezwaar-")

    await login_citizen(client, "amsterdam", "111222333")
    mine = await client.get(f"/amsterdam/zaken/{objection.id}", expect=200)
    assert "Uw bezwaar is ongegrond." in mine.text and "beroep instellen bij de rechtbank, Rechtbank Amsterdam" in mine.text


@pytest.mark.parametrize("action", ["hearing", "waive-hearing"])
async def test_strangers_cannot_plan_or_leave_out_a_hearing(client, app, database, action):
    _case, objection = await _objection(app, database)
    form = {"hearing_start": "2030-01-07T10:00", "hearing_place": "Zaal", "waive_hearing_ground": "declined",
            "waive_hearing_reason": "x"}
    await login_employee(client, "rotterdam", "senior")
    token = csrf((await client.get("/rotterdam/backoffice/queue", expect=200)).text)
    for slug in ("amsterdam", "rotterdam"):
        await client.post(f"/{slug}/backoffice/cases/{objection.id}/{action}", data={"_csrf_token": token, **form},
                          expect=404)
    other = next(p.bsn for p in demo_people_of("amsterdam").citizens if p.bsn != "111222333")
    # The objector too: the back office is for employees only.
    for slug, bsn in (("amsterdam", "111222333"), ("amsterdam", other), ("rotterdam", None)):
        client.cookies.clear()
        await login_citizen(client, slug, bsn) if bsn else await login_citizen(client, slug)
        token = csrf((await client.get(f"/{slug}/mijn", expect=200)).text)
        await client.post(f"/amsterdam/backoffice/cases/{objection.id}/{action}",
                          data={"_csrf_token": token, **form}, expect=404)
    async with database.session("amsterdam") as session:
        kinds = (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == objection.id))).all()
    assert list(kinds) == ["submitted"]
