"""Benchmark: the back-office queue at 100,000 cases (keyset paging, filters, counts).

Generates one tenant with 100,000 cases (plus 20,000 of another tenant, which must cost
nothing) in a scratch SQLite database, and in PostgreSQL when one answers at
PG_BENCH_URL (default: the test server at 127.0.0.1:5432). Each case gets a history in
case_events like real ones (submitted, status changes, notes; some with a decision
proposed, approved, sent back or taken), because the "waiting for approval" filter and
its counts read those. Reports p50/p95 in ms for: the first page, a page deep in the
queue via its keyset cursor, a filtered page, a search, the filter counts, and the
first page with its counts (what the queue page does).

Run: `.venv/bin/python bench/queue_keyset.py [--cases N] [--queue-file old_queue.py]`;
--queue-file measures another version of portal/backoffice/queue.py (e.g. a copy from
before a change) against the same data.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from portal.auth.models import Citizen, Employee  # noqa: E402
from portal.backoffice import queue  # noqa: E402
from portal.cases.models import Case, CaseEvent  # noqa: E402
from portal.db import Database  # noqa: E402
from portal.db.migrate import upgrade  # noqa: E402
from portal.domains import import_models  # noqa: E402

PG_ADMIN = os.environ.get("PG_BENCH_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
SCHEMES = ("bijstand", "bijzondere-bijstand", "inkomenstoeslag", "stadspas")
STATUSES = ("received", "in_progress", "info_needed", "decided")
NAMES = ("Jansen", "de Vries", "Bakker", "El Amrani", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder", "Kok")
RUNS = 25
# The history after "submitted": (kinds, share of cases). A pending proposal is one not
# (yet) followed by an approval, send-back or decision.
OPEN_HISTORIES = (
    ((), 0.35),
    (("status",), 0.30),
    (("status", "note", "info_requested", "info_answered"), 0.20),
    (("status", "decision_proposed"), 0.06),
    (("status", "decision_proposed", "decision_sent_back"), 0.04),
    (("status", "decision_proposed", "decision_sent_back", "decision_proposed"), 0.02),
    (("status", "note", "message"), 0.03),
)
CLOSED_HISTORIES = (
    (("status", "decision_proposed", "decision"), 0.6),
    (("status", "decision_proposed", "decision_approved", "decision"), 0.4),
)


def _history(rng: random.Random, closed: bool) -> tuple[str, ...]:
    histories = CLOSED_HISTORIES if closed else OPEN_HISTORIES
    kinds = rng.choices([h for h, _ in histories], weights=[w for _, w in histories])[0]
    return ("submitted", *kinds)


async def generate(database: Database, tenant: str, count: int, seed: int) -> uuid.UUID:
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    async with database.session(tenant) as session:
        employees = [Employee(subject=f"bench-{i}", name=f"Medewerker {i}", roles=["caseworker"]) for i in range(8)]
        citizen = Citizen(bsn="111222333", name="Bench Citizen", first_name="Bench")
        session.add_all([*employees, citizen])
        await session.flush()
        ids = [e.id for e in employees]
        rows, events = [], []
        for i in range(count):
            submitted = now - timedelta(days=rng.uniform(0, 90))
            closed = rng.random() < 0.3
            rows.append(dict(
                id=uuid.uuid4(), tenant_id=tenant, reference=f"B{tenant[:2].upper()}-2026-{i:06d}",
                scheme=rng.choice(SCHEMES), kind="application", citizen_id=citizen.id,
                citizen_name=f"{rng.choice(('Anna', 'Mark', 'Fatima', 'Youssef', 'Lotte'))} {rng.choice(NAMES)} {i}",
                status="decided" if closed else rng.choice(STATUSES[:3]), submitted_at=submitted,
                assignee_id=rng.choice(ids + [None] * 3), closed=closed, answers={},
                deadline_sort=None if closed or rng.random() < 0.05 else submitted + timedelta(weeks=8), created_at=submitted,
            ))
            for sequence, kind in enumerate(_history(rng, closed), start=1):
                by_citizen = kind in ("submitted", "info_answered")
                events.append(dict(
                    id=uuid.uuid4(), tenant_id=tenant, case_id=rows[-1]["id"], sequence=sequence, kind=kind,
                    actor_kind="citizen" if by_citizen else "employee",
                    actor_id=citizen.id if by_citizen else rng.choice(ids), at=submitted + timedelta(days=sequence),
                    data={}, internal=kind.startswith("decision_") or kind == "note",
                ))
        for start in range(0, count, 5000):
            await session.execute(insert(Case), rows[start:start + 5000])
        for start in range(0, len(events), 5000):
            await session.execute(insert(CaseEvent), events[start:start + 5000])
        await session.commit()
        return ids[0]


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return f"p50 {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms"


async def measure(database: Database, tenant: str, me: uuid.UUID, count: int) -> list[tuple[str, str]]:
    QueueFilter, encode_cursor, facet_counts, queue_page = (  # noqa: N806 - the module's names
        queue.QueueFilter, queue.encode_cursor, queue.facet_counts, queue.queue_page)
    async def timed(make) -> list[float]:
        samples = []
        for _ in range(RUNS):
            async with database.session(tenant) as session:
                started = time.perf_counter()
                await make(session)
                samples.append((time.perf_counter() - started) * 1000)
        return samples

    async with database.session(tenant) as session:
        # A cursor halfway down the open queue, as if someone clicked "next" 1,400 times.
        middle = await session.scalar(
            select(Case).where(Case.closed.is_(False), Case.deadline_sort.is_not(None))
            .order_by(Case.deadline_sort, Case.id).offset(count // 3).limit(1))
        deep_cursor = encode_cursor(middle)
    everything = QueueFilter()
    filtered = QueueFilter(scheme="bijstand", assignee="nobody", deadline="overdue")
    search = QueueFilter(q="Yilmaz 4")
    approval = QueueFilter(approval="mine")
    return [
        ("first page (no counts)", _ms(await timed(lambda s: queue_page(s, everything, me=me, with_counts=False)))),
        ("deep page via keyset", _ms(await timed(lambda s: queue_page(s, everything, me=me, cursor=deep_cursor, with_counts=False)))),
        ("filtered page", _ms(await timed(lambda s: queue_page(s, filtered, me=me, with_counts=False)))),
        ("search by name", _ms(await timed(lambda s: queue_page(s, search, me=me, with_counts=False)))),
        ("filter counts (4 facets)", _ms(await timed(lambda s: facet_counts(s, filtered, me=me, now=datetime.now(timezone.utc))))),
        ("first page with counts", _ms(await timed(lambda s: queue_page(s, everything, me=me)))),
        ("waiting for me, with counts", _ms(await timed(lambda s: queue_page(s, approval, me=me)))),
        ("search, with counts", _ms(await timed(lambda s: queue_page(s, search, me=me)))),
    ]


async def run(url: str, label: str, count: int) -> None:
    database = Database(url)
    try:
        started = time.perf_counter()
        me = await generate(database, "amsterdam", count, seed=1)
        await generate(database, "rotterdam", count // 5, seed=2)
        if url.startswith("postgresql"):
            async with database.engine.begin() as connection:
                await connection.execute(text("ANALYZE cases"))
                await connection.execute(text("ANALYZE case_events"))
        print(f"\n== {label}: {count:,} cases generated in {time.perf_counter() - started:.1f} s")
        for name, result in await measure(database, "amsterdam", me, count):
            print(f"  {name:28s} {result}")
    finally:
        await database.dispose()


async def _pg_admin(statement: str) -> None:
    engine = create_async_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queue-file", help="measure this copy of portal/backoffice/queue.py instead")
    args = parser.parse_args()
    if args.queue_file:
        global queue
        spec = importlib.util.spec_from_file_location("bench_queue", args.queue_file)
        queue = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(queue)
        print(f"(measuring {args.queue_file})")
    import_models()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        upgrade(url)
        asyncio.run(run(url, "SQLite", args.cases))
    name = f"portal_bench_{os.getpid()}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - no PostgreSQL here: SQLite numbers only
        print(f"\n(PostgreSQL not reachable, skipped: {type(error).__name__})")
        return
    try:
        pg_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
        upgrade(pg_url)
        asyncio.run(run(pg_url, "PostgreSQL", args.cases))
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
