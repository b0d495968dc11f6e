"""The pool per worker is sized by the settings (DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW)."""

from __future__ import annotations

import pytest

from portal.db import Database
from portal.settings import load_settings


@pytest.mark.parametrize("url", ["sqlite+aiosqlite:///{var}/portal.db", "postgresql://postgres@127.0.0.1/test"])
async def test_the_pool_takes_its_size_from_the_settings(tmp_path, url):
    settings = load_settings({"PORTAL_VAR_DIR": str(tmp_path), "DATABASE_URL": url.format(var=tmp_path),
                              "DATABASE_POOL_SIZE": "3", "DATABASE_MAX_OVERFLOW": "7", "SECRET_KEY": "k"})
    assert (settings.database_pool_size, settings.database_max_overflow) == (3, 7)
    database = Database.from_settings(settings)
    try:
        pool = database.engine.pool
        assert pool.size() == 3 and pool._max_overflow == 7  # no connection is made
    finally:
        await database.dispose()


def test_the_defaults_are_five_and_ten(tmp_path):
    settings = load_settings({"PORTAL_VAR_DIR": str(tmp_path), "SECRET_KEY": "k"})
    assert (settings.database_pool_size, settings.database_max_overflow) == (5, 10)
