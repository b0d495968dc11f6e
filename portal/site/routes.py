"""Public pages. Thin handlers: everything they show comes from the tenant config."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from portal.i18n import LOCALE_COOKIE, LOCALES
from portal.plugin import Registry
from portal.site.health import readiness
from portal.tenancy import Tenant


def safe_next(next_url: str | None, fallback: str = "/") -> str:
    """Only same-site paths: an open redirect would help phishing."""
    if not next_url:
        return fallback
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or not next_url.startswith("/") or next_url.startswith("//"):
        return fallback
    return next_url


class SiteController(Controller):
    """Pages outside any tenant: the list of municipalities, the language switch, health checks."""

    path = "/"

    @get("/", name="site:index", sync_to_thread=False)
    def index(self, tenants: NamedDependency[dict[str, Tenant]]) -> Template:
        return Template("site/index.html", context={"tenants": list(tenants.values())})

    @get("/lang/{code:str}", name="site:language", sync_to_thread=False)
    def choose_language(self, code: FromPath[str], request: Request) -> Redirect:
        if code not in LOCALES:
            raise NotFoundException()
        response = Redirect(safe_next(request.query_params.get("next")))
        response.set_cookie(LOCALE_COOKIE, code, max_age=365 * 24 * 3600, httponly=True, samesite="lax", path="/",
                            secure=request.app.state.settings.https)
        return response

    @get("/healthz", name="site:healthz", sync_to_thread=False)
    def healthz(self) -> dict:
        return {"status": "ok"}

    @get("/readyz", name="site:readyz")
    async def readyz(self, request: Request) -> Response:
        """Within a second; when not ready, says which dependency does not answer."""
        ready, found = await readiness(request.app.state.database, getattr(request.app.state, "redis", None))
        if ready:
            return Response({"status": "ready"})
        return Response({"status": "unavailable", **found}, status_code=HTTP_503_SERVICE_UNAVAILABLE)


class TenantSiteController(Controller):
    """A tenant's public pages: home, statements and logo."""

    path = "/{tenant_slug:str}"

    @get("/", name="site:home", sync_to_thread=False)
    def home(self, tenant: NamedDependency[Tenant], registry: NamedDependency[Registry]) -> Template:
        return Template("site/home.html", context={"tenant": tenant, "partials": registry.home_partials})

    @get("/accessibility", name="site:accessibility", sync_to_thread=False)
    def accessibility(self, tenant: NamedDependency[Tenant]) -> Template:
        return Template("site/statement.html", context={"tenant": tenant, "kind": "accessibility"})

    @get("/privacy", name="site:privacy", sync_to_thread=False)
    def privacy(self, tenant: NamedDependency[Tenant]) -> Template:
        return Template("site/statement.html", context={"tenant": tenant, "kind": "privacy"})

    @get("/logo.svg", name="site:logo", sync_to_thread=False, cache=3600)
    def logo(self, tenant: NamedDependency[Tenant]) -> File:
        path = tenant.folder / "logo.svg"
        if not path.exists():
            raise NotFoundException()
        return File(path, media_type="image/svg+xml", content_disposition_type="inline")


ROUTE_HANDLERS = (SiteController, TenantSiteController)
