"""Who may see a page: the `citizen` and `employee` dependencies and `requires_role`.

Anonymous visitors are sent to the login page (and back afterwards). Anyone logged in
elsewhere (another tenant, or the other kind of user) gets 404: a page of another
municipality must not even be confirmed to exist.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode, urlsplit

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.models import Citizen, Employee
from portal.auth.session import current_user, destroy, session_user_elsewhere
from portal.tenancy import Tenant


class LoginRequired(NotAuthorizedException):
    """Answered with a redirect to `redirect_to` (see portal.web.errors)."""

    def __init__(self, redirect_to: str):
        super().__init__(detail="login required")
        self.redirect_to = redirect_to


class ProfileRequired(NotAuthorizedException):
    """A citizen we cannot address yet (the login gave a BSN only): answered with a
    redirect to their profile page, and back to `next` afterwards (see portal.web.errors)."""

    def __init__(self, redirect_to: str):
        super().__init__(detail="profile required")
        self.redirect_to = redirect_to


def profile_url(tenant: Tenant, next_url: str | None = None) -> str:
    return f"{tenant.base_path}/mijn/gegevens" + (f"?{urlencode({'next': next_url})}" if next_url else "")


def require_profile(connection: ASGIConnection, citizen: Citizen) -> Citizen:
    """Ask once how to address the citizen and how to reach them: every page that uses
    the citizen's name or contact details needs them. A GET comes back afterwards."""
    if not citizen.name.strip():
        next_url = _here(connection) if connection.method == "GET" else None
        raise ProfileRequired(profile_url(_tenant(connection), next_url))
    return citizen


def safe_next(tenant: Tenant, next_url: str | None) -> str | None:
    """Only a path inside this tenant: an open redirect would help phishing."""
    if not next_url or not next_url.startswith(tenant.base_path + "/") or next_url.startswith("//") or "\\" in next_url:
        return None
    parts = urlsplit(next_url)
    return None if parts.scheme or parts.netloc else next_url


def login_url(tenant: Tenant, kind: str, next_url: str | None = None, *, expired: bool = False) -> str:
    params = {"kind": kind} if kind == "employee" else {}
    if next_url:
        params["next"] = next_url
    if expired:
        return f"{tenant.base_path}/session-expired?{urlencode(params)}".rstrip("?")
    return f"{tenant.base_path}/login?{urlencode(params)}".rstrip("?")


def _here(connection: ASGIConnection) -> str:
    url = connection.url
    return url.path + (f"?{url.query}" if url.query else "")


def _tenant(connection: ASGIConnection) -> Tenant:
    tenant = connection.scope.get("state", {}).get("tenant")
    if tenant is None:
        raise NotFoundException()
    return tenant


def require_user(connection: ASGIConnection, kind: str) -> dict:
    """The logged-in user of `kind` at this tenant, else a redirect to log in or a 404."""
    tenant = _tenant(connection)
    user = current_user(connection)
    if user is None:
        if session_user_elsewhere(connection) is not None:
            raise NotFoundException()  # logged in at another tenant
        expired = bool(connection.scope.get("state", {}).get("session_expired"))
        next_url = _here(connection) if connection.method == "GET" else None
        raise LoginRequired(login_url(tenant, kind, next_url, expired=expired))
    if user.get("kind") != kind:
        raise NotFoundException()
    return user


async def provide_citizen(request: Request, db: NamedDependency[AsyncSession]) -> Citizen:
    """The logged-in citizen, with a name to address them by (else to their profile first)."""
    return require_profile(request, await provide_citizen_as_is(request, db))


async def provide_citizen_as_is(request: Request, db: NamedDependency[AsyncSession]) -> Citizen:
    """The logged-in citizen, also one without a name yet (their profile page)."""
    user = require_user(request, "citizen")
    citizen = await db.get(Citizen, uuid.UUID(user["id"]))
    if citizen is None:  # the row is gone (retention): the session means nothing now
        destroy(request)
        raise LoginRequired(login_url(_tenant(request), "citizen"))
    return citizen


async def provide_employee(request: Request, db: NamedDependency[AsyncSession]) -> Employee:
    user = require_user(request, "employee")
    employee = await db.get(Employee, uuid.UUID(user["id"]))
    if employee is None:
        destroy(request)
        raise LoginRequired(login_url(_tenant(request), "employee"))
    return employee


def requires_role(*roles: str):
    """A guard: an employee of this tenant with one of `roles`.

    Another tenant's employee or a citizen: 404. This tenant's employee without the
    role: 403 (they know the back office exists; the page tells them to ask an admin).
    """

    def guard(connection: ASGIConnection, _handler) -> None:
        user = require_user(connection, "employee")
        if not set(roles) & set(user.get("roles") or []):
            raise PermissionDeniedException()

    guard.__name__ = f"requires_role_{'_'.join(roles)}"
    return guard


def check_role(employee: Employee, *roles: str) -> None:
    """The same rule inside a handler, for an `employee` already resolved."""
    if not any(employee.has_role(role) for role in roles):
        raise PermissionDeniedException()
