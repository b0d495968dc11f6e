"""The queue query on both databases: filters, counts, keyset pages, tenant boundary."""

from datetime import datetime, timedelta, timezone

from portal.backoffice.queue import QueueFilter, decode_cursor, queue_page, queue_summary
from portal.cases.models import Case
from portal.auth.login import upsert_citizen, upsert_employee

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


async def _seed(session, n: int, *, assignee=None, prefix="AMS"):
    citizen = await upsert_citizen(session, bsn="111222333", name="Sanne Jansen", first_name="Sanne", login=False)
    for i in range(n):
        session.add(Case(reference=f"{prefix}-2026-{i:06d}", scheme="bijstand" if i % 2 else "stadspas",
                         citizen_id=citizen.id, citizen_name="Sanne Jansen" if i % 3 else "Mark de Vries",
                         status="received" if i % 4 else "in_progress", submitted_at=NOW - timedelta(days=60),
                         assignee_id=assignee.id if (assignee and i % 5 == 0) else None, closed=False, answers={},
                         deadline_sort=None if i % 10 == 9 else NOW + timedelta(days=i - 5)))
    await session.flush()


async def test_keyset_pages_cover_every_case_once_in_deadline_order(tenant_session):
    other = tenant_session("rotterdam")
    await _seed(other, 7, prefix="ROT")
    session = tenant_session("amsterdam")
    me = await upsert_employee(session, subject="x", name="Kim", email=None, roles=["caseworker"], login=False)
    await _seed(session, 30, assignee=me)
    seen, cursor = [], None
    while True:
        page = await queue_page(session, QueueFilter(), me=me.id, cursor=cursor, page_size=7, now=NOW)
        seen += page.cases
        assert page.total == 30
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == 30 and len({c.id for c in seen}) == 30
    dated = [c.deadline_sort for c in seen if c.deadline_sort]
    assert dated == sorted(dated) and all(c.deadline_sort is None for c in seen[len(dated):])
    assert all(c.reference.startswith("AMS") for c in seen)


async def test_filters_and_counts(tenant_session):
    session = tenant_session("amsterdam")
    me = await upsert_employee(session, subject="x", name="Kim", email=None, roles=["caseworker"], login=False)
    await _seed(session, 30, assignee=me)
    page = await queue_page(session, QueueFilter(deadline="overdue"), me=me.id, now=NOW)
    assert page.total == 5 and all(c.deadline_sort < NOW for c in page.cases)
    assert page.counts["deadline"] == {"": 30, "overdue": 5, "week": 6}
    assert page.counts["assignee"] == {"anyone": 5, "me": 1, "nobody": 4}  # within the overdue ones
    mine = await queue_page(session, QueueFilter(assignee="me"), me=me.id, now=NOW)
    assert mine.total == 6 and all(c.assignee_id == me.id for c in mine.cases)
    search = await queue_page(session, QueueFilter(q="mark de"), me=me.id, now=NOW)
    assert search.total == 10 and {c.citizen_name for c in search.cases} == {"Mark de Vries"}
    by_reference = await queue_page(session, QueueFilter(q="ams-2026-000004"), me=me.id, now=NOW)
    assert [c.reference for c in by_reference.cases] == ["AMS-2026-000004"]
    summary = await queue_summary(session, me=me.id, now=NOW)
    assert (summary.open, summary.overdue, summary.due_this_week, summary.mine, summary.unassigned) == (30, 5, 6, 6, 24)


def test_a_tampered_cursor_starts_at_the_top():
    assert decode_cursor("not-a-cursor") is None
    assert decode_cursor(None) is None


async def _closed(session, n: int):
    """Cases AMS-2026-1000xx: decided and closed."""
    citizen = await upsert_citizen(session, bsn="111222333", name="Sanne Jansen", first_name="Sanne", login=False)
    for i in range(n):
        session.add(Case(reference=f"AMS-2026-1{i:05d}", scheme="bijstand", citizen_id=citizen.id,
                         citizen_name="Sanne Jansen", status="decided", submitted_at=NOW - timedelta(days=90),
                         closed=True, answers={}, deadline_sort=None))
    await session.flush()


async def test_closed_cases_are_found_by_reference_and_by_the_open_closed_filter(tenant_session):
    session = tenant_session("amsterdam")
    await _seed(session, 6)
    await _closed(session, 3)
    assert (await queue_page(session, QueueFilter(), me=None, now=NOW)).total == 6  # open ones by default
    by_reference = await queue_page(session, QueueFilter(q="ams-2026-100001"), me=None, now=NOW)
    assert [c.reference for c in by_reference.cases] == ["AMS-2026-100001"] and by_reference.total == 1
    closed = await queue_page(session, QueueFilter(state="closed"), me=None, now=NOW)
    assert sorted(c.reference for c in closed.cases) == ["AMS-2026-100000", "AMS-2026-100001", "AMS-2026-100002"]
    assert closed.counts["status"] == {"decided": 3}  # the status counts follow the open/closed filter
    everything = await queue_page(session, QueueFilter(state="all", q="Sanne"), me=None, now=NOW)
    assert everything.total == 4 + 3  # the open cases of Sanne (i % 3 != 0) and the closed ones
    assert QueueFilter.from_query({"state": "closed"}, schemes=[], statuses=[]).as_query() == {"state": "closed"}
    assert QueueFilter.from_query({"state": "gone"}, schemes=[], statuses=[]).state == "open"


async def test_each_column_sorts_both_ways_and_pages_by_keyset(tenant_session):
    session = tenant_session("amsterdam")
    await _seed(session, 23)
    order = {"received": 0, "in_progress": 1}
    keys = {"reference": lambda c: c.reference, "name": lambda c: c.citizen_name.lower(),
            "scheme": lambda c: c.scheme, "status": lambda c: order[c.status]}
    for column, key in keys.items():
        for sort in (column, "-" + column):
            seen, cursor = [], None
            while True:
                page = await queue_page(session, QueueFilter(sort=sort), me=None, cursor=cursor, page_size=5, now=NOW)
                seen += page.cases
                if not page.next_cursor:
                    break
                cursor = page.next_cursor
            assert len({c.id for c in seen}) == 23, sort  # every case once
            values = [key(c) for c in seen]
            assert values == sorted(values, reverse=sort.startswith("-")), sort
    latest = await queue_page(session, QueueFilter(sort="-deadline"), me=None, page_size=30, now=NOW)
    dated = [c.deadline_sort for c in latest.cases if c.deadline_sort]
    assert dated == sorted(dated, reverse=True) and latest.cases[0].reference == "AMS-2026-000022"
    # A cursor of one sort does not page another: that starts at the top.
    by_name = await queue_page(session, QueueFilter(sort="name"), me=None, page_size=5, now=NOW)
    by_reference = await queue_page(session, QueueFilter(sort="reference"), me=None, cursor=by_name.next_cursor,
                                    page_size=5, now=NOW)
    assert by_reference.cases[0].reference == "AMS-2026-000000"
    assert QueueFilter.from_query({"sort": "--name"}, schemes=[], statuses=[]).sort == "deadline"


async def test_the_queue_marks_cases_where_the_citizen_wrote_last(tenant_session):
    from portal.cases.models import CaseEvent

    session = tenant_session("amsterdam")
    await _seed(session, 3)
    cases = (await queue_page(session, QueueFilter(sort="reference"), me=None, now=NOW)).cases
    histories = [  # (actor, kind) after the application
        [("employee", "info_requested"), ("citizen", "info_answered")],  # answered: marked
        [("citizen", "message"), ("employee", "message")],  # answered by the caseworker
        [("citizen", "message"), ("employee", "assigned")],  # only assigned since: still marked
    ]
    for case, history in zip(cases, histories):
        for sequence, (actor, kind) in enumerate([("citizen", "submitted"), *history], start=1):
            session.add(CaseEvent(case_id=case.id, sequence=sequence, kind=kind, actor_kind=actor, data={}))
    await session.flush()
    page = await queue_page(session, QueueFilter(sort="reference"), me=None, now=NOW)
    assert page.citizen_wrote == {cases[0].id, cases[2].id}
