"""Dependencies every domain uses: the tenant of the request and its database session."""

from __future__ import annotations

from contextvars import ContextVar
from typing import AsyncIterator

from litestar import Request
from litestar.exceptions import NotFoundException
from sqlalchemy.ext.asyncio import AsyncSession

from portal.tenancy import Tenant


def current_tenant(request: Request) -> Tenant:
    tenant = request.state.get("tenant")
    if tenant is None:
        raise NotFoundException()
    return tenant


async def provide_tenant(request: Request) -> Tenant:
    return current_tenant(request)


# The database sessions `provide_db` opened for the request being handled. Litestar ends a
# generator dependency only after the response (a page: its template) is rendered; so
# that a connection is not held while a page renders, `release_connections` closes them
# as soon as the handler has returned (an app-level `after_request`, which runs before the
# response renders). `track_request_sessions` (`before_request`) starts the list; the
# dependency's own `async with` still closes a session on an error.
_REQUEST_SESSIONS: ContextVar[list[AsyncSession] | None] = ContextVar("portal_request_sessions", default=None)


def track_request_sessions() -> None:
    _REQUEST_SESSIONS.set([])


async def release_connections(response):
    """After the handler, before rendering: every session of the request closed (uncommitted
    work rolled back, as at the end of the request before), its connection back in the pool."""
    held = _REQUEST_SESSIONS.get()
    while held:
        await held.pop().close()
    return response


async def provide_db(request: Request) -> AsyncIterator[AsyncSession]:
    """A session bound to the request's tenant; uncommitted work is rolled back. It is closed
    when the handler returns, before the page renders (`release_connections`)."""
    tenant = current_tenant(request)
    async with request.app.state.database.session(tenant.slug) as session:
        held = _REQUEST_SESSIONS.get()
        if held is not None:
            held.append(session)
        yield session


async def provide_settings(request: Request):
    return request.app.state.settings


async def provide_tenants(request: Request) -> dict[str, Tenant]:
    return request.app.state.tenants


async def provide_registry(request: Request):
    return request.app.state.registry


async def provide_rules_engine(request: Request):
    return request.app.state.rules_engine
