"""Static files under content-hashed names, cached for a year.

At start-up every file under portal/static gets a name with the first 10 hex digits of
its SHA-256 (`css/portal.css` -> `css/portal.3f2a1b9c0d.css`); pages link to that name
(`static_url("css/portal.css")` in templates). A hashed name always means the same
bytes, so browsers keep it a year without asking again (`immutable`); a changed file
gets a new name, and the next page links to it.

This layer sits in front of the static files router: it maps a hashed name to the file's
own name and sets the cache header. A name with a hash that is no longer current (a
page from before a deploy) is served the current file, but not cached; the plain name
keeps working as before.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

PREFIX = "/static/"
IMMUTABLE = b"public, max-age=31536000, immutable"
# Whoever asks for an outdated hash gets today's file; it must not stick for a year.
REVALIDATE = b"no-cache"
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


def _hashed_name(relative: str, digest: str) -> str:
    path = Path(relative)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


class StaticNames:
    """The hashed name of every static file, read once at start-up."""

    def __init__(self, directory: Path):
        self.names: dict[str, str] = {}  # own name -> hashed name
        self.files: dict[str, str] = {}  # hashed name -> own name
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            relative = path.relative_to(directory).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            hashed = _hashed_name(relative, digest)
            self.names[relative] = hashed
            self.files[hashed] = relative

    def url(self, relative: str) -> str:
        """The address of a static file; a file that is not there keeps its own name (a 404)."""
        return PREFIX + self.names.get(relative, relative)

    def resolve(self, relative: str) -> tuple[str, bytes] | None:
        """(own name, cache header) for a hashed name, or None for anything else."""
        if (own := self.files.get(relative)) is not None:
            return own, IMMUTABLE
        found = _HASHED.match(relative)
        if found:
            own = found["stem"] + found["suffix"]
            if own in self.names:
                return own, REVALIDATE
        return None


class HashedStatic:
    """ASGI layer: /static/<hashed name> is served as /static/<own name>, with its cache header."""

    def __init__(self, app, names: StaticNames):
        self.app = app
        self.names = names

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        resolved = self.names.resolve(path[len(PREFIX):]) if path.startswith(PREFIX) else None
        if resolved is None:
            return await self.app(scope, receive, send)
        own, cache_control = resolved
        scope = {**scope, "path": PREFIX + own, "raw_path": (PREFIX + own).encode()}

        async def send_cached(message):
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", cache_control)]}
            await send(message)

        await self.app(scope, receive, send_cached)
