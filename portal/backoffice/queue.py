"""The work queue: open cases of a tenant, filtered, counted and paged by keyset.

Sorted by decision deadline (earliest first), then id. Paging uses the last row's
(deadline, id) as the cursor instead of an OFFSET, so page 400 costs what page 1 does:
the ix_cases_queue index (tenant_id, closed, deadline_sort, id) is walked from the
cursor. Cases without a deadline (none yet, or the term is suspended) come after all
dated ones; they are read in a second phase ordered by id, which keeps both phases
index-friendly on SQLite (NULLs first) and PostgreSQL (NULLs last) alike.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, case as sql_case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.cases.models import Case, CaseEvent
from portal.db.base import utcnow

PAGE_SIZE = 25
ASSIGNEES = ("anyone", "me", "nobody")
DEADLINES = ("overdue", "week")
# "waiting": a proposed decision waits for a senior's approval; "mine": one that I may
# approve, so not my own proposal (a senior never approves their own).
APPROVALS = ("waiting", "mine")
ALMOST_DUE = timedelta(days=7)
# Filtering on one of these statuses shows closed cases; without a status filter the
# queue holds open cases only.
CLOSED_STATUSES = ("decided", "ended")


@dataclass(frozen=True)
class QueueFilter:
    scheme: str | None = None
    status: str | None = None
    assignee: str = "anyone"
    deadline: str | None = None
    approval: str | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params, *, schemes: list[str], statuses: list[str]) -> "QueueFilter":
        """From the URL; unknown values are dropped, so a bad bookmark still shows a queue."""
        scheme = params.get("scheme") or None
        status = params.get("status") or None
        assignee = params.get("assignee") or "anyone"
        deadline = params.get("deadline") or None
        approval = params.get("approval") or None
        return cls(
            scheme=scheme if scheme in schemes else None,
            status=status if status in statuses else None,
            assignee=assignee if assignee in ASSIGNEES else "anyone",
            deadline=deadline if deadline in DEADLINES else None,
            approval=approval if approval in APPROVALS else None,
            q=(params.get("q") or "").strip()[:100],
        )

    def as_query(self, **changes) -> dict[str, str]:
        """The non-default values, for links and the URL kept in step by htmx."""
        values = replace(self, **changes) if changes else self
        query = {
            "scheme": values.scheme or "",
            "status": values.status or "",
            "assignee": "" if values.assignee == "anyone" else values.assignee,
            "deadline": values.deadline or "",
            "approval": values.approval or "",
            "q": values.q,
        }
        return {k: v for k, v in query.items() if v}


@dataclass
class QueuePage:
    cases: list[Case]
    next_cursor: str | None
    total: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def encode_cursor(case: Case) -> str:
    deadline = case.deadline_sort.isoformat() if case.deadline_sort else ""
    return base64.urlsafe_b64encode(f"{deadline}|{case.id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime | None, uuid.UUID] | None:
    """None for a missing or tampered cursor: the queue then starts at the top."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        deadline, ident = raw.split("|", 1)
        return (datetime.fromisoformat(deadline) if deadline else None), uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError):
        return None


def waiting_for_approval(not_proposed_by: uuid.UUID | None = None):
    """SQL: the case has a proposed decision no senior has approved or sent back yet.

    The rule of portal.cases.decisions.pending_proposal, in the database: the latest
    proposal comes after the latest approval, send-back or decision. (A proposal that
    needs no approval is followed by its decision in the same transaction, so it never
    counts.) Correlated subqueries on the mapped class, not aliases, so the tenant filter
    sees every table it reads.
    """
    last_proposal = select(func.max(CaseEvent.sequence)).where(
        CaseEvent.case_id == Case.id, CaseEvent.kind == "decision_proposed").scalar_subquery()
    last_answer = select(func.coalesce(func.max(CaseEvent.sequence), 0)).where(
        CaseEvent.case_id == Case.id,
        CaseEvent.kind.in_(("decision_approved", "decision_sent_back", "decision"))).scalar_subquery()
    pending = last_proposal > last_answer  # NULL (never proposed) is not pending
    if not_proposed_by is None:
        return pending
    proposer = select(CaseEvent.actor_id).where(CaseEvent.case_id == Case.id, CaseEvent.kind == "decision_proposed") \
        .order_by(CaseEvent.sequence.desc()).limit(1).scalar_subquery()
    return and_(pending, or_(proposer.is_(None), proposer != not_proposed_by))


def _conditions(f: QueueFilter, me: uuid.UUID | None, now: datetime, *, skip: str | None = None) -> list:
    """WHERE clauses of a filter; `skip` leaves one facet out (for that facet's counts)."""
    where: list = []
    if skip != "status":
        where.append(Case.status == f.status if f.status else Case.closed.is_(False))
    else:
        where.append(Case.closed.is_(False))
    if f.scheme and skip != "scheme":
        where.append(Case.scheme == f.scheme)
    if skip != "assignee":
        if f.assignee == "me":
            where.append(Case.assignee_id == me)
        elif f.assignee == "nobody":
            where.append(Case.assignee_id.is_(None))
    if skip != "deadline":
        if f.deadline == "overdue":
            where.append(Case.deadline_sort < now)
        elif f.deadline == "week":
            where.append(and_(Case.deadline_sort >= now, Case.deadline_sort < now + ALMOST_DUE))
    if skip != "approval" and f.approval:
        where.append(waiting_for_approval(not_proposed_by=me if f.approval == "mine" else None))
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(or_(Case.reference == f.q.upper(), Case.citizen_name.ilike(pattern, escape="\\"),
                         Case.reference.ilike(pattern, escape="\\")))
    return where


async def queue_page(
    session: AsyncSession,
    f: QueueFilter,
    *,
    me: uuid.UUID | None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
    with_counts: bool = True,
) -> QueuePage:
    now = now or utcnow()
    where = _conditions(f, me, now)
    position = decode_cursor(cursor)
    rows: list[Case] = []
    # Phase 1: cases with a deadline, in deadline order.
    if position is None or position[0] is not None:
        dated = select(Case).where(*where, Case.deadline_sort.is_not(None))
        if position is not None:
            deadline, ident = position
            dated = dated.where(or_(Case.deadline_sort > deadline, and_(Case.deadline_sort == deadline, Case.id > ident)))
        rows = list((await session.scalars(dated.order_by(Case.deadline_sort, Case.id).limit(page_size + 1))).all())
    # Phase 2: cases without a deadline, after all dated ones.
    if len(rows) <= page_size:
        undated = select(Case).where(*where, Case.deadline_sort.is_(None))
        if position is not None and position[0] is None:
            undated = undated.where(Case.id > position[1])
        rows += list((await session.scalars(undated.order_by(Case.id).limit(page_size + 1 - len(rows)))).all())
    more = len(rows) > page_size
    rows = rows[:page_size]
    # count(Case.id), not count(*) .select_from(Case): the tenant filter needs the mapper
    # in the statement to add its criteria.
    total = await session.scalar(select(func.count(Case.id)).where(*where)) or 0
    counts = await facet_counts(session, f, me=me, now=now) if with_counts else {}
    return QueuePage(cases=rows, next_cursor=encode_cursor(rows[-1]) if more else None, total=total, counts=counts)


def _count_if(condition):
    """How many rows of the query meet `condition` (0, not NULL, when there are none)."""
    return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)


async def facet_counts(session: AsyncSession, f: QueueFilter, *, me: uuid.UUID | None, now: datetime) -> dict:
    """For each filter option, how many cases it would show with the other filters kept."""
    counts: dict[str, dict[str, int]] = {}
    for facet, column in (("scheme", Case.scheme), ("status", Case.status)):
        result = await session.execute(
            select(column, func.count(Case.id)).where(*_conditions(f, me, now, skip=facet)).group_by(column)
        )
        counts[facet] = {key: n for key, n in result.all()}
    # The other facets: all cases the other filters keep, and how many of those match each option.
    anyone, mine, nobody = await _option_counts(session, f, me, now, "assignee",
                                                Case.assignee_id == me, Case.assignee_id.is_(None))
    counts["assignee"] = {"anyone": anyone, "me": mine, "nobody": nobody}
    due = and_(Case.deadline_sort >= now, Case.deadline_sort < now + ALMOST_DUE)
    any_deadline, overdue, week = await _option_counts(session, f, me, now, "deadline", Case.deadline_sort < now, due)
    counts["deadline"] = {"": any_deadline, "overdue": overdue, "week": week}
    any_approval, waiting, for_me = await _option_counts(session, f, me, now, "approval", waiting_for_approval(),
                                                         waiting_for_approval(not_proposed_by=me))
    counts["approval"] = {"": any_approval, "waiting": waiting, "mine": for_me}
    return counts


async def _option_counts(session: AsyncSession, f: QueueFilter, me: uuid.UUID | None, now: datetime, skip: str,
                         first, second) -> tuple[int, int, int]:
    """(all, matching `first`, matching `second`) of the cases the filters other than `skip` keep."""
    row = (await session.execute(
        select(func.count(Case.id), _count_if(first), _count_if(second)).where(*_conditions(f, me, now, skip=skip))
    )).one()
    return row[0], int(row[1]), int(row[2])


@dataclass(frozen=True)
class QueueSummary:
    open: int
    overdue: int
    due_this_week: int
    mine: int
    unassigned: int
    for_my_approval: int = 0


async def queue_summary(session: AsyncSession, *, me: uuid.UUID | None, now: datetime | None = None) -> QueueSummary:
    """The numbers on the back-office home: what needs attention first."""
    now = now or utcnow()
    row = (
        await session.execute(
            select(
                func.count(Case.id),
                _count_if(Case.deadline_sort < now),
                _count_if(and_(Case.deadline_sort >= now, Case.deadline_sort < now + ALMOST_DUE)),
                _count_if(Case.assignee_id == me),
                _count_if(Case.assignee_id.is_(None)),
                _count_if(waiting_for_approval(not_proposed_by=me)),
            ).where(Case.closed.is_(False))
        )
    ).one()
    return QueueSummary(*(int(v) for v in row))


def urgency(case: Case, now: datetime | None = None) -> str | None:
    """"overdue", "soon" (within 7 days) or None: what makes a row stand out."""
    if case.closed or case.deadline_sort is None:
        return None
    now = now or utcnow()
    if case.deadline_sort < now:
        return "overdue"
    if case.deadline_sort < now + ALMOST_DUE:
        return "soon"
    return None

