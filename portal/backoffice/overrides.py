"""The tenant admin's overrides, as every page sees them.

Pages render synchronously (Jinja), so the overrides are kept in memory on the app:
loaded at start-up, replaced at once by the process that saves a change, and re-read
every REFRESH_SECONDS so other worker processes follow within that time. The cache
lives on `app.state` (not in a module global), so two apps in one process (tests) never
see each other's settings.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import date

import msgspec
from jinja2 import pass_context
from sqlalchemy import select

from portal.backoffice.models import TenantSettings
from portal.i18n import get_locale, to_local
from portal.db.base import utcnow

log = logging.getLogger(__name__)
REFRESH_SECONDS = 15
STATE_KEY = "backoffice_overrides"


@dataclass(frozen=True)
class Overrides:
    branding: dict = field(default_factory=dict)
    notice: dict = field(default_factory=dict)
    notice_until: date | None = None
    refusal_reasons: list | None = None
    answer_by_default_days: int | None = None

    @classmethod
    def of(cls, row: TenantSettings | None) -> "Overrides":
        if row is None:
            return cls()
        return cls(dict(row.branding or {}), dict(row.notice or {}), row.notice_until,
                   list(row.refusal_reasons) if row.refusal_reasons is not None else None, row.answer_by_default_days)


async def read(session) -> Overrides:
    return Overrides.of(await session.scalar(select(TenantSettings)))


def _cache(app) -> dict[str, Overrides]:
    cache = getattr(app.state, STATE_KEY, None)
    if cache is None:
        cache = {}
        setattr(app.state, STATE_KEY, cache)
    return cache


def remember(app, slug: str, overrides: Overrides) -> None:
    _cache(app)[slug] = overrides
    _latest[slug] = overrides


def cached(app, slug: str) -> Overrides:
    return _cache(app).get(slug) or Overrides()


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


def notice_for(app, tenant, locale: str | None = None) -> str | None:
    overrides = cached(app, tenant.slug)
    if not overrides.notice:
        return None
    if overrides.notice_until and to_local(utcnow()).date() > overrides.notice_until:
        return None
    locale = locale or get_locale()
    return overrides.notice.get(locale) or overrides.notice.get("nl") or None


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


# -- for code without the app at hand (portal.cases' config functions) -------------------
# The latest overrides any app in this process loaded or saved, per tenant.
_latest: dict[str, Overrides] = {}


def current(slug: str) -> Overrides:
    return _latest.get(slug) or Overrides()


def effective_refusal_reasons(tenant, app=None, locale: str | None = None) -> list[tuple[str, str]]:
    """(code, label in the current language): the admin's list, else the tenant file's."""
    overrides = cached(app, tenant.slug) if app is not None else current(tenant.slug)
    locale = locale or get_locale()
    if overrides.refusal_reasons is not None:
        return [(r["code"], r["label"].get(locale) or r["label"].get("nl", r["code"])) for r in overrides.refusal_reasons]
    from portal.cases.config import cases_config

    return [(r.code, r.label.get(locale)) for r in cases_config(tenant).refusal_reasons]


def effective_answer_by_days(tenant, app=None) -> int:
    overrides = cached(app, tenant.slug) if app is not None else current(tenant.slug)
    if overrides.answer_by_default_days:
        return overrides.answer_by_default_days
    from portal.cases.config import cases_config

    return cases_config(tenant).answer_by_default_days
