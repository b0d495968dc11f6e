"""Run the Alembic migrations from code (`portal db upgrade`, tests, `make run`)."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.config import Config

from portal.db.threads import run_in_thread
from portal.settings import PROJECT_ROOT


def alembic_config(database_url: str, *, app_role: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if app_role:
        # Read by migrations/env.py and portal/db/rls.py; without it, DATABASE_APP_ROLE or the default.
        config.attributes["app_role"] = app_role
    return config


def upgrade(database_url: str, revision: str = "heads", *, app_role: str | None = None) -> None:
    """Every domain has its own migration branch, so the target is all heads.

    `app_role` is the PostgreSQL role the app will switch to (`Settings.database_app_role`):
    the migrations create it if needed and grant it access to the tables."""

    def _upgrade() -> None:
        command.upgrade(alembic_config(database_url, app_role=app_role), revision)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _upgrade()
        return
    # env.py runs its own event loop; from inside a running loop, use a thread.
    run_in_thread(_upgrade)
