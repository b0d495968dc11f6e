"""The HTTP client of the tests (after GOV.UK Notify's `client_request`).

Every request states the status it expects, and a redirect states where it goes:

    page = await client.get("/amsterdam/mijn", expect=200)
    await client.get("/amsterdam/mijn", expect=303, redirect_to="/amsterdam/login?next=/amsterdam/mijn")
    await client.post(url, data=form, expect=303, redirect_to=re.compile(r"/amsterdam/zaken/[0-9a-f-]{36}"))

Redirects are not followed unless the test asks (`follow_redirects=True`); a followed
redirect also states its target, then the address of the page it ended on. A response
with another status fails the test with what came back. Every full HTML page that
comes back passes the shared page check (tests/pagecheck.py), with the app's own route
table for the form actions.

Tests that need a client of their own (a second visitor, another app) open one with
`async with checked_client(app) as other:` so it gets the same checks.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator
from urllib.parse import urlsplit

import httpx

from tests.pagecheck import RouteTable, check_response

BASE_URL = "http://testserver.local"
REDIRECTS = {301, 302, 303, 307, 308}


class UnexpectedResponse(AssertionError):
    pass


def _local(url: str, base_url: str) -> str:
    """`url` as path and query when it is on the app's own origin, else as it is."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.netloc and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return url
    return parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _summary(response: httpx.Response) -> str:
    if "text/html" in response.headers.get("content-type", ""):
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
        errors = re.findall(r'class="error-message"[^>]*>(.*?)</p>', response.text, re.S)
        text = " ".join(re.sub(r"<[^>]+>|\s+", " ", part).strip() for part in ([heading.group(1)] if heading else []) + errors)
        return text[:300]
    return response.text[:300]


class CheckedClient:
    """Wraps Litestar's AsyncTestClient; everything but the request methods passes through."""

    def __init__(self, inner, app):
        self._inner = inner
        self.app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def request(
        self,
        method: str,
        url: str,
        *,
        expect: int,
        redirect_to: str | re.Pattern[str] | None = None,
        follow_redirects: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        response = await self._inner.request(method, url, follow_redirects=follow_redirects, **kwargs)
        base = str(self._inner.base_url)
        where = f"{method} {url}"
        if response.status_code != expect:
            location = response.headers.get("location")
            raise UnexpectedResponse(
                f"{where}: expected {expect}, got {response.status_code}"
                + (f" to {_local(location, base)}" if location else "")
                + (f": {_summary(response)}" if not location else "")
            )
        if expect in REDIRECTS:
            arrived = _local(response.headers["location"], base)
        elif response.history:
            arrived = _local(str(response.url), base)
        else:
            if redirect_to is not None:
                raise UnexpectedResponse(f"{where}: redirect_to={redirect_to!r} given, but nothing redirected")
            return response
        if redirect_to is None:
            raise UnexpectedResponse(f"{where}: redirected to {arrived}; state it with redirect_to=")
        matches = redirect_to.fullmatch(arrived) if isinstance(redirect_to, re.Pattern) else redirect_to == arrived
        if not matches:
            raise UnexpectedResponse(f"{where}: redirected to {arrived}, expected {redirect_to!r}")
        return response

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)


@asynccontextmanager
async def checked_client(app, base_url: str = BASE_URL, **kwargs: Any) -> AsyncIterator[CheckedClient]:
    """An HTTP client on `app` (lifespan included) whose every page passes the page check."""
    from litestar.testing import AsyncTestClient

    routes = RouteTable(app)

    async def check(response: httpx.Response) -> None:
        await check_response(response, routes)

    async with AsyncTestClient(app=app, base_url=base_url, **kwargs) as inner:
        inner.event_hooks["response"].append(check)
        yield CheckedClient(inner, app)
