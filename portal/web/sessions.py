"""Server-side sessions that are written only when they change.

Litestar's server-side backend writes the session back after every response, static
files included. Two requests of one browser that overlap (a page's stylesheet still
loading while the user clicks "log in") then race, and the slower one writes back the
session as it was before the other changed it: the login's pending `state` is lost
and the callback is refused. Writing only changed sessions removes that race for every
read-only request, and stops anonymous visitors from getting a session at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from litestar.connection import ASGIConnection
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.types import Message

from litestar.exceptions import ServiceUnavailableException
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty

from portal.web.redis import RedisUnavailable

_LOADED = "portal.session_loaded"
# Set on the request state when the session store (Redis) could not be read.
UNAVAILABLE = "session_unavailable"
RETRY_AFTER_SECONDS = 60


class SessionUnavailable(ServiceUnavailableException):
    """The session store did not answer when a session had to be read or written: the
    visitor gets the "please log in again in a few minutes" page (portal.web.errors)."""

    def __init__(self) -> None:
        super().__init__(detail="session store unavailable", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


class WriteOnChangeSessionBackend(ServerSideSessionBackend):
    """Also: a session store that is away (Redis refused or silent) reads as no session,
    so public pages work and pages that need a login say "please log in again" rather
    than 500; a session that must be written then is refused with that page too."""

    async def load_from_connection(self, connection) -> dict[str, Any]:
        try:
            data = await super().load_from_connection(connection)
        except RedisUnavailable:
            connection.scope.setdefault("state", {})[UNAVAILABLE] = True
            data = {}
        # What was read, and under which id: the yardstick for "changed" at the end.
        connection.scope.setdefault("state", {})[_LOADED] = (
            connection.cookies.get(self.config.key),
            self.serialize_data(data, connection.scope) if data else None,
        )
        return data

    async def store_in_message(self, scope_session, message, connection) -> None:
        if scope_session is Empty:
            await self._forget(message, connection)
            return
        loaded = connection.scope.get("state", {}).get(_LOADED)
        if loaded is not None and scope_session is not Empty:
            loaded_id, loaded_data = loaded
            now = self.serialize_data(scope_session, connection.scope) if scope_session else None
            if connection.cookies.get(self.config.key) == loaded_id and now == loaded_data:
                return  # unchanged (or still empty): nothing to write, no cookie to set
        try:
            await super().store_in_message(scope_session, message, connection)
        except RedisUnavailable:
            raise SessionUnavailable() from None


    async def _forget(self, message, connection) -> None:
        """A cleared session (logout, expiry): its entry goes, and so does the cookie.
        Litestar's own answer is a cookie "null" that keeps the configured Max-Age (twelve
        hours), so browsers kept `portal_session=null`; Max-Age=0 makes them drop it."""
        from litestar.datastructures import Cookie, MutableScopeHeaders

        session_id = connection.cookies.get(self.config.key)
        if session_id and session_id != "null":
            try:
                await self.delete(session_id, store=self.config.get_store_from_app(connection.scope["app"]))
            except RedisUnavailable:
                raise SessionUnavailable() from None
        cookie = Cookie(key=self.config.key, value="", max_age=0, expires=0, path=self.config.path,
                        domain=self.config.domain, secure=self.config.secure, httponly=self.config.httponly,
                        samesite=self.config.samesite)
        MutableScopeHeaders.from_message(message).add("Set-Cookie", cookie.to_header(header=""))


class GuardedSessionMiddleware(SessionMiddleware):
    """Writes the session as the response starts; when the store refuses, the visitor
    gets the "log in again in a few minutes" page instead of the response (which would
    promise a login or a saved answer that was not kept). The exception cannot travel
    to the error handler here: the handler's response counts as started already."""

    def create_send_wrapper(self, connection: ASGIConnection) -> Callable[[Message], Awaitable[None]]:
        replaced = False

        async def wrapped_send(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the body of the response that was replaced
            if message["type"] != "http.response.start":
                await connection.send(message)
                return
            try:
                await self.backend.store_in_message(connection.scope.get("session"), message, connection)
            except SessionUnavailable as error:
                replaced = True
                await _send_error_page(connection, error)
                return
            await connection.send(message)

        return wrapped_send


async def _send_error_page(connection: ASGIConnection, error: Exception) -> None:
    from portal.web.errors import error_response  # the error pages import this module

    app = connection.scope["litestar_app"]
    request = app.request_class(connection.scope, receive=connection.receive)
    response = error_response(request, error).to_asgi_response(app=None, request=request)
    await response(connection.scope, connection.receive, connection.send)


@dataclass
class WriteOnChangeSessionConfig(ServerSideSessionConfig):
    _backend_class = WriteOnChangeSessionBackend  # type: ignore[assignment]

    @property
    def middleware(self) -> DefineMiddleware:
        return DefineMiddleware(GuardedSessionMiddleware, backend=self._backend_class(config=self))
