"""Where document bytes live. The portal talks to a `DocumentStore`; the filesystem one
keeps files under `var/documents/` (outside the web root). Another store (object
storage) only has to implement the same three methods."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Protocol, runtime_checkable

from litestar import Request

from portal import clock

_KEY = re.compile(r"^[a-z0-9-]+/[0-9a-f-]{36}$")


@runtime_checkable
class DocumentStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    def discard(self, key: str) -> None:
        """Remove now, without awaiting: called when a unit of work ends without commit."""

    async def stored(self, tenant_id: str) -> list[tuple[str, float]]:
        """(key, stored at as a portal.clock timestamp) of every file of one tenant."""


class FilesystemStore:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys are made by the portal (tenant/uuid); refuse anything else so no key can
        # ever point outside the root.
        if not _KEY.match(key):
            raise ValueError(f"bad document key {key!r}")
        return self.root / key

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)  # a reader never sees half a file
        # Stamped on the portal's clock: the sweep of files without a row ages them by it.
        now = clock.timestamp()
        os.utime(path, (now, now))

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def stored(self, tenant_id: str) -> list[tuple[str, float]]:
        folder = self.root / tenant_id

        def scan() -> list[tuple[str, float]]:
            if not folder.is_dir():
                return []
            found = []
            for path in folder.iterdir():
                key = f"{tenant_id}/{path.name}"
                if _KEY.match(key) and path.is_file():
                    found.append((key, path.stat().st_mtime))
            return found

        return await asyncio.to_thread(scan)


def store_for(settings) -> DocumentStore:
    return FilesystemStore(Path(settings.var_dir) / "documents")


async def provide_document_store(request: Request) -> DocumentStore:
    state = request.app.state
    if getattr(state, "document_store", None) is None:
        state.document_store = store_for(state.settings)
    return state.document_store
