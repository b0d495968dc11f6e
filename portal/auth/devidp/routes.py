"""HTTP face of the development identity provider, under `/dev-idp/`.

Every handler answers 404 when PORTAL_DEV_IDP is off, so production never serves it.
"""

from __future__ import annotations

import base64
import hmac
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore

from portal.auth.config import LEVELS
from portal.auth.devidp import provider
from portal.auth.people import demo_people

AUTHORIZE_FIELDS = ("client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "response_type")


def _settings(request: Request):
    settings = request.app.state.settings
    if not settings.dev_idp:
        raise NotFoundException()
    return settings


def _store(request: Request):
    """Codes and access tokens, shared by worker processes (files, or Redis)."""
    state = request.app.state
    if getattr(state, "dev_idp_store", None) is None:
        settings = state.settings
        if settings.redis_url:
            state.dev_idp_store = RedisStore.with_client(url=settings.redis_url, namespace="portal:devidp")
        else:
            path = settings.var_dir / "dev-idp" / "grants"
            path.mkdir(parents=True, exist_ok=True)  # FileStore makes only the last level
            state.dev_idp_store = FileStore(path)
    return state.dev_idp_store


def _client(request: Request, client_id: str | None):
    settings = _settings(request)
    return provider.clients(settings, request.app.state.tenants).get(client_id or "")


def _back_to_client(redirect_uri: str, **params: str | None) -> Redirect:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return Redirect(f"{redirect_uri}?{query}" if query else redirect_uri, status_code=303)


def _page(context: dict, status: int = 200) -> Template:
    context.setdefault("client", None)
    context.setdefault("problem", None)
    return Template("auth/devidp_login.html", context=context, status_code=status)


def _authorize_context(client, params: dict, errors: dict | None = None, values: dict | None = None) -> dict:
    people = demo_people(client.tenant)
    return {
        "client": client,
        "params": {k: params.get(k) or "" for k in AUTHORIZE_FIELDS},
        "citizens": people.citizens if client.kind == "citizen" else [],
        "bsn_only": people.bsn_only if client.kind == "citizen" else [],
        "employees": people.employees if client.kind == "employee" else [],
        "levels": LEVELS,
        "errors": errors or {},
        "values": values or {"level": "midden"},
    }


def _checked_client(request: Request, params: dict) -> tuple[Any, Response | None]:
    """(the client, None) for a valid authorization request, else (None, the answer to give)."""
    client = _client(request, params.get("client_id"))
    if client is None or params.get("redirect_uri") != client.redirect_uri:
        # Never redirect to an address we cannot vouch for.
        return None, _page({"problem": "client"}, status=400)
    try:
        provider.check_request(client, params)
    except provider.AuthorizeError as error:
        return None, _back_to_client(client.redirect_uri, error=error.error, error_description=error.description,
                                     state=params.get("state"))
    return client, None


def _client_credentials(request: Request, form: dict) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return "", ""
        from urllib.parse import unquote_plus

        return unquote_plus(user), unquote_plus(password)
    return form.get("client_id", ""), form.get("client_secret", "")


class DevIdpController(Controller):
    """The development identity provider's endpoints (404 when PORTAL_DEV_IDP is off)."""

    path = "/dev-idp"

    @get("/.well-known/openid-configuration", name="devidp:discovery", sync_to_thread=False, skip_session=True)
    def discovery(self, request: Request) -> dict:
        return provider.metadata(_settings(request))

    @get("/jwks", name="devidp:jwks", sync_to_thread=False, skip_session=True)
    def jwks(self, request: Request) -> dict:
        from portal.auth.devidp.keys import public_jwks

        return public_jwks(_settings(request).var_dir)

    @get("/authorize", name="devidp:authorize", sync_to_thread=False)
    def authorize(self, request: Request) -> Response:
        params = dict(request.query_params)
        client, refusal = _checked_client(request, params)
        if refusal is not None:
            return refusal
        return _page(_authorize_context(client, params))

    @post("/authorize", name="devidp:choose")
    async def choose(self, request: Request) -> Response:
        form = dict(await request.form())
        client, refusal = _checked_client(request, form)
        if refusal is not None:
            return refusal
        if form.get("action") == "cancel":
            return _back_to_client(client.redirect_uri, error="access_denied", state=form.get("state"))
        settings = _settings(request)
        if client.kind == "citizen":
            bsn = (form.get("other_bsn") or "").strip() if form.get("person") == "other" else form.get("person", "")
            if not bsn:
                from portal.i18n import gettext as _

                errors = {"other_bsn": _("Enter a BSN, or choose one of the test people.")}
                return _page(_authorize_context(client, form, errors, form), status=400)
            claims = provider.citizen_claims(settings, client, bsn, form.get("level", "midden"))
        else:
            claims = provider.employee_claims(client, form.get("person", ""))
            if claims is None:
                raise NotFoundException()
        code = await provider.issue_code(_store(request), client, form, claims)
        return _back_to_client(client.redirect_uri, code=code, state=form.get("state"))

    @post("/token", name="devidp:token", opt={"exclude_from_csrf": True}, skip_session=True)
    async def token(self, request: Request) -> Response:
        settings = _settings(request)
        form = dict(await request.form())
        client_id, secret = _client_credentials(request, form)
        client = _client(request, client_id)
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if client is None or not hmac.compare_digest(secret.encode(), client.secret.encode()):
            return Response({"error": "invalid_client"}, status_code=401, headers=headers)
        try:
            tokens = await provider.exchange(_store(request), settings, client, form)
        except provider.TokenError as error:
            return Response({"error": error.error}, status_code=error.status, headers=headers)
        return Response(tokens, headers=headers)

    @get("/userinfo", name="devidp:userinfo", skip_session=True)
    async def userinfo(self, request: Request) -> Response:
        _settings(request)
        header = request.headers.get("authorization", "")
        claims = await provider.userinfo(_store(request), header[7:]) if header.lower().startswith("bearer ") else None
        if claims is None:
            return Response({"error": "invalid_token"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(claims)

    @get("/logout", name="devidp:logout", sync_to_thread=False)
    def end_session(self, request: Request) -> Response:
        """RP-initiated logout: back to the client's registered address, or a plain page."""
        params = request.query_params
        client_id = params.get("client_id")
        if hint := params.get("id_token_hint"):
            # The hint must be a token this provider issued, to the client that names itself.
            audience = provider.hinted_client_id(_settings(request), hint)
            if audience is None or (client_id and client_id != audience):
                return _page({"problem": "logged-out"})
            client_id = audience
        client = _client(request, client_id)
        target = params.get("post_logout_redirect_uri")
        if client is not None and target == client.post_logout_redirect_uri:
            return _back_to_client(target, state=params.get("state"))
        return _page({"problem": "logged-out"})


ROUTE_HANDLERS = (DevIdpController,)
