"""Benchmark: the work coach's caseload (300 clients) and a client record (20 cases, 60
contact moments, 40 actions), at 1,000 and at 100,000 clients in the tenant.

Generates the data in a scratch SQLite database (and in PostgreSQL when one answers at
PG_BENCH_URL, default the test server), then reports per size the SQL statements each page's
data takes (counted on the engine) and p50/p95 in ms of loading it (portal.werk.service.caseload
with its counts; portal.werk.routes_backoffice.record_context), plus the ratio of p95 at
100,000 to p95 at 1,000 (the target is at most 1.5).

Run: `.venv/bin/python bench/werk.py [--runs 30] [--sizes 1000,100000]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from portal import clock  # noqa: E402
from portal.auth.models import Citizen, Employee  # noqa: E402
from portal.cases.models import Case  # noqa: E402
from portal.db import Database  # noqa: E402
from portal.db.migrate import upgrade  # noqa: E402
from portal.domains import import_models, load_tenants  # noqa: E402
from portal.settings import PROJECT_ROOT  # noqa: E402
from portal.tenancy.scope import tenant_of  # noqa: E402
from portal.werk import service  # noqa: E402
from portal.werk.models import WerkClient, WerkContactMoment, WerkPlan, WerkPlanAction  # noqa: E402

PG_ADMIN = os.environ.get("PG_BENCH_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
TENANT = "amsterdam"
CASELOAD = 300


def _rows(model, rows):
    return insert(model.__table__), rows


async def generate(database: Database, clients: int) -> tuple[uuid.UUID, uuid.UUID]:
    now = datetime.now(timezone.utc)
    today = clock.today()  # the portal's one clock (Europe/Amsterdam)
    coaches = [uuid.uuid4() for _ in range(max(3, clients // CASELOAD + 1))]
    me, subject = coaches[0], None
    async with database.session(TENANT) as session:
        await session.execute(insert(Employee.__table__), [
            {"id": c, "tenant_id": TENANT, "subject": f"bench-coach-{i}", "name": f"Coach {i}", "roles": ["workcoach"],
             "created_at": now} for i, c in enumerate(coaches)])
        for start in range(0, clients, 10_000):
            batch = range(start, min(clients, start + 10_000))
            citizens = [{"id": uuid.uuid4(), "tenant_id": TENANT, "bsn": f"{100000000 + i}", "name": f"Klant {i:06d}",
                         "first_name": "Klant", "locale": "nl", "created_at": now} for i in batch]
            await session.execute(insert(Citizen.__table__), citizens)
            werk = [{"id": uuid.uuid4(), "tenant_id": TENANT, "citizen_id": c["id"], "coach_id": coaches[1 + i % (len(coaches) - 1)] if i >= CASELOAD else me,
                     "plan_due_on": today + timedelta(days=i % 60), "created_at": now, "updated_at": now}
                    for i, c in zip(batch, citizens)]
            await session.execute(insert(WerkClient.__table__), werk)
            plans, actions = [], []
            for i, c in zip(batch, citizens):
                if i % 3:
                    plan = uuid.uuid4()
                    plans.append({"id": plan, "tenant_id": TENANT, "citizen_id": c["id"], "coach_id": None, "route_id": "work-first",
                                  "goals": "Werk", "current_version": 1, "agreed_version": 1 if i % 3 == 1 else None,
                                  "changed": False, "created_at": now, "updated_at": now})
                    actions += [{"id": uuid.uuid4(), "tenant_id": TENANT, "plan_id": plan, "citizen_id": c["id"], "title": "Actie",
                                 "owner": "citizen", "due_on": today + timedelta(days=(i + k) % 30 - 10), "state": "open",
                                 "created_at": now} for k in range(3)]
            await session.execute(insert(WerkPlan.__table__), plans)
            await session.execute(insert(WerkPlanAction.__table__), actions)
            if start == 0:
                subject = citizens[1]["id"]
                subject_plan = next(p["id"] for p in plans if p["citizen_id"] == subject)
        # The record: 20 cases, 60 contact moments, 40 actions.
        await session.execute(insert(Case.__table__), [
            {"id": uuid.uuid4(), "tenant_id": TENANT, "reference": f"AMS-2026-{900000 + k}", "scheme": "bijstand", "kind": "application",
             "citizen_id": subject, "citizen_name": "Klant 000001", "status": "received", "submitted_at": now - timedelta(days=k),
             "closed": False, "answers": {}, "created_at": now} for k in range(20)])
        await session.execute(insert(WerkContactMoment.__table__), [
            {"id": uuid.uuid4(), "tenant_id": TENANT, "citizen_id": subject, "channel": "phone", "happened_on": today - timedelta(days=k),
             "note": "Gebeld", "employee_id": me, "request_id": f"bench:{k}", "created_at": now} for k in range(60)])
        await session.execute(insert(WerkPlanAction.__table__), [
            {"id": uuid.uuid4(), "tenant_id": TENANT, "plan_id": subject_plan, "citizen_id": subject, "title": f"Actie {k}",
             "owner": "citizen", "due_on": today + timedelta(days=k), "state": "open", "created_at": now} for k in range(37)])
        await session.commit()
    return me, subject


async def measure(database: Database, me: uuid.UUID, subject: uuid.UUID, runs: int) -> dict:
    from portal.werk.routes_backoffice import record_context

    statements = {"n": 0}

    def count(*_args):
        statements["n"] += 1

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    results = {}
    try:
        async def caseload(session):
            rows = await service.caseload(session, me)
            assert len(rows) == CASELOAD, len(rows)

        async def record(session):
            employee = await session.get(Employee, me)
            citizen = await session.get(Citizen, subject)
            client = await service.client_row(session, subject)
            context = await record_context(session, tenant_of(session), employee, citizen, client)
            assert len(context["cases"]) == 20 and len(context["contacts"]) == 60 and len(context["actions"]) == 40

        for name, work in (("caseload (300 clients)", caseload), ("client record (20/60/40)", record)):
            times, counts = [], []
            for _ in range(runs):
                async with database.session(TENANT) as session:
                    statements["n"] = 0
                    started = time.perf_counter()
                    await work(session)
                    times.append((time.perf_counter() - started) * 1000)
                    counts.append(statements["n"])
            times.sort()
            results[name] = (max(counts), statistics.median(times), times[int(len(times) * 0.95) - 1])
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)
    return results


async def run(url: str, label: str, sizes: list[int], runs: int, fresh) -> None:
    tenants = load_tenants(PROJECT_ROOT / "tenants")
    by_size = {}
    for size in sizes:
        database_url = await fresh(size)
        database = Database(database_url, tenants=tenants)
        try:
            started = time.perf_counter()
            me, subject = await generate(database, size)
            if database_url.startswith("postgresql"):
                async with database.engine.begin() as connection:
                    await connection.execute(text("ANALYZE"))
            print(f"\n== {label}: {size:,} clients generated in {time.perf_counter() - started:.1f} s")
            by_size[size] = await measure(database, me, subject, runs)
            for name, (statements, p50, p95) in by_size[size].items():
                print(f"  {name:28s} {statements:3d} SQL statements  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        finally:
            await database.dispose()
    if len(sizes) > 1:
        small, large = by_size[sizes[0]], by_size[sizes[-1]]
        for name in small:
            print(f"  p95 ratio {sizes[-1]:,}/{sizes[0]:,} {name:24s} {large[name][2] / small[name][2]:.2f}")


async def _pg_admin(statement: str) -> None:
    engine = create_async_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    import_models()
    with tempfile.TemporaryDirectory() as folder:
        async def fresh_sqlite(size):
            url = f"sqlite+aiosqlite:///{folder}/bench-{size}.db"
            upgrade(url)
            return url

        asyncio.run(run("sqlite", "SQLite", sizes, args.runs, fresh_sqlite))
    if args.sqlite_only:
        return
    names = []
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - no PostgreSQL here: SQLite numbers only
        print(f"\n(PostgreSQL not reachable, skipped: {type(error).__name__})")
        return

    async def fresh_pg(size):
        name = f"portal_bench_werk_{os.getpid()}_{size}"
        names.append(name)
        await _pg_admin(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
        await asyncio.to_thread(upgrade, url)
        return url

    try:
        asyncio.run(run("pg", "PostgreSQL", sizes, args.runs, fresh_pg))
    finally:
        for name in names:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
