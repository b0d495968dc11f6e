"""Who is logged in, kept in the server-side session (cookie `portal_session`).

`request.session["user"]` = {"kind", "tenant", "id", "name", "first_name", "roles",
"login_at", "last_seen"} and a citizen's claimed "birth_date" if the provider sent one:
never the BSN. The provider's ID token (which may hold the BSN) is kept only sealed
(encrypted with a key derived from SECRET_KEY) under "id_token", for the logout's
`id_token_hint`. The tenant, the idle timeout and the
absolute lifetime are checked every time the user is read, so a page cannot show a
user whose session should have ended, whatever the browser's JavaScript does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from litestar.connection import ASGIConnection

from portal import clock

SESSION_COOKIE = "portal_session"  # the same name portal.app configures
PENDING_KEY = "login"
USER_KEY = "user"
ID_TOKEN_KEY = "id_token"
CSRF_SESSION_KEY = "csrf"  # portal.web.csrf.SESSION_KEY
CSRF_COOKIE = "csrftoken"  # Litestar's CSRFConfig default, as portal.app uses it
# The pre-check's answers (portal.checks.service.SESSION_KEY): a visitor does the check
# anonymously and logs in to apply, and the application starts with those answers.
# Only the id must be new at login; answers the visitor typed are no risk to carry.
CARRIED_KEYS = ("check_answers",)
# Do not rewrite the session on every request: a minute of slack on `last_seen` is
# nothing against a 15-minute idle limit and saves a store write per request.
TOUCH_SECONDS = 30


def now() -> int:
    """Seconds on the portal's clock: logins and idle times age by the same clock as tokens."""
    return clock.timestamp()


def expired(user: dict, settings, at: int | None = None) -> bool:
    at = now() if at is None else at
    if at - int(user.get("last_seen", 0)) > settings.session_idle_seconds:
        return True
    return at - int(user.get("login_at", 0)) > settings.session_absolute_seconds


def current_user(connection: ASGIConnection, *, touch: bool = True) -> dict[str, Any] | None:
    """The logged-in user of *this* tenant, or None.

    An expired session is destroyed here. A session of another tenant is left alone
    (the user is still logged in there) but counts as nobody here.
    """
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        return None
    user = session.get(USER_KEY)
    if not isinstance(user, dict):
        return None
    settings = connection.app.state.settings
    if expired(user, settings):
        destroy(connection)
        connection.scope.setdefault("state", {})["session_expired"] = True
        return None
    tenant = connection.scope.get("state", {}).get("tenant")
    if tenant is None or user.get("tenant") != tenant.slug:
        return None
    if touch and now() - int(user.get("last_seen", 0)) >= TOUCH_SECONDS:
        user["last_seen"] = now()
        session[USER_KEY] = user
    return user


def session_user_elsewhere(connection: ASGIConnection) -> dict | None:
    """The session's user, whatever tenant: only to tell a user they are logged in elsewhere."""
    session = connection.scope.get("session")
    user = session.get(USER_KEY) if isinstance(session, dict) else None
    return user if isinstance(user, dict) else None


def rotate_session_id(connection: ASGIConnection) -> None:
    """Give the session a new id at login (against session fixation).

    Litestar's server-side session keeps the id from the request cookie. The session
    middleware reads that id again when it stores the session, from the cookie dict
    it parsed from the scope, which the request shares: putting a new id there makes
    the middleware store the session under it and send it as the new cookie. The old
    entry is deleted by the caller (`forget_old_session`).
    """
    connection.cookies[SESSION_COOKIE] = secrets.token_hex(32)


async def forget_old_session(connection: ASGIConnection) -> None:
    old = connection.cookies.get(SESSION_COOKIE)
    if old and old != "null":
        await connection.app.stores.get("sessions").delete(old)


async def start(connection: ASGIConnection, user: dict, id_token: str | None = None) -> str | None:
    """Log the user in: a fresh session (new id) holding `user` (and the sealed ID token);
    of the old one only what the visitor answered before logging in (CARRIED_KEYS) comes along.

    Returns the session's own CSRF token (portal.web.csrf), which the caller sends as the
    new `csrftoken` cookie; None when the browser had no CSRF cookie yet (Litestar sets one
    on this response then, and a second cookie would race it): that session stays unbound."""
    old = connection.scope.get("session")
    carried = {key: old[key] for key in CARRIED_KEYS if isinstance(old, dict) and key in old}
    await forget_old_session(connection)
    rotate_session_id(connection)
    at = now()
    user = {**user, "login_at": at, "last_seen": at}
    settings = connection.app.state.settings
    sealed = {ID_TOKEN_KEY: _seal(settings, id_token)} if id_token else {}
    csrf = _new_csrf_token(settings) if connection.cookies.get(CSRF_COOKIE) else None
    bound = {CSRF_SESSION_KEY: csrf} if csrf else {}
    connection.scope["session"] = {**carried, USER_KEY: user, **sealed, **bound}
    return csrf


def _new_csrf_token(settings) -> str:
    from litestar.middleware.csrf import generate_csrf_token

    return generate_csrf_token(secret=settings.secret_key)


def set_csrf_cookie(response, token: str | None, settings) -> None:
    """The login's CSRF token as the cookie (the same attributes as portal.app's CSRFConfig)."""
    if token:
        response.set_cookie(CSRF_COOKIE, token, path="/", secure=settings.https, httponly=False, samesite="lax")


def _sealing_key(settings):
    from joserfc.jwk import OctKey

    return OctKey.import_key(hmac.new(settings.secret_key.encode(), b"portal:id-token-seal", hashlib.sha256).digest())


def _seal(settings, id_token: str) -> str:
    from joserfc import jwe

    return jwe.encrypt_compact({"alg": "dir", "enc": "A256GCM"}, id_token.encode(), _sealing_key(settings))


def id_token(connection: ASGIConnection) -> str | None:
    """The ID token of this login, for the provider's logout; None when there is none
    (or it was sealed with another SECRET_KEY)."""
    from joserfc import jwe
    from joserfc.errors import JoseError

    session = connection.scope.get("session")
    sealed = session.get(ID_TOKEN_KEY) if isinstance(session, dict) else None
    if not isinstance(sealed, str):
        return None
    try:
        return jwe.decrypt_compact(sealed, _sealing_key(connection.app.state.settings)).plaintext.decode()
    except (JoseError, ValueError):
        return None


def destroy(connection: ASGIConnection) -> None:
    """Log out: the middleware deletes the server-side entry and expires the cookie."""
    connection.clear_session()


def remaining_seconds(user: dict, settings) -> int:
    at = now()
    idle_left = settings.session_idle_seconds - (at - int(user.get("last_seen", at)))
    absolute_left = settings.session_absolute_seconds - (at - int(user.get("login_at", at)))
    return max(0, min(idle_left, absolute_left))
