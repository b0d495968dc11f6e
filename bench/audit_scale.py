"""Benchmark: the audit log at scale (issue 20): chaining, a full verify and a daily
incremental verify over millions of entries. Not part of CI or `make bench`: at the
default 10 million entries it writes ~5 GB and takes a long while; run it by hand.

    .venv/bin/python bench/audit_scale.py                      # 10,000,000 entries, SQLite
    .venv/bin/python bench/audit_scale.py --entries 200000     # a quick run
    PG_BENCH_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/audit_scale.py --database postgresql

It makes a scratch database (SQLite under a temporary folder, or a new database `bench_audit`
on the PostgreSQL server), migrates it, writes `--entries` entries of one tenant the way
`portal.audit.service.record` does (unchained, in bulk), then times with the portal's own
functions: `chain` (what the worker does after commit), a full verify with checkpoint
(`verify_and_checkpoint`, what `portal audit verify` runs), `--daily` new entries (default
10,000) chained, and an incremental verify (`portal audit verify --incremental`). Prints
seconds and entries per second per step. (That a changed or missing entry is named is
tested in tests/integration/audit; the log's triggers refuse changes here.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from portal import clock  # noqa: E402
from portal.audit import service  # noqa: E402
from portal.audit.models import AuditEntry  # noqa: E402
from portal.db import Database  # noqa: E402
from portal.db.migrate import upgrade  # noqa: E402
from portal.domains import import_models  # noqa: E402

TENANT = "amsterdam"
PG_ADMIN = os.environ.get("PG_BENCH_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
ACTIONS = ("case.viewed", "case.viewed", "case.viewed", "case.status", "case.note", "document.viewed")


async def write_entries(database: Database, count: int, seed: int, batch: int = 20_000) -> None:
    rng = random.Random(seed)
    employees = [uuid.uuid4() for _ in range(200)]
    cases = [uuid.uuid4() for _ in range(20_000)]
    start = clock.now() - timedelta(days=365)
    async with database.session(TENANT) as session:
        for offset in range(0, count, batch):
            rows = [dict(id=uuid.uuid4(), tenant_id=TENANT, at=start + timedelta(seconds=(offset + i) * 3),
                         actor_kind="employee", actor_id=rng.choice(employees), actor_roles=["caseworker"],
                         action=rng.choice(ACTIONS), case_id=rng.choice(cases), subject=None, detail={})
                    for i in range(min(batch, count - offset))]
            await session.execute(insert(AuditEntry), rows)
            await session.commit()


async def timed(label: str, entries: int, work) -> object:
    began = time.perf_counter()
    result = await work
    seconds = time.perf_counter() - began
    rate = f", {entries / seconds:,.0f} entries/s" if entries and seconds else ""
    print(f"  {label:<34} {seconds:9.1f} s{rate}", flush=True)
    return result


async def run(url: str, entries: int, daily: int) -> int:
    database = Database(url)
    try:
        await timed(f"write {entries:,} entries", entries, write_entries(database, entries, seed=1))
        async with database.session(TENANT) as session:
            await timed("chain them (the worker)", entries, service.chain(session, wait=True))
        async with database.session(TENANT) as session:
            walked = await timed("full verify + checkpoint", entries, service.verify_and_checkpoint(session))
        assert not walked.problems, walked.problems[:3]
        await timed(f"write {daily:,} more (a day)", daily, write_entries(database, daily, seed=2))
        async with database.session(TENANT) as session:
            walked = await timed("incremental verify (chains first)", daily,
                                 service.verify_and_checkpoint(session, incremental=True))
        assert not walked.problems and walked.checked == daily, (walked.checked, walked.problems[:3])
        return 0
    finally:
        await database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--daily", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    import_models()
    if args.database == "sqlite":
        folder = tempfile.mkdtemp(prefix="audit-scale-")
        url = f"sqlite+aiosqlite:///{folder}/audit.db"
    else:
        async def fresh() -> None:
            admin = create_async_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            async with admin.connect() as connection:
                await connection.execute(text("DROP DATABASE IF EXISTS bench_audit WITH (FORCE)"))
                await connection.execute(text("CREATE DATABASE bench_audit"))
            await admin.dispose()

        asyncio.run(fresh())
        url = PG_ADMIN.rsplit("/", 1)[0] + "/bench_audit"
    upgrade(url)
    print(f"audit log at {args.entries:,} entries on {args.database} ({url})", flush=True)
    return asyncio.run(run(url, args.entries, args.daily))


if __name__ == "__main__":
    sys.exit(main())
