"""One row per look or action. Rows are never updated or deleted.

Each entry carries the hash of the previous entry of its tenant, so removing, inserting
or changing a row breaks the chain at that point (`portal audit verify`). The database
enforces append-only a second time: on PostgreSQL the app role may only SELECT and
INSERT; on SQLite triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint, Uuid, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class AuditEntry(TenantScoped, Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        # The sequence number orders the chain; the unique constraint makes two writers
        # that picked the same number collide, and the loser retries (service.record).
        UniqueConstraint("tenant_id", "seq", name="uq_audit_entries_tenant_seq"),
        Index("ix_audit_entries_case", "tenant_id", "case_id", "seq"),
        Index("ix_audit_entries_actor", "tenant_id", "actor_id", "seq"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    actor_kind: Mapped[str] = mapped_column(String(20))  # employee, citizen, system
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Roles at the time of the entry (an employee may change roles later).
    actor_roles: Mapped[list] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntryImmutable(RuntimeError):
    """Code tried to change or delete an audit entry."""


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditEntryImmutable("audit entries are append-only")
