"""The audit log on SQLite and PostgreSQL: chained, append-only, verifiable, per tenant."""

import asyncio
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, ProgrammingError

from portal.audit import record, verify, views_of_case
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


async def _tamper(settings, backend, statement: str) -> None:
    """What someone with direct database access could do; the portal itself cannot."""
    engine = create_engine(settings.database_url)  # the owner, not the app role
    try:
        async with engine.begin() as connection:
            if backend == "sqlite":
                await connection.execute(text("DROP TRIGGER audit_entries_no_update"))
                await connection.execute(text("DROP TRIGGER audit_entries_no_delete"))
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


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
    await _tamper(settings, backend, "DELETE FROM audit_entries WHERE seq = 2 AND tenant_id = 'utrecht'")
    async with database.session("utrecht") as session:
        problems = await verify(session)
    assert [p.seq for p in problems] == [2, 3]
    assert "missing" in problems[0].reason and "previous hash" in problems[1].reason


async def test_two_writers_at_once_keep_one_unbroken_chain(database):
    """Both writers read the tail before either writes: the second picks the number the first
    took, its insert fails on UNIQUE(tenant_id, seq), and it reads the new tail and retries."""
    first = database.session("den-haag")
    second = database.session("den-haag")
    second_read_the_tail = asyncio.Event()
    first_committed = asyncio.Event()
    tails_read: list[int | None] = []
    execute = second.execute

    async def execute_then_wait(statement, *args, **kwargs):
        result = await execute(statement, *args, **kwargs)
        if statement.is_select and statement.get_final_froms()[0].name == "audit_entries":
            frozen = result.freeze()  # read the tail here, and hand `record` the same rows
            tail = frozen().first()
            tails_read.append(tail.seq if tail else None)
            if len(tails_read) == 1:
                second_read_the_tail.set()
                await first_committed.wait()  # the first writes its entry now, on the same tail
            return frozen()
        return result

    second.execute = execute_then_wait
    try:
        writing = asyncio.create_task(record(second, actor=employee("senior"), action="case.viewed", subject="second"))
        await second_read_the_tail.wait()
        taken = await record(first, actor=employee("caseworker"), action="case.viewed", subject="first")
        await first.commit()
        first_committed.set()
        entry = await writing
        await second.commit()
    finally:
        await first.close()
        await second.close()
    # The second read an empty log, collided on #1, read again and appended #2 after the first.
    assert tails_read == [None, 1]
    assert (taken.seq, entry.seq) == (1, 2) and entry.prev_hash == taken.hash
    async with database.session("den-haag") as session:
        stored = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
        assert [(e.seq, e.subject) for e in stored] == [(1, "first"), (2, "second")]
        assert await verify(session) == []

