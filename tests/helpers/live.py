"""Running portal services against the live server's database from a (sync) browser test."""

from __future__ import annotations

from typing import Awaitable, Callable, TypeVar

from portal.db import Database
from portal.db.threads import run_coroutine_in_thread
from portal.domains import load_tenants
from portal.tenancy.scope import Site

T = TypeVar("T")


def in_tenant_session(settings, tenant_slug: str, work: Callable[..., Awaitable[T]]) -> T:
    """`await work(session)` in one committed unit of work of `tenant_slug`, and its result."""

    async def _main() -> T:
        database = Database.from_settings(
            settings, tenants=load_tenants(settings.tenants_dir), site=Site.from_settings(settings)
        )
        try:
            async with database.session(tenant_slug) as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await database.dispose()

    return run_coroutine_in_thread(_main)
