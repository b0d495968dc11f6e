"""The one-pass filter counts equal the counts taken the slow way, one query per option.

A generated mix of schemes, statuses, assignees, deadlines, closed cases and decision
histories, on both databases. Each option's count must be the total the queue shows
when that option is chosen and the other filters are kept: that is what the number
next to the option promises.
"""

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from portal.auth.login import upsert_citizen, upsert_employee
from portal.backoffice.queue import QueueFilter, facet_counts, queue_page, queue_summary
from portal.cases.models import Case, CaseEvent

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SCHEMES = ("bijstand", "stadspas", "inkomenstoeslag")
OPEN = ("received", "in_progress", "info_needed")
HISTORIES = (
    (), (), ("status",), ("decision_proposed",), ("decision_proposed", "decision_sent_back"),
    ("decision_proposed", "decision_approved"), ("decision_proposed", "decision_sent_back", "decision_proposed"),
)


async def _generate(session, rng, people, n, prefix):
    citizen = await upsert_citizen(session, bsn="111222333", name="Sanne Jansen", first_name="Sanne", login=False)
    for i in range(n):
        closed = rng.random() < 0.2
        case = Case(reference=f"{prefix}-2026-{i:06d}", scheme=rng.choice(SCHEMES), citizen_id=citizen.id,
                    citizen_name=rng.choice(("Sanne Jansen", "Mark de Vries", "Fatima El Amrani")),
                    status="decided" if closed else rng.choice(OPEN), submitted_at=NOW - timedelta(days=30),
                    assignee_id=rng.choice([p.id for p in people] + [None]), closed=closed, answers={},
                    deadline_sort=None if closed or rng.random() < 0.15 else NOW + timedelta(days=rng.randint(-20, 20)))
        session.add(case)
        await session.flush()
        kinds = ("submitted", *rng.choice(HISTORIES), *(("decision",) if closed else ()))
        for sequence, kind in enumerate(kinds, start=1):
            # Some proposals by the system (no actor): those count as "for my approval" too.
            actor = None if kind == "decision_proposed" and rng.random() < 0.1 else rng.choice(people).id
            session.add(CaseEvent(case_id=case.id, sequence=sequence, kind=kind, actor_kind="employee",
                                  actor_id=actor, data={}))
    await session.flush()


async def _total(session, f, me):
    return (await queue_page(session, f, me=me, now=NOW, with_counts=False)).total


async def test_one_pass_counts_equal_the_totals_of_each_option(tenant_session):
    rng = random.Random(42)
    rot = tenant_session("rotterdam")  # another tenant's cases and events must never count
    others = [await upsert_employee(rot, subject=f"r{i}", name="R", email=None, roles=["senior"], login=False)
              for i in range(2)]
    await _generate(rot, rng, others, 25, "ROT")
    ams = tenant_session("amsterdam")
    people = [await upsert_employee(ams, subject=f"a{i}", name="A", email=None, roles=["senior"], login=False)
              for i in range(3)]
    await _generate(ams, rng, people, 90, "AMS")
    me = people[0].id

    filters = [QueueFilter(), QueueFilter(scheme="bijstand"), QueueFilter(status="in_progress", assignee="me"),
               QueueFilter(status="decided"), QueueFilter(deadline="overdue", approval="waiting"),
               QueueFilter(approval="mine", assignee="nobody"), QueueFilter(q="mark", deadline="week"),
               QueueFilter(scheme="stadspas", status="received", assignee="me", deadline="overdue", approval="mine")]
    checked = 0
    for f in filters:
        page = await queue_page(ams, f, me=me, now=NOW)
        assert page.counts == await facet_counts(ams, f, me=me, now=NOW)
        assert page.total == await _total(ams, f, me)
        counts = page.counts
        for scheme in SCHEMES:
            assert counts["scheme"].get(scheme, 0) == await _total(ams, replace(f, scheme=scheme), me), (f, scheme)
        for status in OPEN:
            assert counts["status"].get(status, 0) == await _total(ams, replace(f, status=status), me), (f, status)
        assert "decided" not in counts["status"]  # the status counts are of open cases
        for option in ("anyone", "me", "nobody"):
            assert counts["assignee"][option] == await _total(ams, replace(f, assignee=option), me), (f, option)
        for option in ("", "overdue", "week"):
            assert counts["deadline"][option] == await _total(ams, replace(f, deadline=option or None), me), (f, option)
        for option in ("", "waiting", "mine"):
            assert counts["approval"][option] == await _total(ams, replace(f, approval=option or None), me), (f, option)
        checked += sum(counts["approval"].values()) + counts["assignee"]["anyone"]
    assert checked > 0
    # The generated set has work of every kind, so the comparisons above mean something.
    everything = (await queue_page(ams, QueueFilter(), me=me, now=NOW)).counts
    assert everything["approval"]["waiting"] > everything["approval"]["mine"] > 0
    assert everything["assignee"]["me"] > 0 and everything["deadline"]["overdue"] > 0
    summary = await queue_summary(ams, me=me, now=NOW)
    assert summary.for_my_approval == everything["approval"]["mine"]
    assert summary.open == everything["assignee"]["anyone"]


async def test_counts_of_an_empty_queue_are_zero(tenant_session):
    session = tenant_session("utrecht")
    page = await queue_page(session, QueueFilter(q="nobody by this name"), me=None, now=NOW)
    assert page.total == 0 and page.cases == []
    assert page.counts == {"scheme": {}, "status": {}, "assignee": {"anyone": 0, "me": 0, "nobody": 0},
                           "deadline": {"": 0, "overdue": 0, "week": 0}, "approval": {"": 0, "waiting": 0, "mine": 0}}
