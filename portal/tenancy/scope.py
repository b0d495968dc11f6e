"""The tenant and site a unit of work belongs to, as the database session carries them.

`Database(tenants=..., site=...)` puts them on every session it opens; services read them
here, from the session or from any row loaded through it. A session opened without them
(a script that forgot to pass the tenants) fails loudly instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, object_session

from portal.db.engine import SITE_KEY, TENANT_CONFIG_KEY
from portal.tenancy.loader import Tenant


class ScopeMissing(RuntimeError):
    """The session was opened without the tenants or the site (see portal.db.Database)."""


@dataclass(frozen=True)
class Site:
    """The portal's own address (links in mails and letters) and its templates."""

    public_url: str
    templates_dir: Path

    @classmethod
    def from_settings(cls, settings) -> "Site":
        return cls(public_url=settings.public_url.rstrip("/"), templates_dir=settings.templates_dir)


def _info(session_or_row: Any) -> dict:
    if isinstance(session_or_row, (AsyncSession, Session)):
        return session_or_row.info
    session = object_session(session_or_row)
    if session is None:
        raise ScopeMissing(f"{type(session_or_row).__name__} is not attached to a database session")
    return session.info


def tenant_of(session_or_row: Any) -> Tenant:
    tenant = _info(session_or_row).get(TENANT_CONFIG_KEY)
    if tenant is None:
        raise ScopeMissing("this database session knows no tenant configuration: open it with Database(tenants=...)")
    return tenant


def site_of(session_or_row: Any) -> Site:
    site = _info(session_or_row).get(SITE_KEY)
    if site is None:
        raise ScopeMissing("this database session knows no site: open it with Database(site=Site(...))")
    return site
