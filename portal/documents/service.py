"""Accepting an upload: checked by its content, stored, recorded."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from datetime import timedelta

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.documents.config import documents_config
from portal.documents.models import Document
from portal.documents.store import DocumentStore
from portal.i18n import N_
from portal.tenancy.scope import tenant_of

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_APPLICATION = 20

# The first bytes of each accepted format. The name and the browser's type are not
# trusted: a renamed program would pass those.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)

EMPTY = N_("The file is empty. Choose a file that has something in it.")
TOO_BIG = N_("The file is larger than 10 MB. Make it smaller or take a photo of each page.")
WRONG_KIND = N_("The file is not a PDF, JPG or PNG. Choose a file of one of these types.")
TOO_MANY = N_("You can add at most 20 files to an application. Remove a file first.")
NO_FILE = N_("Choose a file to upload.")
OVER_QUOTA = N_("Your documents together may take up at most %(limit)s MB, and this file would go over that. "
                "Remove a file you no longer need from an application you have not sent yet, or call us.")
# The key under which a unit of work (database session) lists the files it stored.
PENDING_FILES = "portal.documents.pending"


class DocumentRefused(Exception):
    """An upload that is not accepted; `reason` is an English msgid to translate, with
    `params` for its placeholders (`text()` gives it in the current language)."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params

    def text(self) -> str:
        from portal.i18n import gettext

        return gettext(self.reason) % self.params if self.params else gettext(self.reason)


def sniff(data: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def clean_filename(filename: str, extension: str) -> str:
    """A name safe to show and to send back in Content-Disposition."""
    name = unicodedata.normalize("NFKD", filename or "").encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._ -]+", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (stem[:80] or "document") + extension


def check_upload(data: bytes) -> tuple[str, str]:
    if not data:
        raise DocumentRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise DocumentRefused(TOO_BIG)
    kind = sniff(data)
    if kind is None:
        raise DocumentRefused(WRONG_KIND)
    return kind


async def store_upload(
    session: AsyncSession,
    store: DocumentStore,
    *,
    tenant_id: str,
    citizen_id: uuid.UUID,
    doc_type: str,
    filename: str,
    data: bytes,
    application_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
) -> Document:
    """Check and store one file; the caller commits. Raises DocumentRefused."""
    content_type, extension = check_upload(data)
    if application_id is not None:
        count = await session.scalar(select(func.count()).select_from(Document).where(Document.application_id == application_id))
        if (count or 0) >= MAX_PER_APPLICATION:
            raise DocumentRefused(TOO_MANY)
    quota_mb = documents_config(tenant_of(session)).quota_mb
    used = await session.scalar(select(func.coalesce(func.sum(Document.size), 0)).where(Document.citizen_id == citizen_id))
    if (used or 0) + len(data) > quota_mb * 1024 * 1024:
        raise DocumentRefused(OVER_QUOTA, limit=quota_mb)
    document = Document(
        tenant_id=tenant_id,
        citizen_id=citizen_id,
        application_id=application_id,
        case_id=case_id,
        doc_type=doc_type,
        filename=clean_filename(filename, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    document.id = uuid.uuid4()
    document.storage_key = f"{tenant_id}/{document.id}"
    # Bytes first: a row without its file would be a broken link. The file belongs to
    # this unit of work: if it ends without a commit (a refused answer, an error) the
    # file goes too (`_forget_uncommitted_files`); a crash in between leaves a file
    # without a row, which the hourly sweep removes.
    _track(session, store, document.storage_key)
    await store.put(document.storage_key, data)
    session.add(document)
    await session.flush()
    await ensure_sweep_scheduled(session)
    return document


def _track(session: AsyncSession, store: DocumentStore, key: str) -> None:
    sync = session.sync_session
    pending = sync.info.get(PENDING_FILES)
    if pending is None:
        pending = sync.info[PENDING_FILES] = []
        event.listen(sync, "after_commit", _committed)
        event.listen(sync, "after_transaction_end", _forget_uncommitted_files)
    pending.append((store, key))


def _committed(sync_session) -> None:
    sync_session.info.get(PENDING_FILES, []).clear()


def _forget_uncommitted_files(sync_session, transaction) -> None:
    """At the end of the outermost transaction: what a commit did not keep is removed
    (after a commit, `_committed` has emptied the list already)."""
    if transaction.parent is not None:
        return
    pending = sync_session.info.get(PENDING_FILES) or []
    while pending:
        store, key = pending.pop()
        try:
            store.discard(key)
        except OSError:  # the sweep gets it later
            log.warning("could not remove uncommitted document file %s", key)


async def documents_for_application(session: AsyncSession, application_id: uuid.UUID) -> list[Document]:
    rows = await session.scalars(
        select(Document).where(Document.application_id == application_id).order_by(Document.created_at, Document.id)
    )
    return list(rows.all())


async def documents_for_case(session: AsyncSession, case_id: uuid.UUID) -> list[Document]:
    rows = await session.scalars(select(Document).where(Document.case_id == case_id).order_by(Document.created_at, Document.id))
    return list(rows.all())


async def delete_document(session: AsyncSession, store: DocumentStore, document: Document) -> None:
    """Remove the row, commit, then the file: a failed commit leaves both in place."""
    key = document.storage_key
    await session.delete(document)
    await session.commit()
    await store.delete(key)


SWEEP_JOB = "sweep_document_files"
ORPHAN_AGE = timedelta(hours=1)


async def sweep_orphan_files(session: AsyncSession, store: DocumentStore, tenant_id: str, *, older_than: timedelta = ORPHAN_AGE) -> int:
    """Remove this tenant's stored files that no document row points at and that are older
    than `older_than` (younger ones may belong to an upload still in its transaction)."""
    cutoff = clock.timestamp() - older_than.total_seconds()
    old = [key for key, stored_at in await store.stored(tenant_id) if stored_at <= cutoff]
    if not old:
        return 0
    kept: set[str] = set()
    for start in range(0, len(old), 500):
        chunk = old[start:start + 500]
        kept |= set((await session.scalars(select(Document.storage_key).where(Document.storage_key.in_(chunk)))).all())
    orphans = [key for key in old if key not in kept]
    for key in orphans:
        await store.delete(key)
    return len(orphans)


async def ensure_sweep_scheduled(session: AsyncSession) -> None:
    """Queue the hourly sweep for this tenant unless one is pending (in the caller's unit of work)."""
    from portal.notifications.models import OutboxMessage
    from portal.notifications.outbox import enqueue

    pending = await session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.kind == SWEEP_JOB, OutboxMessage.status == OutboxMessage.PENDING).limit(1))
    if pending is None:
        enqueue(session, SWEEP_JOB, {}, ref=SWEEP_JOB, not_before=clock.now() + ORPHAN_AGE)


async def run_sweep_job(context, message) -> None:
    from portal.documents.store import engine_of, store_for
    from portal.notifications.outbox import enqueue

    removed = await sweep_orphan_files(context.session, store_for(context.settings, engine_of(context.session)),
                                       context.tenant.slug)
    if removed:
        log.info("removed %d document files without a row of %s", removed, context.tenant.slug)
    # Hourly for as long as the tenant has documents; the next upload queues it again.
    if await context.session.scalar(select(Document.id).limit(1)) is not None:
        enqueue(context.session, SWEEP_JOB, {}, ref=SWEEP_JOB, not_before=clock.now() + ORPHAN_AGE)
