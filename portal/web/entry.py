"""The outermost ASGI layer, in front of Litestar's router.

It runs for every request, including ones no route matches, so that error pages know
their tenant and language:
- a tenant host name (e.g. `amsterdam.localhost`) maps to the tenant's path prefix;
- the tenant and the locale are put on the request state;
- a CSP nonce is made, and the security headers are added to every response.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie

from portal.i18n import DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, set_locale



def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def negotiate_locale(headers: dict[str, str], tenant) -> str:
    """The language chosen with the switcher (cookie) if the tenant offers it; on a first
    visit, the first language of the browser's Accept-Language that it offers; else Dutch."""
    offered = tenant.config.locales if tenant else LOCALES
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header means no choice made
        cookie = SimpleCookie()
    chosen = cookie.get(LOCALE_COOKIE)
    if chosen and chosen.value in offered:
        return chosen.value
    return browser_locale(headers.get("accept-language", ""), offered) or DEFAULT_LOCALE


def browser_locale(header: str, offered) -> str | None:
    """The best language of an Accept-Language header ("ar-MA,ar;q=0.9,en;q=0.8") among
    `offered`, by quality and then by order; a region ("ar-MA") counts as its language."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = tag.strip().lower().replace("_", "-").split("-")[0]
        if language in offered and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None


def content_security_policy(nonce: str, form_targets: str = "") -> str:
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; "
        f"form-action 'self'{form_targets}; frame-ancestors 'none'"
    )


class PortalEntry:
    def __init__(self, app, tenants: dict, *, https: bool, form_targets: str = ""):
        self.app = app
        self.tenants = tenants
        self.hosts = {host: t for t in tenants.values() for host in t.config.hosts}
        self.https = https
        self.form_targets = form_targets

    def _resolve_tenant(self, scope, headers):
        host = headers.get("host", "").split(":")[0].lower()
        path: str = scope["path"]
        tenant = self.hosts.get(host)
        if tenant is not None:
            prefix = tenant.base_path
            shared = path.startswith(("/static/", "/healthz", "/readyz", "/lang/", "/dev-idp/"))
            if not shared and path != prefix and not path.startswith(prefix + "/"):
                scope["path"] = prefix + path
                scope["raw_path"] = scope["path"].encode()
            return tenant
        first = path.split("/", 2)[1] if path.count("/") >= 1 else ""
        return self.tenants.get(first)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        tenant = self._resolve_tenant(scope, headers)
        locale = negotiate_locale(headers, tenant)
        set_locale(locale)
        nonce = secrets.token_urlsafe(16)
        state = scope.setdefault("state", {})
        state.update(tenant=tenant, locale=locale, csp_nonce=nonce)
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", content_security_policy(nonce, self.form_targets).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if self.https:
                    extra.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
                existing = {k.lower() for k, _ in message.get("headers", [])}
                if not static and b"cache-control" not in existing:
                    # Personal data must not stay in a shared computer's cache.
                    extra.append((b"cache-control", b"no-store"))
                headers = list(message.get("headers", [])) + [h for h in extra if h[0] not in existing]
                # The language follows the cookie, or else the browser's languages: a cache
                # must keep one copy per both (beside compression's Accept-Encoding).
                vary = [v for k, v in headers if k.lower() == b"vary"]
                headers = [(k, v) for k, v in headers if k.lower() != b"vary"]
                headers.append((b"vary", b", ".join([*vary, b"Accept-Language, Cookie"])))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
