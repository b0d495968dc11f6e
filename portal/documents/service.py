"""Accepting an upload: checked by its content, stored, recorded."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.documents.models import Document
from portal.documents.store import DocumentStore
from portal.i18n import N_

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


class DocumentRefused(Exception):
    """An upload that is not accepted; `reason` is an English msgid to translate."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
    # Bytes first: a row without its file would be a broken link; a file without its
    # row (if the transaction fails) is harmless and removed by delete below.
    await store.put(document.storage_key, data)
    session.add(document)
    try:
        await session.flush()
    except Exception:
        await store.delete(document.storage_key)
        raise
    return document


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
