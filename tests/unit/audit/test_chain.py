"""The hash of an entry covers every field and the previous hash."""

import uuid
from datetime import datetime, timezone

from portal.audit.models import AuditEntry
from portal.audit.service import GENESIS, canonical, entry_hash, primary_role


def _entry(**overrides) -> AuditEntry:
    values = dict(
        tenant_id="amsterdam", seq=1, at=datetime(2026, 3, 5, 9, 30, 0, 123456, tzinfo=timezone.utc),
        actor_kind="employee", actor_id=uuid.UUID(int=7), actor_roles=["caseworker"], action="case.viewed",
        case_id=uuid.UUID(int=9), subject="AMS-2026-000001", detail={"b": 1, "a": "x"}, prev_hash=GENESIS,
    )
    values.update(overrides)
    return AuditEntry(**values)


def test_canonical_form_is_stable_and_sorted():
    text = canonical(_entry())
    assert text.index('"action"') < text.index('"actor_id"') < text.index('"tenant"')
    assert '"detail":{"a":"x","b":1}' in text
    assert canonical(_entry()) == text


def test_every_field_changes_the_hash():
    base = entry_hash(_entry())
    changes = dict(
        tenant_id="rotterdam", seq=2, at=datetime(2026, 3, 5, 9, 30, 1, tzinfo=timezone.utc), actor_kind="citizen",
        actor_id=uuid.UUID(int=8), actor_roles=["senior"], action="case.assigned", case_id=uuid.UUID(int=10),
        subject="AMS-2026-000002", detail={"a": "y", "b": 1}, prev_hash="1" * 64,
    )
    for field, value in changes.items():
        assert entry_hash(_entry(**{field: value})) != base, field


def test_the_same_moment_in_another_time_zone_hashes_the_same():
    from zoneinfo import ZoneInfo

    utc = _entry()
    local = _entry(at=utc.at.astimezone(ZoneInfo("Europe/Amsterdam")))
    assert entry_hash(utc) == entry_hash(local)


def test_primary_role_prefers_the_most_senior():
    assert primary_role(["caseworker", "senior"]) == "senior"
    assert primary_role(["caseworker"]) == "caseworker"
    assert primary_role(["admin", "caseworker"]) == "admin"
