"""One row per look or action. Rows are never updated or deleted.

A request only INSERTs its entry; the database numbers it (`pos`, an autoincrement), so
no two requests of a tenant ever wait for each other. After commit one writer at a time
(the worker, or `portal audit verify`) chains the new entries of a tenant in order: it
fills in `seq`, `prev_hash` and `hash` once (service.chain). Each entry then carries the
hash of the previous entry of its tenant, so removing, inserting or changing a row
breaks the chain at that point (`portal audit verify`). The database enforces
append-only a second time: on PostgreSQL the app role may SELECT and INSERT, and UPDATE
only the three chain columns, which a trigger lets it fill in once; on SQLite triggers
refuse every other UPDATE and every DELETE.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, String, UniqueConstraint, Uuid, event, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class AuditEntry(TenantScoped, Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        # The chain's order per tenant, filled in after commit; one number, one entry.
        UniqueConstraint("tenant_id", "seq", name="uq_audit_entries_tenant_seq"),
        Index("ix_audit_entries_case", "tenant_id", "case_id", "pos"),
        Index("ix_audit_entries_actor", "tenant_id", "actor_id", "pos"),
        # What the chainer looks for: the entries of a tenant not chained yet, oldest first.
        Index("ix_audit_entries_unchained", "tenant_id", "pos",
              postgresql_where=text("seq IS NULL"), sqlite_where=text("seq IS NULL")),
    )

    # The order of writing (not of committing): numbered by the database, nobody waits.
    pos: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                                     autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    actor_kind: Mapped[str] = mapped_column(String(20))  # employee, citizen, system
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Roles at the time of the entry (an employee may change roles later).
    actor_roles: Mapped[list] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    # The chain (None until chained): the entry's number in its tenant's log, the hash of
    # the entry before it (64 zeros for the first) and its own hash.
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditCheckpoint(TenantScoped, Base):
    """Where a verify found the chain intact: the next incremental verify starts there.

    Append-only like the log. A full verify also compares the chain with every checkpoint,
    so a log rewritten with recomputed hashes differs from what was found intact before.
    """

    __tablename__ = "audit_checkpoints"
    __table_args__ = (Index("ix_audit_checkpoints_tenant_seq", "tenant_id", "seq"),)

    pos: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                                     autoincrement=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    # How many entries that verify read (all of them, or those after the previous checkpoint).
    checked: Mapped[int] = mapped_column(Integer)
    full: Mapped[bool] = mapped_column()
    at: Mapped[datetime] = mapped_column(default=clock.now)


CHAIN_FIELDS = frozenset({"seq", "prev_hash", "hash"})


class AuditEntryImmutable(RuntimeError):
    """Code tried to change or delete an audit entry."""


def _only_chained_now(obj: AuditEntry) -> bool:
    """True when the only change is filling in the chain of an entry that had none."""
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if attr.key not in CHAIN_FIELDS or any(old is not None for old in history.deleted):
            return False
    return True


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditCheckpoint) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditEntryImmutable("audit checkpoints are append-only")
        if not isinstance(obj, AuditEntry):
            continue
        if obj in session.deleted or (session.is_modified(obj) and not _only_chained_now(obj)):
            raise AuditEntryImmutable("audit entries are append-only")
