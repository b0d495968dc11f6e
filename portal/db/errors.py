"""Which errors mean "the database is away" (rather than a bug in a statement).

A refused or silent server, a dropped connection, a pool with no free connection, a
statement cut off by its timeout: the page says "temporarily unavailable, try again in a
few minutes" (503 with Retry-After), not "there is a problem with the service" (500).
"""

from __future__ import annotations

import asyncio
import traceback

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# The drivers raise socket errors (refused, reset, timed out while connecting) unwrapped.
_DRIVERS = ("asyncpg", "aiosqlite", "sqlalchemy", "sqlite3")


def _raised_in_driver(error: BaseException) -> bool:
    for frame, _line in traceback.walk_tb(error.__traceback__):
        if frame.f_globals.get("__name__", "").split(".")[0] in _DRIVERS:
            return True
    return False


def database_unavailable(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    # OSError includes asyncio's TimeoutError; only when it came out of the database
    # driver (a document missing on disk is no outage).
    return isinstance(error, (OSError, asyncio.TimeoutError)) and _raised_in_driver(error)
