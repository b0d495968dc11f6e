"""The admin's view of the audit log: filtered per case, employee, action and dates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit.models import AuditEntry
from portal.cases.service import Case
from portal.i18n import TIMEZONE

PAGE_SIZE = 50
# Dates outside these are typing errors (and the ends of Python's range overflow on +1 day).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
# The audit log's order (`pos`) is a 64-bit column: a larger `before` means "from the newest".
MAX_SEQ = 2**63 - 1


@dataclass(frozen=True)
class AuditFilter:
    case: str = ""  # a reference
    employee: uuid.UUID | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_query(cls, params, actions) -> tuple["AuditFilter", dict[str, str]]:
        errors: dict[str, str] = {}

        def _day(key: str) -> date | None:
            raw = (params.get(key) or "").strip()
            if not raw:
                return None
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                day = None
            if day is None or not FIRST_DAY <= day <= LAST_DAY:
                errors[key] = "date"
                return None
            return day

        try:
            employee = uuid.UUID(params.get("employee")) if params.get("employee") else None
        except ValueError:
            employee = None
        action = params.get("action") or ""
        return cls(case=(params.get("case") or "").strip().upper()[:20], employee=employee,
                   action=action if action in actions else "", since=_day("since"), until=_day("until")), errors


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TIMEZONE)


async def audit_page(session: AsyncSession, f: AuditFilter, *, before: int | None = None) -> tuple[list, int | None, bool]:
    """Newest first, keyset on the order of writing (entries not chained yet show too). Returns (entries, next before, unknown case)."""
    query = select(AuditEntry)
    if f.case:
        case_id = await session.scalar(select(Case.id).where(Case.reference == f.case))
        if case_id is None:
            return [], None, True
        query = query.where(AuditEntry.case_id == case_id)
    if f.employee:
        query = query.where(AuditEntry.actor_id == f.employee)
    if f.action:
        query = query.where(AuditEntry.action == f.action)
    if f.since:
        query = query.where(AuditEntry.at >= _start_of(f.since))
    if f.until:
        query = query.where(AuditEntry.at < _start_of(f.until + timedelta(days=1)))
    if before and before <= MAX_SEQ:
        query = query.where(AuditEntry.pos < before)
    rows = list((await session.scalars(query.order_by(AuditEntry.pos.desc()).limit(PAGE_SIZE + 1))).all())
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].pos if more else None), False


async def case_references(session: AsyncSession, entries: list) -> dict:
    ids = {e.case_id for e in entries if e.case_id}
    if not ids:
        return {}
    return dict((await session.execute(select(Case.id, Case.reference).where(Case.id.in_(ids)))).all())
