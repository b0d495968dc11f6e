"""Writing, reading and checking the audit log.

Writing (`record`) is one INSERT in the caller's transaction; the database numbers the
entry (`pos`), so requests of one tenant never wait for each other or retry.

Chaining (`chain`) runs after commit, one chainer per tenant at a time (the worker every
round; `portal audit verify` before it checks): it takes the tenant's committed entries
that have no place yet, in the order they were written, and fills in for each `seq`
(the next number), `prev_hash` (the hash of the tenant's previous entry, or 64 zeros for
the first) and `hash = sha256(prev_hash + canonical JSON of the entry)`. An entry that
commits late simply gets a later number.

Checking (`verify`) walks the chain: changing any stored field, deleting an entry or
slipping one in breaks it at that point, and `verify` names the entry. A verify that
finds the chain intact leaves a checkpoint; an incremental verify starts from the last
one, and a full verify also compares the chain with every checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.audit.models import AuditCheckpoint, AuditEntry
from portal.db.tenant_filter import TENANT_KEY, TenantContextMissing

GENESIS = "0" * 64
# Entries chained per transaction: a backlog is worked off in bounded steps.
CHAIN_BATCH = 2000
# Looking, not changing: what the citizen's "who saw my data" lists.
VIEW_ACTIONS = ("case.viewed", "document.viewed")
ROLE_ORDER = ("admin", "senior", "caseworker", "workcoach")
# What the hash covers, read as plain rows (a long log is checked without ORM objects).
_HASHED = (AuditEntry.tenant_id, AuditEntry.seq, AuditEntry.at, AuditEntry.actor_kind, AuditEntry.actor_id,
           AuditEntry.actor_roles, AuditEntry.action, AuditEntry.case_id, AuditEntry.subject, AuditEntry.detail,
           AuditEntry.prev_hash, AuditEntry.hash, AuditEntry.id)


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
    """Add an entry to the caller's unit of work (it is kept only if that commits).

    Nothing is read and nothing waits: the entry is chained after commit (`chain`), so
    its `seq` and hashes are None until then.
    """
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        raise TenantContextMissing("audit entry without a tenant in the session")
    kind, actor_id, roles = _actor(actor)
    # Round-trip through JSON now, so what is hashed is exactly what is read back.
    detail = json.loads(json.dumps(detail or {}, default=str, sort_keys=True))
    entry = AuditEntry(
        id=uuid.uuid4(),
        tenant_id=tenant_id,
        at=clock.now(),
        actor_kind=kind,
        actor_id=actor_id,
        actor_roles=roles,
        action=action,
        case_id=case_id,
        subject=subject[:200] if subject else None,
        detail=detail,
    )
    session.add(entry)
    return entry


async def _take_chain_lock(session: AsyncSession, tenant_id: str, *, wait: bool) -> bool:
    """One chainer per tenant at a time; requests never take this lock."""
    if session.get_bind().dialect.name == "postgresql":
        key = {"key": f"audit-chain:{tenant_id}"}
        if wait:
            await session.execute(text("select pg_advisory_xact_lock(hashtextextended(:key, 0))"), key)
            return True
        return bool(await session.scalar(text("select pg_try_advisory_xact_lock(hashtextextended(:key, 0))"), key))
    # SQLite has one writer at a time: a write that changes nothing takes the database's
    # write lock now, so the tail read next is the newest (waits up to busy_timeout).
    await session.execute(text("UPDATE audit_entries SET seq = seq WHERE 0"))
    return True


async def chain(session: AsyncSession, *, wait: bool = False, limit: int | None = None) -> int:
    """Chain the tenant's committed entries that have no place yet; commits. Returns how many.

    With `wait=False` (the worker) it gives up at once when another chainer holds the
    tenant's lock: that one chains these entries too. Call it on a session without work
    of its own: it commits in steps of CHAIN_BATCH.
    """
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        raise TenantContextMissing("chaining the audit log without a tenant in the session")
    done = 0
    while limit is None or done < limit:
        # Most rounds find nothing new: then no lock is taken (on SQLite that is a write lock).
        if await session.scalar(select(AuditEntry.pos).where(AuditEntry.seq.is_(None)).limit(1)) is None:
            await session.rollback()
            return done
        if not await _take_chain_lock(session, tenant_id, wait=wait):
            await session.rollback()
            return done
        tail = (await session.execute(
            select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq.is_not(None))
            .order_by(AuditEntry.seq.desc()).limit(1))).first()
        step = CHAIN_BATCH if limit is None else min(CHAIN_BATCH, limit - done)
        pending = (await session.scalars(
            select(AuditEntry).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.pos).limit(step))).all()
        seq, prev_hash = (tail.seq, tail.hash) if tail else (0, GENESIS)
        for entry in pending:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev_hash
            entry.hash = prev_hash = entry_hash(entry)
        await session.commit()  # also ends the transaction that holds the lock
        session.expunge_all()
        done += len(pending)
        if len(pending) < step:
            break
    return done


async def views_of_case(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[str, datetime]]:
    """Which role looked at a case file, and when (newest first): no names, for the citizen."""
    rows = await session.execute(
        select(AuditEntry.actor_roles, AuditEntry.at)
        .where(AuditEntry.case_id == case_id, AuditEntry.actor_kind == "employee",
               AuditEntry.action.in_(VIEW_ACTIONS))
        .order_by(AuditEntry.pos.desc())
    )
    return [(primary_role(list(roles or [])), at) for roles, at in rows]


@dataclass(frozen=True)
class Walked:
    """What one verify read: its problems, and where the chain it read ends."""

    problems: list[AuditProblem]
    seq: int
    hash: str
    checked: int


async def _latest_checkpoint(session: AsyncSession) -> AuditCheckpoint | None:
    return await session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc(),
                                                                  AuditCheckpoint.pos.desc()).limit(1))


async def walk(session: AsyncSession, *, incremental: bool = False, batch: int = 5000) -> Walked:
    """Read the tenant's chain in order (from the last checkpoint when `incremental`)."""
    tenant_id = session.info.get(TENANT_KEY) or ""
    problems: list[AuditProblem] = []
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    if incremental and (start := await _latest_checkpoint(session)) is not None:
        anchor = (await session.execute(select(*_HASHED).where(AuditEntry.seq == start.seq))).first()
        found = clock.to_local(start.at).strftime("%Y-%m-%d %H:%M")
        if anchor is None:
            problems.append(AuditProblem(tenant_id, start.seq, None, f"missing: it was intact at the checkpoint of {found}"))
        elif anchor.hash != start.hash or entry_hash(anchor) != anchor.hash:
            problems.append(AuditProblem(tenant_id, start.seq, anchor.id,
                                         f"differs from the checkpoint of {found} (hash differs)"))
        expected_seq, prev_hash = start.seq + 1, start.hash
        known = {}
    else:
        # Every hash a verify once found intact: a rewritten chain does not match them.
        known = dict((await session.execute(select(AuditCheckpoint.seq, AuditCheckpoint.hash))).all())
    last_seq = expected_seq - 1
    while True:
        # Keyset over seq, so a long log is read in bounded batches.
        entries = (await session.execute(
            select(*_HASHED).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq).limit(batch))).all()
        if not entries:
            break
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
            elif entry.seq in known and known[entry.seq] != entry.hash:
                problems.append(AuditProblem(tenant_id, entry.seq, entry.id,
                                             "differs from an earlier verify's checkpoint (the chain was rewritten)"))
            expected_seq, prev_hash, last_seq = entry.seq + 1, entry.hash, entry.seq
            checked += 1
    if known and (furthest := max(known)) > last_seq:
        problems.append(AuditProblem(tenant_id, last_seq + 1, None,
                                     f"missing: the log ends at #{last_seq}, an earlier verify found #{furthest}"))
    return Walked(problems, last_seq, prev_hash, checked)


async def verify(session: AsyncSession, batch: int = 5000, *, incremental: bool = False) -> list[AuditProblem]:
    """Walk the tenant's chain in order; every gap, changed or inserted entry is a problem.

    Entries not chained yet are not looked at (`chain` first, as `portal audit verify` does).
    """
    return (await walk(session, incremental=incremental, batch=batch)).problems


async def verify_and_checkpoint(session: AsyncSession, *, incremental: bool = False) -> Walked:
    """Chain what is pending, verify, and leave a checkpoint when the chain is intact."""
    await chain(session, wait=True)
    walked = await walk(session, incremental=incremental)
    if not walked.problems and walked.seq:
        session.add(AuditCheckpoint(seq=walked.seq, hash=walked.hash, checked=walked.checked,
                                    full=not incremental, at=clock.now()))
        await session.commit()
    return walked


# Per tenant per worker round: a backlog drains over several rounds, not in one long one.
WORKER_ROUND_LIMIT = 20_000


async def chain_new_entries(session: AsyncSession) -> None:
    """The worker's round: chain what committed since, unless another chainer is at it."""
    await chain(session, wait=False, limit=WORKER_ROUND_LIMIT)
