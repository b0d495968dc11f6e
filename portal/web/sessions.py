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
from typing import Any

from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty

_LOADED = "portal.session_loaded"


class WriteOnChangeSessionBackend(ServerSideSessionBackend):
    async def load_from_connection(self, connection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        # What was read, and under which id: the yardstick for "changed" at the end.
        connection.scope.setdefault("state", {})[_LOADED] = (
            connection.cookies.get(self.config.key),
            self.serialize_data(data, connection.scope) if data else None,
        )
        return data

    async def store_in_message(self, scope_session, message, connection) -> None:
        loaded = connection.scope.get("state", {}).get(_LOADED)
        if loaded is not None and scope_session is not Empty:
            loaded_id, loaded_data = loaded
            now = self.serialize_data(scope_session, connection.scope) if scope_session else None
            if connection.cookies.get(self.config.key) == loaded_id and now == loaded_data:
                return  # unchanged (or still empty): nothing to write, no cookie to set
        await super().store_in_message(scope_session, message, connection)


@dataclass
class WriteOnChangeSessionConfig(ServerSideSessionConfig):
    _backend_class = WriteOnChangeSessionBackend  # type: ignore[assignment]
