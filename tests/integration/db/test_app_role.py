"""The PostgreSQL app role: created safely by concurrent migrations, named by the settings."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from click.testing import CliRunner

from portal.db.rls import create_role_sql
from tests.conftest import PG_ADMIN_URL, WORKER, pg_admin, pg_url

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def test_two_migrations_creating_the_app_role_at_once_both_succeed(backend):
    """What two xdist workers migrating their own databases do on a fresh server: the
    second CREATE ROLE waits for the first transaction and then meets its row."""
    role = f"portal_race_{WORKER}".lower()
    first, second = await asyncpg.connect(_dsn(PG_ADMIN_URL)), await asyncpg.connect(_dsn(PG_ADMIN_URL))
    try:
        await first.execute(f'DROP ROLE IF EXISTS "{role}"')
        first_tx, second_tx = first.transaction(), second.transaction()
        await first_tx.start()
        await second_tx.start()
        await first.execute(create_role_sql(role))
        waiting = asyncio.create_task(second.execute(create_role_sql(role)))
        await asyncio.sleep(0.3)
        # Proof the two overlapped: the second is blocked on the first's uncommitted role.
        assert not waiting.done()
        await first_tx.commit()
        await asyncio.wait_for(waiting, timeout=10)  # raises UniqueViolationError if not caught
        await second_tx.commit()
        assert await first.fetchval("SELECT count(*) FROM pg_roles WHERE rolname = $1", role) == 1
    finally:
        await first.execute(f'DROP ROLE IF EXISTS "{role}"')
        await first.close()
        await second.close()


async def test_portal_db_upgrade_grants_to_the_role_of_database_app_role(backend, monkeypatch):
    from portal.cli import main

    role = f"portal_custom_{WORKER}".lower()
    database = f"portal_role_{WORKER}".lower()
    pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{database}" TEMPLATE template0')
    monkeypatch.setenv("DATABASE_URL", pg_url(database))
    monkeypatch.setenv("DATABASE_APP_ROLE", role)
    monkeypatch.setenv("SECRET_KEY", "test-secret-key-" + "x" * 32)
    try:
        result = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        connection = await asyncpg.connect(_dsn(pg_url(database)))
        try:
            granted = await connection.fetchval(
                "SELECT has_table_privilege($1, 'outbox_messages', 'SELECT, INSERT, UPDATE, DELETE')", role
            )
            audit_update = await connection.fetchval(
                "SELECT has_table_privilege($1, 'audit_entries', 'UPDATE')", role
            )
        finally:
            await connection.close()
        assert granted is True
        assert audit_update is False  # append-only stays append-only for the named role too
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        pg_admin(f'DROP ROLE IF EXISTS "{role}"')
