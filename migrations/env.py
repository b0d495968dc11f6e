"""Alembic environment: async engine, all domain models, batch mode for SQLite."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from portal.db.base import Base
from portal.db.rls import DEFAULT_APP_ROLE
from portal.domains import import_models

import_models()
config = context.config
target_metadata = Base.metadata
# The PostgreSQL role the app switches to (portal/db/rls.py grants to it): given by
# `portal.db.migrate.upgrade` (from the settings), or `alembic -x app_role=...`, or the
# same environment variable the settings read.
if not config.attributes.get("app_role"):
    config.attributes["app_role"] = (
        context.get_x_argument(as_dictionary=True).get("app_role")
        or os.environ.get("DATABASE_APP_ROLE")
        or DEFAULT_APP_ROLE
    )


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    # Migrations run as the owner of the tables, never as the app role.
    engine = create_async_engine(config.get_main_option("sqlalchemy.url"))
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_online())
