"""An uploaded document: metadata here, the bytes in a DocumentStore."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class Document(TenantScoped, Base):
    __tablename__ = "documents"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))  # as the citizen named it, cleaned
    content_type: Mapped[str] = mapped_column(String(60))  # from the content, not the browser
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class DocumentBlob(TenantScoped, Base):
    """The bytes of one document when DOCUMENT_STORE=database (portal.documents.store)."""

    __tablename__ = "document_blobs"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # Document.storage_key
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(default=clock.now)
