"""The queue's "waiting for (my) approval" filter, on both databases, through the real services."""

import re
from datetime import date

from portal.auth.models import Citizen, Employee
from portal.backoffice.queue import QueueFilter, queue_page, queue_summary
from portal.cases import decisions
from portal.tenancy.scope import tenant_of
from portal.cases.service import open_case
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import csrf, make_case


async def _people(session, prefix=""):
    citizen = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email=None, locale="nl")
    people = {"citizen": citizen}
    for key, roles in (("worker", ["caseworker"]), ("senior", ["senior"]), ("senior2", ["caseworker", "senior"])):
        people[key] = Employee(subject=prefix + key, name=key, email=None, roles=roles)
    session.add_all(people.values())
    await session.flush()
    return people


async def _case(session, slug, citizen, scheme="bijstand"):
    return await open_case(session, tenant=tenant_of(session), scheme=scheme, citizen_id=citizen.id,
                           citizen_name=citizen.name, answers={})


async def _grant(session, case, employee, amount="1401.50"):
    return await decisions.propose_decision(session, case, employee, outcome="granted", amount=amount,
                                            start_date=date(2026, 3, 1))


async def test_waiting_for_approval_and_for_my_approval(tenant_session):
    # Another tenant's pending proposal is never counted here. (Rotterdam first: on
    # PostgreSQL the sessions share one connection, the newest sets the tenant.)
    rot = tenant_session("rotterdam")
    q = await _people(rot, prefix="rot-")
    other = await _case(rot, "rotterdam", q["citizen"])
    await _grant(rot, other, q["worker"], amount="5000.00")
    ams = tenant_session("amsterdam")
    p = await _people(ams)
    by_worker, by_senior, sent_back, untouched, decided = [await _case(ams, "amsterdam", p["citizen"]) for _ in range(5)]
    assert (await _grant(ams, by_worker, p["worker"])).data["needs_approval"]  # bijstand grants need a senior
    await _grant(ams, by_senior, p["senior"])
    await _grant(ams, sent_back, p["worker"])
    await decisions.send_back_decision(ams, sent_back, p["senior2"], "Check the start date")
    # Granted without approval (under the amount, a scheme that needs none): decided at once.
    decided.scheme = "stadspas"
    await ams.flush()
    assert not (await _grant(ams, decided, p["worker"], amount=None)).data["needs_approval"]
    assert decided.closed

    senior = p["senior"].id
    waiting = await queue_page(ams, QueueFilter(approval="waiting"), me=senior)
    assert {c.id for c in waiting.cases} == {by_worker.id, by_senior.id} and waiting.total == 2
    mine = await queue_page(ams, QueueFilter(approval="mine"), me=senior)
    assert [c.id for c in mine.cases] == [by_worker.id]  # not the senior's own proposal
    assert mine.counts["approval"] == {"": 4, "waiting": 2, "mine": 1}
    # Counts like the other filters: each facet counted with the others kept.
    assert mine.counts["assignee"]["anyone"] == 1
    for_colleague = await queue_page(ams, QueueFilter(approval="mine"), me=p["senior2"].id)
    assert {c.id for c in for_colleague.cases} == {by_worker.id, by_senior.id}
    assert (await queue_page(ams, QueueFilter(status="decided", approval="waiting"), me=senior)).total == 0
    assert (await queue_summary(ams, me=senior)).for_my_approval == 1
    assert (await queue_summary(ams, me=p["worker"].id)).for_my_approval == 1  # by_senior, not its own

    # A bad value from a bookmark is dropped, not an error.
    assert QueueFilter.from_query({"approval": "everything"}, schemes=[], statuses=[]).approval is None
    assert QueueFilter(approval="mine").as_query() == {"approval": "mine"}


async def test_seniors_get_the_filter_on_the_queue_page(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get("/amsterdam/backoffice/queue", expect=200)
    assert 'name="approval"' in page.text and 'value="waiting"' in page.text and 'value="mine"' not in page.text
    waiting = await client.get("/amsterdam/backoffice/queue", params={"approval": "waiting"}, expect=200)
    assert case.reference not in waiting.text  # nothing proposed yet
    file = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    await client.post(f"/amsterdam/backoffice/cases/{case.id}/propose", data={
        "_csrf_token": csrf(file.text), "propose_outcome": "granted", "propose_amount": "1401,50",
        "propose_start_date": "2026-03-01"}, expect=303, redirect_to=f"/amsterdam/backoffice/cases/{case.id}?done=propose#result")
    client.cookies.clear()
    await login_employee(client, "amsterdam", "senior")
    page = await client.get("/amsterdam/backoffice/queue", params={"approval": "mine"}, expect=200)
    assert '<option value="mine" selected>' in page.text and case.reference in page.text
    assert re.search(r'<option value="mine" selected>[^<]*\(1\)</option>', page.text)  # its count
    fragment = await client.get("/amsterdam/backoffice/queue", params={"approval": "mine"}, headers={"hx-request": "true"},
                                expect=200)
    assert 'hx-swap-oob="innerHTML:#field-approval"' in fragment.text
