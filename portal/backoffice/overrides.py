"""The tenant admin's overrides: loaded from the database and kept on the app's tenants.

Pages render synchronously (Jinja) and case services have no database session for
settings at hand, so the overrides live in memory on the app's Tenant objects
(portal.tenancy.overrides, readable by every domain without importing the back office):
loaded at start-up, replaced at once by the process that saves a change, and re-read
every REFRESH_SECONDS so other worker processes follow within that time. Two apps in
one process (tests) have their own Tenant objects, so never see each other's settings.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import msgspec
from jinja2 import pass_context
from sqlalchemy import select

from portal import clock
from portal.backoffice.models import TenantSettings
from portal.i18n import get_locale
from portal.tenancy import overrides as tenant_overrides
from portal.tenancy.overrides import Overrides

__all__ = ["Overrides", "cached", "from_row", "read", "refresh", "remember", "start"]

log = logging.getLogger(__name__)
REFRESH_SECONDS = 15


def from_row(row: TenantSettings | None) -> Overrides:
    if row is None:
        return Overrides()
    return Overrides(dict(row.branding or {}), dict(row.notice or {}), row.notice_until,
                     list(row.refusal_reasons) if row.refusal_reasons is not None else None, row.answer_by_default_days)


async def read(session) -> Overrides:
    return from_row(await session.scalar(select(TenantSettings)))


def remember(app, slug: str, overrides: Overrides) -> None:
    tenant = app.state.tenants.get(slug)
    if tenant is not None:
        tenant_overrides.apply(tenant, overrides)


def cached(app, slug: str) -> Overrides:
    tenant = app.state.tenants.get(slug)
    return tenant_overrides.of(tenant) if tenant is not None else Overrides()


async def refresh(app) -> None:
    database = app.state.database
    for slug in app.state.tenants:
        try:
            async with database.session(slug) as session:
                remember(app, slug, await read(session))
        except Exception:  # noqa: BLE001 - a missing table (before migrating) leaves the defaults
            log.warning("could not read back-office settings of %s", slug, exc_info=True)


async def start(app) -> None:
    """on_startup: fill the cache, keep it fresh, stop with the app."""
    await refresh(app)

    async def _loop() -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            await refresh(app)

    task = asyncio.create_task(_loop())

    async def _stop(_app) -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.on_shutdown.append(_stop)


# -- what pages use ---------------------------------------------------------------------

def branding_for(app, tenant):
    base = tenant.config.branding
    changes = {k: v for k, v in cached(app, tenant.slug).branding.items() if hasattr(base, k)}
    return msgspec.structs.replace(base, **changes) if changes else base


def notice_for(app, tenant, locale: str | None = None) -> tuple[str, str] | None:
    """(text, language of the text): the notice in the page's language, else the Dutch one,
    which the page then marks lang="nl" so a screen reader reads it as Dutch."""
    overrides = cached(app, tenant.slug)
    if not overrides.notice:
        return None
    if overrides.notice_until and clock.today() > overrides.notice_until:
        return None
    locale = locale or get_locale()
    for language in (locale, "nl"):
        if overrides.notice.get(language):
            return overrides.notice[language], language
    return None


@pass_context
def tenant_branding(context, tenant):
    """Template global: the tenant's branding with the admin's overrides applied."""
    request = context.get("request")
    return branding_for(request.app, tenant) if request is not None else tenant.config.branding


@pass_context
def tenant_notice(context, tenant):
    request = context.get("request")
    if request is None or tenant is None:
        return None
    return notice_for(request.app, tenant, getattr(request.state, "locale", None))


# -- the case settings, for the back-office forms -----------------------------------------

def effective_refusal_reasons(tenant, locale: str | None = None) -> list[tuple[str, str]]:
    """(code, label in the current language): the admin's list, else the tenant file's."""
    from portal.cases.service import refusal_reasons

    locale = locale or get_locale()
    return [(r.code, r.label.get(locale)) for r in refusal_reasons(tenant)]


def effective_answer_by_days(tenant) -> int:
    from portal.cases.service import answer_by_default_days

    return answer_by_default_days(tenant)
