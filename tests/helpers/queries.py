"""Counting the SQL statements the app sends while a test makes a request.

    async with counting_queries(app) as queries:
        await client.get("/amsterdam/mijn", expect=200)
    assert len(queries) <= 7, queries.listing()

Every statement the app's engine sends to the database counts (SQLAlchemy's
`before_cursor_execute`), the per-transaction tenant setting on PostgreSQL included: each
one is a round trip.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import event


class Queries(list):
    def listing(self) -> str:
        return "\n".join(f"{n:3}. {' '.join(sql.split())[:200]}" for n, sql in enumerate(self, 1))


@asynccontextmanager
async def counting_queries(app) -> AsyncIterator[Queries]:
    engine = app.state.database.engine.sync_engine
    queries = Queries()

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        queries.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", count)
