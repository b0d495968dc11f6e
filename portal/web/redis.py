"""Redis as a dependency that may go away: short timeouts, no retries, a breaker.

Redis holds the sessions and the rate limiter's counts when several workers share them.
When it is refused or hangs, a request must not wait for it for seconds, nor answer
500: the callers (portal.web.sessions, portal.web.ratelimit) decide what a request does
without it. This module makes every failure look the same (RedisUnavailable) and quick:
after one failure, the breaker answers "unavailable" at once for a few seconds instead
of every request waiting for its own timeout.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from litestar.stores.base import Store
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from portal import clock

log = logging.getLogger("portal.redis")
# What a refused, reset or silent Redis raises.
REDIS_ERRORS = (RedisError, OSError, asyncio.TimeoutError)
COOL_DOWN_SECONDS = 5.0


class RedisUnavailable(RuntimeError):
    """Redis did not answer (refused, reset, or not within the timeout)."""


class Breaker:
    """Remembers a failure for `cool_down` seconds, so callers skip a dependency that
    just failed; logs the outage once when it starts and once when it ends."""

    def __init__(self, name: str, cool_down: float = COOL_DOWN_SECONDS):
        self.name = name
        self.cool_down = cool_down
        self._open_until = 0.0
        self._down = False

    @property
    def open(self) -> bool:
        return clock.monotonic() < self._open_until

    def failed(self, error: BaseException) -> None:
        self._open_until = clock.monotonic() + self.cool_down
        if not self._down:
            self._down = True
            log.warning("%s unavailable (%s: %s); going on without it", self.name, type(error).__name__, error)

    def succeeded(self) -> None:
        if self._down:
            self._down = False
            log.warning("%s available again", self.name)


def redis_client(url: str, timeout: float) -> Redis:
    """A client that gives up after `timeout` seconds and does not retry by itself."""
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))


async def call(breaker: Breaker, timeout: float, coroutine_function, *args: Any, **kwargs: Any) -> Any:
    """Run one Redis call through the breaker; every failure becomes RedisUnavailable."""
    if breaker.open:
        raise RedisUnavailable(f"{breaker.name} failed moments ago")
    try:
        # The socket timeouts bound each read and write; this bounds the whole call.
        result = await asyncio.wait_for(coroutine_function(*args, **kwargs), timeout * 2)
    except REDIS_ERRORS as error:
        breaker.failed(error)
        raise RedisUnavailable(str(error)) from error
    breaker.succeeded()
    return result


async def ping(client: Redis, timeout: float) -> bool:
    try:
        return bool(await asyncio.wait_for(client.ping(), timeout))
    except REDIS_ERRORS:
        return False


class GuardedRedisStore(Store):
    """Litestar's RedisStore, with every failure quick and named RedisUnavailable."""

    def __init__(self, client: Redis, *, namespace: str, timeout: float, breaker: Breaker):
        self._store = RedisStore(client, namespace=namespace)
        self._timeout = timeout
        self._breaker = breaker

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        await call(self._breaker, self._timeout, self._store.set, key, value, expires_in=expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        return await call(self._breaker, self._timeout, self._store.get, key, renew_for=renew_for)

    async def delete(self, key: str) -> None:
        await call(self._breaker, self._timeout, self._store.delete, key)

    async def delete_all(self) -> None:
        await call(self._breaker, self._timeout, self._store.delete_all)

    async def exists(self, key: str) -> bool:
        return await call(self._breaker, self._timeout, self._store.exists, key)

    async def expires_in(self, key: str) -> int | None:
        return await call(self._breaker, self._timeout, self._store.expires_in, key)
