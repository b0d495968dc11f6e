"""Dependencies every domain uses: the tenant of the request and its database session."""

from __future__ import annotations

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


async def provide_db(request: Request) -> AsyncIterator[AsyncSession]:
    """A session bound to the request's tenant; uncommitted work is rolled back."""
    tenant = current_tenant(request)
    async with request.app.state.database.session(tenant.slug) as session:
        yield session


async def provide_settings(request: Request):
    return request.app.state.settings


async def provide_tenants(request: Request) -> dict[str, Tenant]:
    return request.app.state.tenants


async def provide_registry(request: Request):
    return request.app.state.registry


async def provide_rules_engine(request: Request):
    return request.app.state.rules_engine
