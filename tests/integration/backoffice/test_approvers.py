"""Who approves a proposal: a senior or an approver the tenant names (cases.toml
second_pair_of_eyes.approvers), never the proposer; only they see the buttons, and the
page says who can, or that nobody can."""

from datetime import date

from sqlalchemy import select

from portal.auth.login import upsert_employee
from portal.cases.models import Case, CaseEvent
from portal.cases.service import decisions, may_approve
from tests.helpers.auth import demo_people_of, login_employee
from tests.integration.backoffice.helpers import csrf, make_case

APPROVE = "Keur goed en verstuur het besluit"


async def _people(database, *subjects):
    people = demo_people_of("amsterdam")
    found = {}
    async with database.session("amsterdam") as session:
        for subject in subjects:
            person = people.employee(subject)
            found[subject] = await upsert_employee(session, subject=person.subject, name=person.name, email=None,
                                                   roles=list(person.roles), login=False)
        await session.commit()
    return found


async def _proposed_by(app, database, subject):
    """A bijstand grant (which waits for approval in every city) proposed by `subject`."""
    made = await make_case(app, database=database)
    people = await _people(database, subject)
    async with database.session("amsterdam") as session:
        case = await session.get(Case, made.id)
        proposal = await decisions.propose_decision(session, case, people[subject], outcome="granted", amount="900.00",
                                                    start_date=date(2026, 12, 1))
        assert proposal.data["needs_approval"]
        await session.commit()
    return case


async def test_the_tenant_names_who_else_approves(tenants):
    amsterdam = tenants["amsterdam"]
    people = {e.subject: e for e in demo_people_of("amsterdam").employees}

    class Person:  # what may_approve reads of an employee
        def __init__(self, demo):
            self.subject, self.roles = demo.subject, demo.roles

        def has_role(self, role):
            return role in self.roles

    assert may_approve(amsterdam, Person(people["ams-senior-1"]))
    assert may_approve(amsterdam, Person(people["ams-teamlead-1"]))  # a caseworker, named in cases.toml
    assert not may_approve(amsterdam, Person(people["ams-caseworker-1"]))
    assert amsterdam.section("cases").second_pair_of_eyes.approvers == ["ams-teamlead-1"]


async def test_the_proposer_sees_no_approve_button_and_who_can(client, app, database):
    case = await _proposed_by(app, database, "ams-caseworker-1")
    await _people(database, "ams-senior-1", "ams-teamlead-1")
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert APPROVE not in page.text
    assert "Wie het kan goedkeuren of terugsturen: Fenna Visser en Ingrid Mulder." in page.text


async def test_a_seniors_own_proposal_is_approved_by_the_named_team_lead(client, app, database):
    case = await _proposed_by(app, database, "ams-senior-1")
    await _people(database, "ams-teamlead-1")
    await login_employee(client, "amsterdam", "senior")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    own = await client.get(url, expect=200)
    assert APPROVE not in own.text and "Wie het kan goedkeuren of terugsturen: Fenna Visser." in own.text
    refused = await client.post(f"{url}/approve", data={"_csrf_token": csrf(own.text)}, expect=400)
    assert "Een collega moet het goedkeuren." in refused.text  # posted anyway: refused, said on the page

    client.cookies.clear()
    await login_employee(client, "amsterdam", "caseworker")  # a caseworker not named: no buttons, 403
    other = await client.get(url, expect=200)
    assert APPROVE not in other.text
    await client.post(f"{url}/approve", data={"_csrf_token": csrf(other.text)}, expect=403)

    client.cookies.clear()
    from tests.helpers.auth import _login

    await _login(client, "amsterdam", "employee", "ams-teamlead-1")
    lead = await client.get(url, expect=200)
    assert APPROVE in lead.text
    await client.post(f"{url}/approve", data={"_csrf_token": csrf(lead.text)}, expect=303,
                      redirect_to=f"{url}?done=approve#result")
    async with database.session("amsterdam") as session:
        kinds = (await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)
                                       .order_by(CaseEvent.sequence))).all()
    assert list(kinds)[-2:] == ["decision_approved", "decision"]


async def test_the_page_says_so_when_nobody_can_approve(client, app, database):
    case = await _proposed_by(app, database, "ams-senior-1")  # the team lead never logged in: unknown here
    await login_employee(client, "amsterdam", "senior")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert APPROVE not in page.text
    assert "Niemand kan dit voorstel goedkeuren" in page.text
