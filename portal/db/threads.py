"""Running work on a thread of its own, for callers that already run an event loop.

Alembic's env.py, the test harness's admin statements and the browser tests' helpers
(Playwright keeps a loop running in the test's thread) all need "run this now, here,
and give me the result or the error": one function for all of them.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


def run_in_thread(work: Callable[[], T]) -> T:
    """Call `work` on a new thread and return its result, re-raising what it raised."""
    outcome: dict = {}

    def _target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=_target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_coroutine_in_thread(make_coroutine: Callable[[], Awaitable[T]]) -> T:
    """`asyncio.run` of the coroutine on a new thread (its own event loop)."""
    return run_in_thread(lambda: asyncio.run(make_coroutine()))
