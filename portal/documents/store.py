"""Where document bytes live. The portal talks to a `DocumentStore`, chosen by the
DOCUMENT_STORE setting:

- `filesystem` (the default) keeps files under `var/documents/` (outside the web root):
  one host, or hosts that share that folder;
- `database` keeps them in the `document_blobs` table, so every host on the database
  reads what another host stored (several machines behind one load balancer).

Another store (object storage) only has to implement the same methods."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Protocol, runtime_checkable

from litestar import Request
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from portal import clock
from portal.db.tenant_filter import TENANT_KEY
from portal.documents.models import DocumentBlob

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


class DatabaseStore:
    """Bytes in the `document_blobs` table, each write and read a short transaction of its
    own (as a file write is): the bytes go in before the document row, as with files,
    and the sweep removes bytes whose row never came."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self._discarding: set[asyncio.Task] = set()  # held, so none is collected before it ran

    def _session(self, key: str) -> AsyncSession:
        if not _KEY.match(key):
            raise ValueError(f"bad document key {key!r}")
        return self._tenant_session(key.split("/", 1)[0])

    def _tenant_session(self, tenant_id: str) -> AsyncSession:
        # Scoped like every unit of work: the tenant filter, and row-level security on PostgreSQL.
        session = AsyncSession(self.engine, expire_on_commit=False)
        session.info[TENANT_KEY] = tenant_id
        return session

    async def put(self, key: str, data: bytes) -> None:
        async with self._session(key) as session:
            # Whole seconds, as a file's stamp (clock.timestamp()): the sweep compares with those.
            session.add(DocumentBlob(key=key, data=data, stored_at=clock.now().replace(microsecond=0)))
            await session.commit()

    async def get(self, key: str) -> bytes:
        async with self._session(key) as session:
            data = await session.scalar(select(DocumentBlob.data).where(DocumentBlob.key == key))
        if data is None:
            raise FileNotFoundError(key)
        return data

    async def delete(self, key: str) -> None:
        async with self._session(key) as session:
            await session.execute(delete(DocumentBlob).where(DocumentBlob.key == key))
            await session.commit()

    def discard(self, key: str) -> None:
        # Called from a session event, inside the running loop: removed right after;
        # should that fail, the sweep removes the bytes later.
        self._session(key)  # the key check, now
        task = asyncio.get_running_loop().create_task(self.delete(key))
        self._discarding.add(task)
        task.add_done_callback(self._discarding.discard)

    async def stored(self, tenant_id: str) -> list[tuple[str, float]]:
        async with self._tenant_session(tenant_id) as session:
            rows = (await session.execute(select(DocumentBlob.key, DocumentBlob.stored_at))).all()
        return [(key, stored_at.timestamp()) for key, stored_at in rows]


STORES = ("filesystem", "database")


def store_for(settings, engine: AsyncEngine | None = None) -> DocumentStore:
    """The store DOCUMENT_STORE chooses; the database one works on `engine`."""
    if getattr(settings, "document_store", "filesystem") == "database":
        if engine is None:
            raise ValueError("DOCUMENT_STORE=database needs the database engine")
        return DatabaseStore(engine)
    return FilesystemStore(Path(settings.var_dir) / "documents")


def engine_of(session: AsyncSession) -> AsyncEngine:
    """The engine behind a unit of work (its bind may be a connection, in tests)."""
    bind = session.bind
    return bind if isinstance(bind, AsyncEngine) else bind.engine


async def provide_document_store(request: Request) -> DocumentStore:
    state = request.app.state
    if getattr(state, "document_store", None) is None:
        state.document_store = store_for(state.settings, state.database.engine)
    return state.document_store
