"""Benchmark: the monthly payment run for many benefits, SEPA file included.

    .venv/bin/python bench/benefits_run.py [-n 50000] [--database-url URL]

Fills a fresh SQLite database (or DATABASE_URL's PostgreSQL with --database-url) with `n`
running benefits of Amsterdam (half singles with work income, half couples with a child
and other income), each with an approved declaration for February 2026, then times
`run_payments` (one transaction per benefit, the amounts in one vectorised rules
simulation, the pain.001 file validated against its XSD). Target: under 60 s on one core.
A second run is timed too: it must pay nobody.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from schwifty import IBAN
from sqlalchemy import func, insert, select

from portal import clock
from portal.db import Database
from portal.db.migrate import upgrade
from portal.domains import import_models, load_tenants
from portal.settings import PROJECT_ROOT

FEB = date(2026, 2, 1)


async def fill(database, n: int) -> None:
    from portal.auth.models import Citizen
    from portal.benefits.models import Benefit, Declaration
    from portal.cases.service import Case

    household = [{"birth_date": "1986-04-12", "partner_birth_date": None, "children": [], "housemates_27_plus": 0,
                  "medical_hours_limit": False, "complete": True},
                 {"birth_date": "1980-01-01", "partner_birth_date": "1982-02-02", "children": ["2019-05-05"],
                  "housemates_27_plus": 0, "medical_hours_limit": False, "complete": True}]
    ibans = [IBAN.generate("NL", bank_code="INGB", account_code=f"{k:010d}").compact for k in range(1000)]
    async with database.session("amsterdam") as session:
        for start in range(0, n, 5000):
            rows = range(start, min(n, start + 5000))
            citizens = [{"id": uuid.uuid4(), "tenant_id": "amsterdam", "bsn": f"{k:09d}", "name": f"Burger {k}",
                         "first_name": "Burger", "locale": "nl"} for k in rows]
            cases = [{"id": uuid.uuid4(), "tenant_id": "amsterdam", "reference": f"AMS-B-{k:07d}", "scheme": "bijstand",
                      "citizen_id": c["id"], "citizen_name": c["name"], "status": "besluit", "answers": {}, "closed": True}
                     for k, c in zip(rows, citizens)]
            benefits = [{"id": uuid.uuid4(), "tenant_id": "amsterdam", "case_id": case["id"], "citizen_id": case["citizen_id"],
                         "reference": case["reference"], "start_date": date(2026, 1, 1), "household": household[k % 2],
                         "iban": ibans[k % 1000], "account_holder": f"Burger {k}", "payment_day": 27, "status": "running"}
                        for k, case in zip(rows, cases)]
            declarations = [{"id": uuid.uuid4(), "tenant_id": "amsterdam", "benefit_id": b["id"], "month": FEB,
                             "status": "approved", "idempotency_key": f"bench-{b['id']}", "late": False,
                             "lines": [{"person": "applicant", "kind": "work" if k % 2 == 0 else "other",
                                        "cents": 40000 + k % 50000, "document_id": None}]}
                            for k, b in zip(rows, benefits)]
            await session.execute(insert(Citizen), citizens)
            await session.execute(insert(Case), cases)
            await session.execute(insert(Benefit), benefits)
            await session.execute(insert(Declaration), declarations)
            await session.commit()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    import_models()
    from portal.benefits.payments import run_payments
    from portal.benefits.models import Payment

    url = args.database_url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    tenants = load_tenants(PROJECT_ROOT / "tenants")
    database = Database(url, tenants=tenants)
    started = time.perf_counter()
    await fill(database, args.n)
    print(f"filled {args.n} benefits in {time.perf_counter() - started:.1f} s")
    with clock.moment(clock.datetime(2026, 3, 27, 6, 0, tzinfo=clock.timezone.utc)):
        for label in ("first run", "second run"):
            async with database.session("amsterdam") as session:
                started, cpu = time.perf_counter(), time.process_time()
                result = await run_payments(session, tenants["amsterdam"], FEB)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                size = len(result.run.sepa_xml or "")
                print(f"{label}: paid {result.paid}, held {len(result.held)}, total {result.run.total} EUR, "
                      f"SEPA file {size / 1e6:.1f} MB, {seconds:.1f} s wall, {cpu:.1f} s CPU")
        async with database.session("amsterdam") as session:
            paid = await session.scalar(select(func.count()).select_from(Payment).where(Payment.status == "paid"))
    print(f"payments: {paid} for {args.n} benefits (nobody twice)")
    await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
