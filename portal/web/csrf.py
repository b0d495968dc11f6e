"""CSRF: Litestar's signed double submit, masked per response, bound to the login's session.

Litestar's check is a signed double submit: the form's token must equal the `csrftoken`
cookie and carry the portal's signature. Anyone can get a validly signed token from the
portal, and a sibling subdomain (or a man in the middle on plain http) can plant it in
a victim's cookie; then a form carrying that same token passes. So at login the session
gets a token of its own (`portal.auth.session.start`, sent as the new cookie), and for a
session that has one an unsafe request must carry exactly that token.

BREACH: pages go out compressed and carry the token, so an attacker who can make the
victim's browser load pages with guessed text in them could read the token off the
compressed sizes, one character at a time, if it were the same in every response. So a
page never carries the token itself: every response gets a fresh random one-time pad,
and the page carries `pad + (token XOR pad)` (base64url, `mask`). The check unmasks what
a form or the `x-csrftoken` header sends (`unmask`); the cookie (a header, never
compressed) keeps the plain token, and a plain token in the header is accepted too.
`MaskedCSRFMiddleware` replaces Litestar's `csrf_config` middleware for this (the same
`CSRFConfig` settings, the same `exclude_from_csrf` route option).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_token
from litestar.utils.scope.state import ScopeState

SESSION_KEY = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_TOKEN_HEX = 128  # Litestar's token: 64 hex digits of secret, 64 of its HMAC
_TOKEN_BYTES = _TOKEN_HEX // 2
_MASKED_LENGTH = len(base64.urlsafe_b64encode(bytes(2 * _TOKEN_BYTES)).rstrip(b"="))


def mask(token: str) -> str:
    """`token` under a fresh one-time pad: different on every call, `unmask` gives it back."""
    raw = bytes.fromhex(token)
    pad = secrets.token_bytes(len(raw))
    masked = bytes(a ^ b for a, b in zip(raw, pad))
    return base64.urlsafe_b64encode(pad + masked).rstrip(b"=").decode("ascii")


def _is_plain(token: str | None) -> bool:
    if not isinstance(token, str) or len(token) != _TOKEN_HEX:
        return False
    try:
        bytes.fromhex(token)
    except ValueError:
        return False
    return True


def unmask(sent: str | None) -> str | None:
    """The plain token in what a request sent: a masked token unmasked, a plain one as it is
    (the cookie's value, which scripts and tests may send in the header); None for anything else."""
    if not isinstance(sent, str):
        return None
    if _is_plain(sent):
        return sent
    if len(sent) != _MASKED_LENGTH:
        return None
    try:
        both = base64.urlsafe_b64decode(sent + "=" * (-len(sent) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(both) != 2 * _TOKEN_BYTES:
        return None
    pad, masked = both[:_TOKEN_BYTES], both[_TOKEN_BYTES:]
    return bytes(a ^ b for a, b in zip(masked, pad)).hex()


class MaskedCSRFMiddleware(CSRFMiddleware):
    """Litestar's CSRF middleware with the token masked on every response (see the module)."""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != ScopeType.HTTP or self._bypassed(scope):
            await self.app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = scope["litestar_app"].request_class(scope=scope, receive=receive)
        cookie = request.cookies.get(self.config.cookie_name)
        state = ScopeState.from_scope(scope)
        if request.method in self.config.safe_methods:
            valid = cookie if _is_plain(cookie) else None  # a malformed cookie is replaced
            token = valid or generate_csrf_token(secret=self.config.secret)
            state.csrf_token = mask(token)  # what templates render: csrf_token(), csrf_input
            await self.app(scope, receive, self.create_send_wrapper(send=send, csrf_cookie=valid, token=token))
            return
        sent = await sent_token(request, self.config.header_name)
        if sent is None or cookie is None or not self._csrf_tokens_match(sent, cookie):
            raise PermissionDeniedException("CSRF token verification failed")
        state.csrf_token = mask(cookie)  # a page rendered in answer (a form with errors) masks afresh
        await self.app(scope, receive, send)

    def _bypassed(self, scope) -> bool:
        return should_bypass_middleware(scope=scope, scopes=self.scopes, exclude_opt_key=self.config.exclude_from_csrf_key,
                                        exclude_path_pattern=self.exclude)

    def _csrf_tokens_match(self, request_csrf_token: str, cookie_csrf_token: str) -> bool:
        plain = unmask(request_csrf_token)
        return plain is not None and super()._csrf_tokens_match(plain, cookie_csrf_token)


def csrf_middleware(config) -> DefineMiddleware:
    """For the app's middleware list, in place of Litestar's `csrf_config`."""
    return DefineMiddleware(MaskedCSRFMiddleware, config=config)


async def sent_token(request: Request, header_name: str = "x-csrftoken") -> str | None:
    sent = request.headers.get(header_name)
    if not sent and request.content_type[0] in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
        sent = (await request.form()).get("_csrf_token")
    return sent if isinstance(sent, str) else None


async def session_bound_csrf(request: Request) -> None:
    """An app-level `before_request`: after the CSRF middleware's check, before the handler."""
    if request.method in SAFE_METHODS:
        return None
    session = request.scope.get("session")
    bound = session.get(SESSION_KEY) if isinstance(session, dict) else None
    if not isinstance(bound, str):
        return None  # anonymous, or excluded from sessions (the provider's token endpoint)
    plain = unmask(await sent_token(request))
    if plain is None or not hmac.compare_digest(plain, bound):
        raise PermissionDeniedException("CSRF token is not this session's")
    return None
