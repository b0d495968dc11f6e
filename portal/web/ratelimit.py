"""Form posts per client address per minute, counted atomically, failing open.

Litestar's limiter reads the count, decides, and writes it back: two workers (or two
requests of one worker on two event-loop turns) read the same count, and 300 posts
against a limit of 120 let 130 through. Here one Redis script raises the count and
starts the minute in one step, so every worker sees every post.

Without Redis the count is a local store (one machine, the embedded setup), kept
consistent within the process by a lock.

When Redis is away the limiter lets the post through and logs a warning (once per
outage, see portal.web.redis.Breaker): a city would rather have the portal up without
its flood guard for a few minutes than every form refused.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Protocol

from litestar.exceptions import TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.stores.base import Store
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send
from redis.asyncio import Redis

from portal import clock
from portal.web.redis import Breaker, RedisUnavailable, call

WINDOW_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# INCR and the minute's expiry in one atomic step; the first post of a minute starts it.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


class Counter(Protocol):
    async def hit(self, identifier: str) -> tuple[int, int]:
        """Count one post; (posts this minute including this one, seconds until the minute ends)."""


class RedisCounter:
    def __init__(self, client: Redis, *, namespace: str, timeout: float, breaker: Breaker):
        self.client = client
        self.prefix = f"{namespace}:ratelimit:"
        self.timeout = timeout
        self.breaker = breaker

    async def hit(self, identifier: str) -> tuple[int, int]:
        count, ttl = await call(self.breaker, self.timeout, self.client.eval, _HIT, 1, self.prefix + identifier,
                                str(WINDOW_SECONDS))
        return int(count), int(ttl)


class StoreCounter:
    """One process's count in a Litestar store (the embedded setup, one worker)."""

    def __init__(self, store: Store):
        self.store = store
        self._lock = asyncio.Lock()

    async def hit(self, identifier: str) -> tuple[int, int]:
        async with self._lock:
            now = clock.timestamp()
            raw = await self.store.get(identifier)
            window = json.loads(raw) if raw else None
            if window is None or window["reset"] <= now:
                window = {"count": 0, "reset": now + WINDOW_SECONDS}
            window["count"] += 1
            await self.store.set(identifier, json.dumps(window), expires_in=max(1, window["reset"] - now))
            return window["count"], window["reset"] - now


def client_address(scope: Scope) -> str:
    # uvicorn puts the proxy's client address here when it trusts the proxy headers.
    client = scope.get("client")
    return client[0] if client else "unknown"


class PostLimitMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, *, limit: int, counter: Counter, exclude: tuple[str, ...] = (), counted_gets: tuple[str, ...] = ()):
        self.limit = limit
        self.counter = counter
        self.exclude_path_pattern = exclude or None
        # GETs that create state (a login start writes a session) count like posts.
        self.counted_gets = re.compile("|".join(counted_gets)) if counted_gets else None

    def counts(self, scope: Scope) -> bool:
        if scope["method"] not in SAFE_METHODS:
            return True
        return self.counted_gets is not None and self.counted_gets.search(scope["path"]) is not None

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if self.counts(scope):
            try:
                count, reset = await self.counter.hit(client_address(scope))
            except RedisUnavailable:
                pass  # fail open; the breaker logged the outage
            else:
                if count > self.limit:
                    raise TooManyRequestsException(headers={
                        "Retry-After": str(reset),
                        "RateLimit-Limit": str(self.limit),
                        "RateLimit-Remaining": "0",
                        "RateLimit-Reset": str(reset),
                    })
        await next_app(scope, receive, send)
