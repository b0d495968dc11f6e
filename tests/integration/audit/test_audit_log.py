"""The audit log on SQLite and PostgreSQL: chained after commit, append-only, verifiable, per tenant."""

import asyncio
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

from portal.audit import record, verify, views_of_case
from portal.audit.service import chain
from portal.cli import main as portal_command
from portal.audit.models import AuditEntry, AuditEntryImmutable
from portal.auth.models import Employee
from portal.db.engine import create_engine


# What the database answers a direct UPDATE or DELETE of an entry with.
REFUSED = {
    "sqlite": (IntegrityError, "audit entries are append-only"),
    "postgresql": (ProgrammingError, "permission denied for table audit_entries"),
}


def employee(*roles: str) -> Employee:
    return Employee(id=uuid.uuid4(), subject="x", name="Test", roles=list(roles))


async def _tamper(settings, backend, *statements: str) -> None:
    """What someone with direct database access could do; the portal itself cannot."""
    engine = create_engine(settings.database_url)  # the owner, not the app role
    try:
        async with engine.begin() as connection:
            if backend == "sqlite":
                await connection.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
                await connection.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _chained(database, slug: str, entry_id) -> AuditEntry:
    """Chain the tenant's new entries (what the worker does each round) and read one back."""
    async with database.session(slug) as session:
        await chain(session)
        return await session.scalar(select(AuditEntry).where(AuditEntry.id == entry_id))


async def _chain(database, slug: str) -> int:
    async with database.session(slug) as session:
        return await chain(session)


async def test_entries_chain_per_tenant_and_verify_clean(database):
    case_id = uuid.uuid4()
    async with database.session("amsterdam") as session:
        first = await record(session, actor=employee("caseworker"), action="case.viewed", case_id=case_id,
                             subject="AMS-2026-000001")
        second = await record(session, actor=employee("senior"), action="case.assigned", case_id=case_id,
                              detail={"to": "someone"})
        await session.commit()
    async with database.session("rotterdam") as session:
        other = await record(session, actor=None, action="settings.changed")
        await session.commit()
    assert (first.seq, first.hash) == (None, None)  # a request only inserts; chaining comes after commit
    first, second, other = [await _chained(database, slug, entry.id)
                            for slug, entry in (("amsterdam", first), ("amsterdam", second), ("rotterdam", other))]
    assert (first.seq, second.seq, other.seq) == (1, 2, 1)
    assert second.prev_hash == first.hash and other.prev_hash == "0" * 64
    for slug in ("amsterdam", "rotterdam"):
        async with database.session(slug) as session:
            assert await verify(session) == []


async def test_views_of_case_give_roles_not_names(database):
    case_id = uuid.uuid4()
    async with database.session("amsterdam") as session:
        await record(session, actor=employee("caseworker"), action="case.viewed", case_id=case_id)
        await record(session, actor=employee("senior", "caseworker"), action="document.viewed", case_id=case_id)
        await record(session, actor=employee("caseworker"), action="case.note_added", case_id=case_id)
        await record(session, actor=employee("caseworker"), action="case.viewed", case_id=uuid.uuid4())
        await session.commit()
        views = await views_of_case(session, case_id)
    assert [role for role, _ in views] == ["senior", "caseworker"]
    async with database.session("rotterdam") as session:
        assert await views_of_case(session, case_id) == []


async def test_the_portal_cannot_change_or_delete_an_entry(database, backend):
    async with database.session("amsterdam") as session:
        entry = await record(session, actor=employee("admin"), action="case.viewed")
        await session.commit()
        entry.subject = "changed"
        with pytest.raises(AuditEntryImmutable):
            await session.flush()
        await session.rollback()
    # Below the ORM, the database refuses too: the app role has no UPDATE or DELETE grant on
    # PostgreSQL, and triggers abort both on SQLite.
    refused, reason = REFUSED[backend]
    async with database.session("amsterdam") as session:
        with pytest.raises(refused, match=reason):
            await session.execute(text("UPDATE audit_entries SET subject = 'changed'"))
        await session.rollback()
        with pytest.raises(refused, match=reason):
            await session.execute(text("DELETE FROM audit_entries"))
        await session.rollback()
        assert (await session.scalar(select(AuditEntry.subject))) is None


async def test_changed_entry_makes_verify_fail_and_name_it(database, settings, backend, tmp_path):
    async with database.session("amsterdam") as session:
        for n in range(4):
            await record(session, actor=employee("caseworker"), action="case.viewed", subject=f"AMS-{n}")
        await session.commit()
    await _chain(database, "amsterdam")
    async with database.session("amsterdam") as session:
        tampered = await session.scalar(select(AuditEntry).where(AuditEntry.seq == 3))
    runner = CliRunner()
    env = {"DATABASE_URL": settings.database_url, "PORTAL_VAR_DIR": str(tmp_path / "cli")}
    clean = await asyncio.to_thread(runner.invoke, portal_command, ["audit", "verify"], env=env)
    assert clean.exit_code == 0, clean.output
    assert "intact" in clean.output

    await _tamper(settings, backend, "UPDATE audit_entries SET subject = 'AMS-x' WHERE seq = 3")
    async with database.session("amsterdam") as session:
        problems = await verify(session)
    assert [(p.seq, p.entry_id) for p in problems] == [(3, tampered.id)]
    broken = await asyncio.to_thread(runner.invoke, portal_command, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert f"amsterdam: audit entry #3 ({tampered.id})" in broken.output
    assert "changed after it was written" in broken.output


async def test_deleted_entry_is_a_gap(database, settings, backend):
    async with database.session("utrecht") as session:
        for n in range(3):
            await record(session, actor=employee("caseworker"), action="case.viewed", subject=f"UTR-{n}")
        await session.commit()
    await _chain(database, "utrecht")
    await _tamper(settings, backend, "DELETE FROM audit_entries WHERE seq = 2 AND tenant_id = 'utrecht'")
    async with database.session("utrecht") as session:
        problems = await verify(session)
    assert [p.seq for p in problems] == [2, 3]
    assert "missing" in problems[0].reason and "previous hash" in problems[1].reason


async def test_sixty_four_writers_at_once_each_get_one_entry_and_one_unbroken_chain(database, settings, backend):
    """64 caseworkers of one tenant open case files at the same moment, each in its own
    session, while chainers run: no request fails or waits for another's entry, every
    look is in the log exactly once, and a change or a removal afterwards is named."""
    writers = 64
    start = asyncio.Event()
    written: list[uuid.UUID] = []

    async def look(n: int) -> None:
        await start.wait()
        async with database.session("amsterdam") as session:
            entry = await record(session, actor=employee("caseworker"), action="case.viewed", subject=f"AMS-{n}")
            await session.commit()
        written.append(entry.id)

    async def chain_meanwhile() -> int:
        chained = 0
        await start.wait()
        while len(written) < writers:
            chained += await _chain(database, "amsterdam")
            await asyncio.sleep(0)
        return chained

    tasks = [asyncio.create_task(look(n)) for n in range(writers)]
    chainers = [asyncio.create_task(chain_meanwhile()) for _ in range(3)]
    start.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    chained = sum(await asyncio.gather(*chainers)) + await _chain(database, "amsterdam")
    assert [o for o in outcomes if o is not None] == []
    assert chained == writers  # each entry chained once, by whichever chainer held the lock
    async with database.session("amsterdam") as session:
        stored = (await session.execute(select(AuditEntry.id, AuditEntry.seq).order_by(AuditEntry.seq))).all()
        assert await verify(session) == []
    assert sorted(entry_id for entry_id, _ in stored) == sorted(written)
    assert [seq for _, seq in stored] == list(range(1, writers + 1))

    by_seq = dict((seq, entry_id) for entry_id, seq in stored)
    await _tamper(settings, backend, "UPDATE audit_entries SET subject = 'AMS-x' WHERE seq = 10")
    await _tamper(settings, backend, "DELETE FROM audit_entries WHERE seq = 40")
    async with database.session("amsterdam") as session:
        problems = await verify(session)
    assert [(p.seq, p.entry_id, p.reason.split(" (")[0]) for p in problems] == [
        (10, by_seq[10], "was changed after it was written"),
        (40, None, "missing: the log jumps from #39 to #41"),
        (41, by_seq[41], "does not follow the previous entry"),
    ]


# On SQLite a writer holds the database's one write lock from its INSERT to its commit, so
# entries commit in the order they were numbered; only PostgreSQL can commit them out of order.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_an_entry_that_commits_late_is_chained_after_those_that_committed_first(database):
    late = database.session("amsterdam")
    try:
        slow = await record(late, actor=employee("caseworker"), action="case.viewed", subject="late")
        await late.flush()  # numbered first (pos), but not committed yet
        async with database.session("amsterdam") as session:
            quick = await record(session, actor=employee("senior"), action="case.viewed", subject="quick")
            await session.commit()
        assert slow.pos < quick.pos
        assert await _chain(database, "amsterdam") == 1  # the uncommitted one is not seen
        await late.commit()
    finally:
        await late.close()
    assert await _chain(database, "amsterdam") == 1
    async with database.session("amsterdam") as session:
        stored = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
        assert [(e.subject, e.seq) for e in stored] == [("quick", 1), ("late", 2)]
        assert stored[1].prev_hash == stored[0].hash
        assert await verify(session) == []


# What the database answers the portal when it rewrites the chain of a chained entry.
RECHAIN_REFUSED = {
    "sqlite": (IntegrityError, "audit entries are append-only"),
    "postgresql": (DBAPIError, "entry .* is chained already"),
}


async def test_the_portal_fills_in_the_chain_once_and_cannot_rewrite_it(database, backend):
    async with database.session("amsterdam") as session:
        entry = await record(session, actor=employee("caseworker"), action="case.viewed")
        await session.commit()
    chained = await _chained(database, "amsterdam", entry.id)
    refused, reason = RECHAIN_REFUSED[backend]
    async with database.session("amsterdam") as session:
        with pytest.raises(refused, match=reason):
            await session.execute(text("UPDATE audit_entries SET hash = :h, prev_hash = :h"), {"h": "1" * 64})
        await session.rollback()
        loaded = await session.scalar(select(AuditEntry))
        loaded.seq = 7
        with pytest.raises(AuditEntryImmutable):
            await session.flush()
        await session.rollback()
        assert (await session.scalar(select(AuditEntry.hash))) == chained.hash


async def test_the_worker_chains_new_entries_every_round(database, settings, tenants):
    from portal.domains import registry
    from portal.notifications.worker import run_once

    async with database.session("rotterdam") as session:
        await record(session, actor=employee("caseworker"), action="case.viewed", subject="ROT-1")
        await session.commit()
    await run_once(settings, database, {"rotterdam": tenants["rotterdam"]}, {}, registry().worker_rounds)
    async with database.session("rotterdam") as session:
        assert [(e.subject, e.seq) for e in (await session.scalars(select(AuditEntry))).all()] == [("ROT-1", 1)]


async def _verify_command(settings, tmp_path, *args: str):
    env = {"DATABASE_URL": settings.database_url, "PORTAL_VAR_DIR": str(tmp_path / "cli")}
    return await asyncio.to_thread(CliRunner().invoke, portal_command, ["audit", "verify", *args], env=env)


async def test_incremental_verify_reads_from_the_last_checkpoint_and_a_full_one_compares_every_checkpoint(
        database, settings, backend, tmp_path):
    async def look(n: int) -> None:
        async with database.session("den-haag") as session:
            for i in range(n):
                await record(session, actor=employee("caseworker"), action="case.viewed", subject=f"DH-{i}")
            await session.commit()

    await look(5)
    first = await _verify_command(settings, tmp_path)  # chains the five, checks all, leaves a checkpoint
    assert first.exit_code == 0 and "(5 entries checked)" in first.output, first.output
    await look(3)
    daily = await _verify_command(settings, tmp_path, "--incremental")
    assert daily.exit_code == 0 and "(3 entries checked since the last checkpoint)" in daily.output, daily.output

    # A change before the last checkpoint: the daily check does not read that far, the full one does.
    await _tamper(settings, backend, "UPDATE audit_entries SET subject = 'DH-x' WHERE seq = 2 AND tenant_id = 'den-haag'")
    await look(1)
    daily = await _verify_command(settings, tmp_path, "--incremental")
    assert daily.exit_code == 0 and "(1 entries checked since the last checkpoint)" in daily.output, daily.output
    full = await _verify_command(settings, tmp_path)
    assert full.exit_code == 1 and "den-haag: audit entry #2" in full.output and "changed after it was written" in full.output

    # Someone rewrites the chain from #2 on with fresh hashes: every entry agrees with the
    # one before it, but no longer with what earlier verifies found intact.
    async with database.session("den-haag") as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    from portal.audit.service import entry_hash

    # On PostgreSQL the owner also has to switch off the trigger that keeps a chain as written.
    rewrite = [] if backend == "sqlite" else ["ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_chained_once"]
    prev = rows[0].hash
    for row in rows[1:]:
        row.prev_hash = prev
        row.hash = prev = entry_hash(row)
        rewrite.append(f"UPDATE audit_entries SET prev_hash = '{row.prev_hash}', hash = '{row.hash}' "
                       f"WHERE id = '{row.id.hex if backend == 'sqlite' else row.id}'")
    await _tamper(settings, backend, *rewrite)
    full = await _verify_command(settings, tmp_path)
    assert full.exit_code == 1
    assert "den-haag: audit entry #5" in full.output and "earlier verify's checkpoint" in full.output
    daily = await _verify_command(settings, tmp_path, "--incremental")
    assert daily.exit_code == 1 and "differs from the checkpoint of" in daily.output


async def test_entries_cut_off_at_the_end_are_missing_against_the_checkpoint(database, settings, backend, tmp_path):
    async with database.session("utrecht") as session:
        for n in range(4):
            await record(session, actor=employee("caseworker"), action="case.viewed", subject=f"UTR-{n}")
        await session.commit()
    assert (await _verify_command(settings, tmp_path)).exit_code == 0
    await _tamper(settings, backend, "DELETE FROM audit_entries WHERE seq >= 3 AND tenant_id = 'utrecht'")
    async with database.session("utrecht") as session:
        problems = await verify(session)
    assert [(p.seq, p.reason) for p in problems] == [(3, "missing: the log ends at #2, an earlier verify found #4")]
