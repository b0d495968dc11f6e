"""Writing, reading and checking the audit log.

The chain: every entry stores `prev_hash` (the hash of the tenant's previous entry, or
64 zeros for the first) and `hash = sha256(prev_hash + canonical JSON of the entry)`.
Changing any stored field, deleting an entry or slipping one in breaks the chain at
that point, and `verify` names the entry.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.audit.models import AuditEntry
from portal.db.tenant_filter import TENANT_KEY, TenantContextMissing

GENESIS = "0" * 64
MAX_ATTEMPTS = 8
# Looking, not changing: what the citizen's "who saw my data" lists.
VIEW_ACTIONS = ("case.viewed", "document.viewed")
ROLE_ORDER = ("admin", "senior", "caseworker")
@dataclass(frozen=True)
class AuditProblem:
    tenant: str
    seq: int
    entry_id: uuid.UUID | None
    reason: str

    def __str__(self) -> str:
        ident = f" ({self.entry_id})" if self.entry_id else ""
        return f"{self.tenant}: audit entry #{self.seq}{ident}: {self.reason}"


def primary_role(roles: list[str]) -> str:
    """The role an employee acts in, for people who must not see names."""
    return next((r for r in ROLE_ORDER if r in roles), roles[0] if roles else "employee")


def _actor(actor) -> tuple[str, uuid.UUID | None, list[str]]:
    if actor is None:
        return "system", None, []
    roles = getattr(actor, "roles", None)
    if roles is not None:  # an Employee
        return "employee", actor.id, sorted(roles)
    return "citizen", actor.id, ["citizen"]


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def canonical(entry: AuditEntry) -> str:
    """The entry's content as one stable string (sorted keys, no spaces)."""
    return json.dumps(
        {
            "tenant": entry.tenant_id,
            "seq": entry.seq,
            "at": _iso(entry.at),
            "actor_kind": entry.actor_kind,
            "actor_id": str(entry.actor_id) if entry.actor_id else None,
            "actor_roles": list(entry.actor_roles or []),
            "action": entry.action,
            "case_id": str(entry.case_id) if entry.case_id else None,
            "subject": entry.subject,
            "detail": entry.detail or {},
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256((entry.prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


async def record(
    session: AsyncSession,
    *,
    actor,
    action: str,
    case_id: uuid.UUID | None = None,
    subject: str | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction (it is kept only if that commits).

    Two writers may pick the same sequence number; the UNIQUE(tenant_id, seq) makes the
    second one fail inside a savepoint, and it reads the new tail and tries again.
    """
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        raise TenantContextMissing("audit entry without a tenant in the session")
    kind, actor_id, roles = _actor(actor)
    # Round-trip through JSON now, so what is hashed is exactly what is read back.
    detail = json.loads(json.dumps(detail or {}, default=str, sort_keys=True))
    for _attempt in range(MAX_ATTEMPTS):
        tail = (
            await session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        ).first()
        entry = AuditEntry(
            tenant_id=tenant_id,
            seq=(tail.seq + 1) if tail else 1,
            at=clock.now(),
            actor_kind=kind,
            actor_id=actor_id,
            actor_roles=roles,
            action=action,
            case_id=case_id,
            subject=subject[:200] if subject else None,
            detail=detail,
            prev_hash=tail.hash if tail else GENESIS,
        )
        entry.hash = entry_hash(entry)
        try:
            async with session.begin_nested():
                session.add(entry)
        except IntegrityError:
            continue  # someone else took this number: read the new tail
        return entry
    raise RuntimeError("could not append to the audit log: too much contention")


async def views_of_case(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[str, datetime]]:
    """Which role looked at a case file, and when (newest first): no names, for the citizen."""
    rows = await session.execute(
        select(AuditEntry.actor_roles, AuditEntry.at)
        .where(AuditEntry.case_id == case_id, AuditEntry.actor_kind == "employee",
               AuditEntry.action.in_(VIEW_ACTIONS))
        .order_by(AuditEntry.seq.desc())
    )
    return [(primary_role(list(roles or [])), at) for roles, at in rows]


async def verify(session: AsyncSession, batch: int = 2000) -> list[AuditProblem]:
    """Walk the tenant's chain in order; every gap, changed or inserted entry is a problem."""
    tenant_id = session.info.get(TENANT_KEY) or ""
    problems: list[AuditProblem] = []
    expected_seq, prev_hash, last_seq = 1, GENESIS, 0
    while True:
        # Keyset over seq, so a long log is read in bounded batches.
        entries = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq).limit(batch)
            )
        ).all()
        if not entries:
            return problems
        for entry in entries:
            if entry.seq != expected_seq:
                problems.append(AuditProblem(tenant_id, expected_seq, None,
                                             f"missing: the log jumps from #{expected_seq - 1} to #{entry.seq}"))
            if entry.prev_hash != prev_hash:
                problems.append(AuditProblem(tenant_id, entry.seq, entry.id,
                                             "does not follow the previous entry (previous hash differs)"))
            if entry_hash(entry) != entry.hash:
                problems.append(AuditProblem(tenant_id, entry.seq, entry.id,
                                             "was changed after it was written (hash differs)"))
            expected_seq, prev_hash, last_seq = entry.seq + 1, entry.hash, entry.seq
        session.expunge_all()  # keep memory flat on a long log
