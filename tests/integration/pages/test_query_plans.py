"""SQLite picks the index that finds a citizen's cases (and a case's objections,
documents and appointments) rather than the tenant's index, which reads every case of
the city: EXPLAIN QUERY PLAN of every statement the citizen's pages send."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from tests.helpers.auth import login_citizen
from tests.integration.backoffice.helpers import make_case
from tests.integration.pages.test_query_budgets import CITIZEN_PAGES

BSN = "111222333"
# The tables migration 0080 gave (tenant_id, owner) indexes.
TABLES = {"cases", "documents", "appointments"}


def _plans(settings, statements) -> list[tuple[str, list[str]]]:
    path = settings.database_url.split(":///", 1)[1]
    with sqlite3.connect(path) as connection:
        return [(statement, [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)])
                for statement, parameters in statements if statement.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # EXPLAIN QUERY PLAN is SQLite's
@pytest.mark.parametrize("page", ["mijn overzicht", "case page"])
async def test_a_citizens_pages_never_search_by_the_tenant_alone(client, app, database, backend, settings, page):
    case = await make_case(app, database=database, bsn=BSN, scheme="bijstand")
    await make_case(app, database=database, bsn=BSN, scheme="stadspas")
    await make_case(app, database=database, bsn="123456782", scheme="bijstand")  # someone else's
    await login_citizen(client, "amsterdam", BSN)
    sent: list = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters))

    event.listen(app.state.database.engine.sync_engine, "before_cursor_execute", record)
    await client.get(CITIZEN_PAGES[page].format(case=case.id), expect=200)
    plans = _plans(settings, sent)
    # Each query for the citizen's cases searches by the citizen (or by the case's id).
    citizen_cases = [plan for statement, plan in plans if "FROM cases" in statement and "cases.citizen_id = ?" in statement]
    assert citizen_cases, f"{page} sent no query for the citizen's cases"
    assert all(any("citizen_id=?" in step or "(id=?)" in step for step in plan) for plan in citizen_cases), citizen_cases
    tenant_only = [(" ".join(statement.split())[:160], plan) for statement, plan in plans
                   if any(step.endswith("_tenant_id (tenant_id=?)") and step.split()[1] in TABLES for step in plan)]
    assert not tenant_only, "\n".join(f"{s}\n    {p}" for s, p in tenant_only)
