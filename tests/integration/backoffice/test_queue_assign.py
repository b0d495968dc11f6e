"""Taking a case and dividing the work from the queue: POST /{slug}/backoffice/queue/assign."""

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.auth.login import upsert_employee
from portal.auth.models import Employee
from portal.cases.models import Case, CaseEvent
from tests.helpers.auth import demo_employee, login_citizen, login_employee
from tests.integration.backoffice.helpers import csrf, make_case

QUEUE = "/amsterdam/backoffice/queue"


async def _colleague(database, slug="amsterdam", role="caseworker") -> Employee:
    person = demo_employee(slug, role)
    async with database.session(slug) as session:
        employee = await upsert_employee(session, subject=person.subject, name=person.name, email=None,
                                         roles=list(person.roles), login=False)
        await session.commit()
        return employee


async def _state(database, cases, slug="amsterdam"):
    """Per case its assignee, and the queue's audit entries of assigning."""
    async with database.session(slug) as session:
        assignees = [(await session.get(Case, c.id)).assignee_id for c in cases]
        audit = [(e.subject, e.action) for e in (await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.assigned").order_by(AuditEntry.seq))).all()]
    return assignees, audit


async def test_a_caseworker_takes_a_case_with_its_button_in_the_queue(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(QUEUE, expect=200)
    assert f'name="take" value="{case.id}"' in page.text
    assert 'name="case"' not in page.text  # choosing several is a senior's
    await client.post(f"{QUEUE}/assign", data={"_csrf_token": csrf(page.text), "take": str(case.id)},
                      expect=303, redirect_to=f"/amsterdam/backoffice/cases/{case.id}?done=assign#result")
    me = await _colleague(database)
    assert await _state(database, [case]) == ([me.id], [(case.reference, "case.assigned")])
    again = await client.get(QUEUE, expect=200)
    assert f'name="take" value="{case.id}"' not in again.text  # it is mine now


async def test_a_senior_gives_several_cases_to_a_colleague_at_once(client, app, database):
    cases = [await make_case(app, database=database, name=f"Klant {n}") for n in range(3)]
    colleague = await _colleague(database)
    await login_employee(client, "amsterdam", "senior")
    page = await client.get(QUEUE, expect=200)
    assert f'id="pick-{cases[0].id}"' in page.text and f'<option value="{colleague.id}">' in page.text
    form = {"_csrf_token": csrf(page.text), "case": [str(cases[0].id), str(cases[2].id)],
            "assignee": str(colleague.id), "action": "bulk", "back": "scheme=bijstand"}
    await client.post(f"{QUEUE}/assign", data=form, expect=303, redirect_to=f"{QUEUE}?scheme=bijstand&assigned=2#result")
    assert await _state(database, cases) == ([colleague.id, None, colleague.id],
                                             [(cases[0].reference, "case.assigned"), (cases[2].reference, "case.assigned")])
    back = await client.get(f"{QUEUE}?scheme=bijstand&assigned=2", expect=200)
    assert "2 zaken toegewezen." in back.text


async def test_one_refused_case_assigns_none_and_says_which(client, app, database):
    cases = [await make_case(app, database=database) for _ in range(2)]
    async with database.session("amsterdam") as session:
        (await session.get(Case, cases[1].id)).closed = True
        await session.commit()
    colleague = await _colleague(database)
    await login_employee(client, "amsterdam", "senior")
    token = csrf((await client.get(QUEUE, expect=200)).text)
    refused = await client.post(f"{QUEUE}/assign", expect=400, data={
        "_csrf_token": token, "case": [str(c.id) for c in cases], "assignee": str(colleague.id), "action": "bulk"})
    assert f"{cases[1].reference}: Het besluit over deze zaak is al verstuurd." in refused.text
    assert 'href="#field-case"' in refused.text  # the error summary leads to the table
    assert await _state(database, cases) == ([None, None], [])
    nothing = await client.post(f"{QUEUE}/assign", expect=400, data={
        "_csrf_token": token, "assignee": str(colleague.id), "action": "bulk"})
    assert "Kies een of meer zaken." in nothing.text


async def test_a_caseworker_cannot_assign_several_at_once(client, app, database):
    cases = [await make_case(app, database=database) for _ in range(2)]
    colleague = await _colleague(database, role="senior")
    await login_employee(client, "amsterdam", "caseworker")
    token = csrf((await client.get(QUEUE, expect=200)).text)
    await client.post(f"{QUEUE}/assign", expect=403, data={
        "_csrf_token": token, "case": [str(c.id) for c in cases], "assignee": str(colleague.id), "action": "bulk"})
    assert await _state(database, cases) == ([None, None], [])


async def test_strangers_assign_nothing(client, app, database):
    case = await make_case(app, database=database)
    colleague = await _colleague(database)
    # An employee of another tenant: not under their own tenant's path, not under this one's.
    await login_employee(client, "rotterdam", "senior")
    token = csrf((await client.get("/rotterdam/backoffice/queue", expect=200)).text)
    for slug in ("rotterdam", "amsterdam"):
        for form in ({"take": str(case.id)}, {"case": [str(case.id)], "assignee": str(colleague.id), "action": "bulk"}):
            await client.post(f"/{slug}/backoffice/queue/assign", data={"_csrf_token": token, **form}, expect=404)
    # A citizen: the case's own citizen and a citizen of another tenant.
    for slug, bsn in (("amsterdam", "111222333"), ("rotterdam", None)):
        client.cookies.clear()  # a fresh session for each login
        await login_citizen(client, slug, bsn) if bsn else await login_citizen(client, slug)
        token = csrf((await client.get(f"/{slug}/mijn", expect=200)).text)
        await client.post(f"/amsterdam/backoffice/queue/assign", data={"_csrf_token": token, "take": str(case.id)},
                          expect=404)
    async with database.session("amsterdam") as session:
        assert (await session.get(Case, case.id)).assignee_id is None
        assert (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))).all() == ["submitted"]
