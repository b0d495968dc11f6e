"""The database: one async engine per process, sessions scoped to a tenant."""

from __future__ import annotations

import contextlib
from typing import AsyncIterator

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from portal.db import tenant_filter  # noqa: F401 - registers the session events
from portal.db.tenant_filter import TENANT_KEY


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work during a write; FULL makes a committed submission survive a
    # power cut; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, app_role: str | None = None, echo: bool = False) -> AsyncEngine:
    kwargs: dict = {"echo": echo, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs.pop("pool_pre_ping")
        kwargs["connect_args"] = {"timeout": 30}
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql" and app_role:

        def _become_app_role(dbapi_connection, _record) -> None:
            # asyncpg's adapted connection runs plain SQL through a cursor.
            cursor = dbapi_connection.cursor()
            cursor.execute(f'SET ROLE "{app_role}"')
            cursor.close()

        event.listen(engine.sync_engine, "connect", _become_app_role)
    return engine


class Database:
    """Holds the engine; hands out sessions that know their tenant."""

    def __init__(self, url: str, *, app_role: str | None = None):
        self.url = url
        self.engine = create_engine(url, app_role=app_role)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self, tenant_id: str | None) -> AsyncSession:
        session = self._sessions()
        session.info[TENANT_KEY] = tenant_id
        return session

    @contextlib.asynccontextmanager
    async def tenant_session(self, tenant_id: str) -> AsyncIterator[AsyncSession]:
        async with self.session(tenant_id) as session:
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("select 1"))
            return True
        except Exception:  # noqa: BLE001 - readiness only asks "does it answer"
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()
