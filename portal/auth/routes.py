"""Login, logout, session keep-alive, "Mijn overzicht" and the back-office home.

Thin handlers: the work is in portal.auth.login (OpenID Connect), .session (who is
logged in) and .guards (who may see what).
"""

from __future__ import annotations

import hmac

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth import config as _config
from portal.auth import login, session
from portal.auth.devidp.routes import ROUTE_HANDLERS as DEV_IDP_HANDLERS
from portal.auth.guards import provide_citizen, provide_employee, safe_next
from portal.auth.models import Citizen, Employee
from portal.plugin import PageSection, Registry, load_sections
from portal.tenancy import Tenant

PENDING_SECONDS = 600
KINDS = ("citizen", "employee")


def landing(tenant: Tenant, kind: str) -> str:
    return f"{tenant.base_path}/mijn" if kind == "citizen" else f"{tenant.base_path}/backoffice/"


def refusal(code: str, tenant: Tenant, kind: str, status: int) -> Template:
    # A too-low DigiD level names the level this municipality asks for.
    minimum_level = _config.provider_for(tenant, "citizen").minimum_level
    return Template("auth/refused.html", context={"tenant": tenant, "code": code, "kind": kind, "minimum_level": minimum_level,
                                                  "login_minutes": PENDING_SECONDS // 60},
                    status_code=status)


REFUSAL_STATUS = {login.BAD_BSN: 403, login.LOW_LEVEL: 403, login.NO_ROLE: 403, login.CANCELLED: 200, login.UNAVAILABLE: 503}


async def _sections_page(
    template: str, sections: tuple[PageSection, ...], db: AsyncSession, tenant: Tenant, role: str, person
) -> Template:
    """A home page made of the sections the domains bring; `role` names the person in the context."""
    sections = await load_sections(sections, db, person, tenant)
    return Template(template, context={"tenant": tenant, role: person, "sections": sections})


class LoginController(Controller):
    """Logging in and out, and keeping a session alive, at this tenant."""

    path = "/{tenant_slug:str}"

    @get("/login", name="auth:login")
    async def login_page(self, request: Request, tenant: NamedDependency[Tenant]) -> Response:
        kind = request.query_params.get("kind") if request.query_params.get("kind") in KINDS else "citizen"
        next_url = safe_next(tenant, request.query_params.get("next"))
        user = session.current_user(request)
        if user and user["kind"] == kind:
            return Redirect(next_url or landing(tenant, kind), status_code=303)
        return Template("auth/login.html", context={"tenant": tenant, "kind": kind, "next_url": next_url or ""})

    @get("/login/start", name="auth:start")
    async def login_start(self, request: Request, tenant: NamedDependency[Tenant]) -> Response:
        """A GET link: the browser goes straight on to the provider."""
        kind = request.query_params.get("kind") if request.query_params.get("kind") in KINDS else "citizen"
        try:
            url, pending = await login.start_login(request.app, tenant, kind)
        except login.Refusal as refused:
            return refusal(refused.code, tenant, kind, REFUSAL_STATUS.get(refused.code, 400))
        pending.update(next=safe_next(tenant, request.query_params.get("next")), at=clock.timestamp())
        request.session[session.PENDING_KEY] = pending
        return Redirect(url, status_code=303)

    @get("/login/callback", name="auth:callback")
    async def login_callback(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Response:
        params = request.query_params
        pending = request.session.pop(session.PENDING_KEY, None) if isinstance(request.session, dict) else None
        kind = pending.get("kind", "citizen") if isinstance(pending, dict) else "citizen"
        fresh = isinstance(pending, dict) and clock.timestamp() - pending.get("at", 0) < PENDING_SECONDS
        state_ok = fresh and hmac.compare_digest(str(params.get("state", "")), str(pending.get("state", "")))
        if not state_ok or pending.get("tenant") != tenant.slug:
            return refusal(login.EXPIRED, tenant, kind, 400)
        if params.get("error"):
            code = login.CANCELLED if params.get("error") == "access_denied" else login.PROVIDER
            return refusal(code, tenant, kind, REFUSAL_STATUS.get(code, 400))
        try:
            user, id_token = await login.finish_login(request.app, db, tenant, pending, params.get("code", ""))
        except login.Refusal as refused:
            return refusal(refused.code, tenant, kind, REFUSAL_STATUS.get(refused.code, 400))
        csrf = await session.start(request, user, id_token)
        response = Redirect(pending.get("next") or landing(tenant, kind), status_code=303)
        session.set_csrf_cookie(response, csrf, request.app.state.settings)
        return response

    @post("/logout", name="auth:logout")
    async def logout(self, request: Request, tenant: NamedDependency[Tenant]) -> Response:
        user = session.current_user(request, touch=False)
        id_token = session.id_token(request) if user else None
        session.destroy(request)
        end_session = await login.end_session_url(request.app, tenant, user["kind"], id_token) if user else None
        if end_session is None:
            return Redirect(f"{tenant.base_path}/logged-out", status_code=303)
        # A page that sends the browser on, not a redirect: the CSP's `form-action 'self'`
        # would block the provider's address as the target of this form post's redirect.
        return Template("auth/logging_out.html", context={"tenant": tenant, "end_session_url": end_session})

    @get("/logged-out", name="auth:logged_out", sync_to_thread=False)
    def logged_out(self, tenant: NamedDependency[Tenant]) -> Template:
        return Template("auth/logged_out.html", context={"tenant": tenant, "expired": False, "next_url": ""})

    @get("/session-expired", name="auth:expired", sync_to_thread=False)
    def session_expired(self, request: Request, tenant: NamedDependency[Tenant]) -> Template:
        next_url = safe_next(tenant, request.query_params.get("next")) or ""
        kind = "employee" if request.query_params.get("kind") == "employee" else "citizen"
        settings = request.app.state.settings  # the limits the session check applies (portal.auth.session)
        return Template("auth/logged_out.html", context={
            "tenant": tenant, "expired": True, "next_url": next_url, "kind": kind,
            "idle_minutes": settings.session_idle_seconds // 60, "absolute_hours": settings.session_absolute_seconds // 3600,
        })

    @post("/session/keep-alive", name="auth:keep_alive", sync_to_thread=False, status_code=200)
    def keep_alive(self, request: Request, tenant: NamedDependency[Tenant]) -> Response:
        """The idle warning's "Stay logged in": reading the user renews `last_seen`."""
        user = session.current_user(request)
        if user is None:
            return Response({"remaining": 0}, status_code=401)
        user["last_seen"] = session.now()
        request.session[session.USER_KEY] = user
        return Response({"remaining": session.remaining_seconds(user, request.app.state.settings)})


class HomeController(Controller):
    """The home pages of a logged-in person, made of the sections the domains bring."""

    path = "/{tenant_slug:str}"

    @get("/mijn", name="auth:dashboard")
    async def my_overview(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen],
        registry: NamedDependency[Registry],
    ) -> Template:
        return await _sections_page("auth/dashboard.html", registry.dashboard_sections, db, tenant, "citizen", citizen)

    @get("/backoffice/", name="auth:backoffice_home")
    async def backoffice(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        registry: NamedDependency[Registry],
    ) -> Template:
        return await _sections_page("auth/backoffice_home.html", registry.backoffice_sections, db, tenant, "employee", employee)


ROUTE_HANDLERS = (LoginController, HomeController, *DEV_IDP_HANDLERS)
DEPENDENCIES = {"citizen": Provide(provide_citizen), "employee": Provide(provide_employee)}


def refuse_builtin_in_production(app) -> None:
    """`issuer = "builtin"` needs the development provider, which production refuses."""
    settings = app.state.settings
    if not settings.production:
        return
    from portal.settings import SettingsError

    for tenant in app.state.tenants.values():
        for kind in KINDS:
            if _config.provider_for(tenant, kind).issuer == _config.BUILTIN:
                raise SettingsError(
                    f"tenants/{tenant.slug}/auth.toml: {kind}.issuer is 'builtin' (the development provider), "
                    "which is refused in production: set the issuer of a real OpenID provider."
                )

