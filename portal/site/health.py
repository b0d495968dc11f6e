"""Readiness: does each dependency answer, asked at once and within a second.

A load balancer asks /readyz every few seconds; a silent database or Redis must not
make it wait (it would count the answer as a timeout, not as "not ready"), and the
operator reading the answer wants to know which dependency is down.
"""

from __future__ import annotations

import asyncio
from typing import Any

# Each check gets this long; they run side by side, so /readyz answers within a second.
CHECK_SECONDS = 0.8


async def _redis_answers(client: Any, timeout: float) -> bool:
    try:
        return bool(await asyncio.wait_for(client.ping(), timeout))
    except Exception:  # noqa: BLE001 - refused, reset or silent: all mean "does not answer"
        return False


async def readiness(database: Any, redis: Any, timeout: float = CHECK_SECONDS) -> tuple[bool, dict[str, str]]:
    """(ready, {"database": "ok" | "unavailable", "redis": … when configured})."""
    checks = {"database": database.ping(timeout)}
    if redis is not None:
        checks["redis"] = _redis_answers(redis, timeout)
    answers = await asyncio.gather(*checks.values())
    found = {name: "ok" if ok else "unavailable" for name, ok in zip(checks, answers)}
    return all(answers), found
