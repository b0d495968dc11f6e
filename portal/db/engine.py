"""The database: one async engine per process, sessions scoped to a tenant."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, AsyncIterator, Mapping

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


def create_engine(
    url: str,
    *,
    app_role: str | None = None,
    echo: bool = False,
    connect_timeout: float | None = None,
    statement_timeout: float | None = None,
    pool_timeout: float | None = None,
    pool_size: int | None = None,
    max_overflow: int | None = None,
) -> AsyncEngine:
    """The engine; the timeouts (seconds) bound how long a silent database can hold a caller.

    On PostgreSQL `connect_timeout` covers the whole connection handshake, and
    `statement_timeout` is set twice: asyncpg's command timeout gives up on a server
    that stopped answering, the server's own statement_timeout cancels a statement that
    runs too long (and frees its locks). `pool_timeout` is the wait for a pooled
    connection when all are in use; `pool_size` and `max_overflow` size the pool (per
    process: a worker opens at most their sum).
    """
    kwargs: dict = {"echo": echo, "pool_pre_ping": True}
    if pool_timeout is not None:
        kwargs["pool_timeout"] = pool_timeout
    if pool_size is not None:
        kwargs["pool_size"] = pool_size
    if max_overflow is not None:
        kwargs["max_overflow"] = max_overflow
    if url.startswith("sqlite"):
        kwargs.pop("pool_pre_ping")
        kwargs["connect_args"] = {"timeout": 30}  # waiting for the write lock, not for a server
    elif url.startswith("postgresql+asyncpg"):
        connect_args: dict = {}
        if connect_timeout is not None:
            connect_args["timeout"] = connect_timeout
        if statement_timeout is not None:
            connect_args["command_timeout"] = statement_timeout
            connect_args["server_settings"] = {"statement_timeout": str(int(statement_timeout * 1000))}
        kwargs["connect_args"] = connect_args
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


# What a unit of work knows besides its tenant's id: the tenant's configuration and the
# site (public address, templates), for services that word mails and letters. Read them
# through portal.tenancy.scope.
TENANT_CONFIG_KEY = "portal.tenant"
SITE_KEY = "portal.site"


class Database:
    """Holds the engine; hands out sessions that know their tenant.

    `tenants` (slug -> tenant configuration) and `site` are put on every session, so the
    services of a unit of work find the configuration of the tenant they work for without
    any module-level state.
    """

    def __init__(
        self, url: str, *, app_role: str | None = None, tenants: Mapping[str, Any] | None = None, site: Any = None,
        timeouts: Mapping[str, float] | None = None,
    ):
        self.url = url
        self.engine = create_engine(url, app_role=app_role, **dict(timeouts or {}))
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Connections taken from the pool and not yet given back (a gauge for tests and
        # operators: a page renders with none held, see portal.web.deps.provide_db).
        self.connections_in_use = 0
        event.listen(self.engine.sync_engine, "checkout", self._checked_out)
        event.listen(self.engine.sync_engine, "checkin", self._checked_in)
        self.tenants = dict(tenants or {})
        self.site = site

    def _checked_out(self, *_args) -> None:
        self.connections_in_use += 1

    def _checked_in(self, *_args) -> None:
        self.connections_in_use -= 1

    @classmethod
    def from_settings(cls, settings, *, tenants: Mapping[str, Any] | None = None, site: Any = None) -> "Database":
        # On PostgreSQL the app switches to a role that row-level security binds.
        app_role = None if settings.is_sqlite else settings.database_app_role
        timeouts = {
            "connect_timeout": settings.database_connect_timeout,
            "statement_timeout": settings.database_statement_timeout,
            "pool_timeout": settings.database_pool_timeout,
            "pool_size": settings.database_pool_size,
            "max_overflow": settings.database_max_overflow,
        }
        return cls(settings.database_url, app_role=app_role, tenants=tenants, site=site, timeouts=timeouts)

    def session(self, tenant_id: str | None) -> AsyncSession:
        session = self._sessions()
        session.info[TENANT_KEY] = tenant_id
        session.info[TENANT_CONFIG_KEY] = self.tenants.get(tenant_id) if tenant_id else None
        session.info[SITE_KEY] = self.site
        return session

    @contextlib.asynccontextmanager
    async def tenant_session(self, tenant_id: str) -> AsyncIterator[AsyncSession]:
        async with self.session(tenant_id) as session:
            yield session

    async def ping(self, timeout: float = 0.8) -> bool:
        """Does the database answer within `timeout` seconds (readiness asks only that)."""

        async def _select_one() -> None:
            async with self.engine.connect() as connection:
                await connection.execute(text("select 1"))

        try:
            await asyncio.wait_for(_select_one(), timeout)
            return True
        except Exception:  # noqa: BLE001 - readiness only asks "does it answer"
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()
