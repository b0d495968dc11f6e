"""The werk domain's logic and public interface: clients, contact moments, the plan with its
versions and actions, job applications and enrolments in offers.

Functions take an `AsyncSession` and plain values; the ones that change something commit
themselves (one transaction each, nothing half-written) and raise `WerkRefused` with a
translatable message and the field it belongs to.
"""

from __future__ import annotations

import asyncio
import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.i18n import N_
from portal.tenancy.scope import tenant_of
from portal.werk.config import WerkConfig, werk_config
from portal.werk.models import (
    WerkClient,
    WerkContactMoment,
    WerkEnrolment,
    WerkJobApplication,
    WerkPlan,
    WerkPlanAction,
    WerkPlanVersion,
)

MAX_NOTE = 2000
MAX_TITLE = 300
MAX_ATTEMPTS = 8
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# Roles that see every client of the tenant; a work coach may be held to their own caseload.
ALL_CLIENTS_ROLES = ("senior", "admin", "caseworker")
STAFF_ROLES = ("workcoach", "senior", "admin", "caseworker")


class WerkRefused(Exception):
    def __init__(self, msgid: str, field: str | None = None, **variables):
        super().__init__(msgid)
        self.msgid = msgid
        self.field = field
        self.variables = variables

    def message(self) -> str:
        from portal.i18n import gettext

        return gettext(self.msgid) % self.variables if self.variables else gettext(self.msgid)


class PlanOutdated(WerkRefused):
    """The citizen agreed to a version that is no longer the current one."""

    def __init__(self, current: int):
        super().__init__(N_("The plan was changed while you were reading it. Read the current version (%(number)s) and agree to that."),
                         field="version", number=current)
        self.current = current


def parse_day(text: str | None) -> date | None:
    """YYYY-MM-DD (the date input) or DD-MM-YYYY (typed), years 1900..2100; else None."""
    text = (text or "").strip()
    if match := _ISO.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# What to write, per field: two empty fields on one form each name their own question.
EMPTY = {
    "employer": N_("Enter the employer."),
    "position": N_("Enter the position."),
    "goals": N_("Write the goals."),
    "title": N_("Describe the action."),
    "note": N_("Write a short note."),
    "exempt_reason": N_("Write the reason for the exemption."),
}


def clean(value: str | None, field: str, *, required: bool = True, limit: int = MAX_NOTE) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WerkRefused(EMPTY.get(field, N_("Fill this in.")), field=field)
    if len(value) > limit:
        raise WerkRefused(N_("Use at most %(max)s characters."), field=field, max=limit)
    return value


def config_of(session_or_tenant) -> WerkConfig:
    tenant = session_or_tenant if hasattr(session_or_tenant, "section") else tenant_of(session_or_tenant)
    return werk_config(tenant)


# --- Clients and who may see them ---------------------------------------------------------------

async def client_row(session: AsyncSession, citizen_id: uuid.UUID) -> WerkClient | None:
    return await session.scalar(select(WerkClient).where(WerkClient.citizen_id == citizen_id))


async def ensure_client(session: AsyncSession, citizen_id: uuid.UUID) -> WerkClient:
    client = await client_row(session, citizen_id)
    if client is None:
        client = WerkClient(citizen_id=citizen_id)
        session.add(client)
        await session.flush()
    return client


def may_see(employee: Employee, client: WerkClient | None, tenant) -> bool:
    """Seniors, admins and caseworkers see every client; a work coach sees every client
    unless the tenant holds coaches to their own caseload (werk.toml own_caseload_only)."""
    if not any(employee.has_role(role) for role in STAFF_ROLES):
        return False
    if any(employee.has_role(role) for role in ALL_CLIENTS_ROLES):
        return True
    if not werk_config(tenant).own_caseload_only:
        return True
    return client is not None and client.coach_id == employee.id


async def search_clients(session: AsyncSession, query: str, *, limit: int = 50) -> list[Citizen]:
    """Citizens by BSN (exact), name (part of it) or case reference (exact)."""
    from portal.cases.service import Case

    query = (query or "").strip()[:100]
    if not query:
        return []
    conditions = [func.lower(Citizen.name).contains(query.lower(), autoescape=True)]
    if query.isdigit() and len(query) == 9:
        conditions.append(Citizen.bsn == query)
    conditions.append(Citizen.id.in_(select(Case.citizen_id).where(Case.reference == query.upper())))
    return list((await session.scalars(select(Citizen).where(or_(*conditions)).order_by(Citizen.name).limit(limit))).all())


async def add_contact(session: AsyncSession, *, citizen_id: uuid.UUID, employee: Employee, channel: str,
                      happened_on: str, note: str, request_id: str) -> WerkContactMoment:
    """A contact moment (klantcontact); the same form posted twice is one moment."""
    request_id = (request_id or "").strip()[:64] or str(uuid.uuid4())
    existing = await session.scalar(select(WerkContactMoment).where(WerkContactMoment.request_id == request_id))
    if existing is not None:
        return existing
    if channel not in WerkContactMoment.CHANNELS:
        raise WerkRefused(N_("Choose how the contact was."), field="channel")
    day = parse_day(happened_on)
    if day is None:
        raise WerkRefused(N_("Enter a date like 17-03-2026."), field="happened_on")
    if day > clock.today():
        raise WerkRefused(N_("A contact moment cannot be in the future."), field="happened_on")
    if day < clock.today() - timedelta(days=366):
        raise WerkRefused(N_("Enter a date within the last year."), field="happened_on")
    note = clean(note, "note")
    moment = WerkContactMoment(citizen_id=citizen_id, channel=channel, happened_on=day, note=note,
                               employee_id=employee.id, request_id=request_id)
    session.add(moment)
    await ensure_client(session, citizen_id)
    from portal.audit.service import record

    await record(session, actor=employee, action="werk.contact_added", subject=f"citizen:{citizen_id}",
                 detail={"channel": channel})
    try:
        await session.commit()
    except IntegrityError:  # the same form, posted twice at once
        await session.rollback()
        return (await session.scalars(select(WerkContactMoment).where(WerkContactMoment.request_id == request_id))).one()
    return moment


# --- The plan ---------------------------------------------------------------------------------

async def plan_of(session: AsyncSession, citizen_id: uuid.UUID) -> WerkPlan | None:
    return await session.scalar(select(WerkPlan).where(WerkPlan.citizen_id == citizen_id))


async def actions_of(session: AsyncSession, plan: WerkPlan | None) -> list[WerkPlanAction]:
    if plan is None:
        return []
    return list((await session.scalars(select(WerkPlanAction).where(WerkPlanAction.plan_id == plan.id)
                                       .order_by(WerkPlanAction.due_on, WerkPlanAction.created_at))).all())


async def versions_of(session: AsyncSession, plan: WerkPlan | None) -> list[WerkPlanVersion]:
    if plan is None:
        return []
    return list((await session.scalars(select(WerkPlanVersion).where(WerkPlanVersion.plan_id == plan.id)
                                       .order_by(WerkPlanVersion.number.desc()))).all())


async def version(session: AsyncSession, plan: WerkPlan, number: int) -> WerkPlanVersion | None:
    return await session.scalar(select(WerkPlanVersion).where(WerkPlanVersion.plan_id == plan.id,
                                                              WerkPlanVersion.number == number))


async def _plan_for_change(session: AsyncSession, citizen_id: uuid.UUID, coach: Employee) -> WerkPlan:
    plan = await plan_of(session, citizen_id)
    if plan is None:
        plan = WerkPlan(citizen_id=citizen_id, coach_id=coach.id, goals="", current_version=0, changed=True)
        session.add(plan)
        await session.flush()
    plan.changed = True
    plan.updated_at = clock.now()
    await ensure_client(session, citizen_id)
    return plan


async def save_plan(session: AsyncSession, *, citizen_id: uuid.UUID, coach: Employee, route_id: str, goals: str) -> WerkPlan:
    config = config_of(session)
    if config.route(route_id) is None:
        raise WerkRefused(N_("Choose a route."), field="route_id")
    goals = clean(goals, "goals")
    plan = await _plan_for_change(session, citizen_id, coach)
    plan.route_id, plan.goals = route_id, goals
    await _audit(session, coach, "werk.plan_changed", citizen_id, {"route": route_id})
    await session.commit()
    return plan


async def add_action(session: AsyncSession, *, citizen_id: uuid.UUID, coach: Employee, title: str, owner: str,
                     due_on: str, offer_id: str | None = None) -> WerkPlanAction:
    config = config_of(session)
    offer = None
    if offer_id:
        offer = config.offer(offer_id)
        if offer is None:
            raise WerkRefused(N_("This offer is not in the catalogue."), field="offer_id")
        if offer.ends_on < clock.today():
            raise WerkRefused(N_("This offer has ended."), field="offer_id")
        title = title or offer.name
    title = clean(title, "title", limit=MAX_TITLE)
    if owner not in WerkPlanAction.OWNERS:
        raise WerkRefused(N_("Choose who does it."), field="owner")
    day = parse_day(due_on)
    if day is None:
        raise WerkRefused(N_("Enter a date like 17-03-2026."), field="due_on")
    if day < clock.today():
        raise WerkRefused(N_("The due date cannot be in the past."), field="due_on")
    if day > clock.today() + timedelta(days=2 * 366):
        raise WerkRefused(N_("Enter a due date within two years."), field="due_on")
    plan = await _plan_for_change(session, citizen_id, coach)
    action = WerkPlanAction(plan_id=plan.id, citizen_id=citizen_id, title=title, owner=owner, due_on=day,
                            state=WerkPlanAction.OPEN, offer_id=offer.id if offer else None)
    session.add(action)
    await _audit(session, coach, "werk.action_added", citizen_id, {"offer": offer.id if offer else None})
    await session.commit()
    return action


async def offer_plan(session: AsyncSession, *, citizen_id: uuid.UUID, coach: Employee) -> WerkPlanVersion:
    """Freeze the plan as it is now as the next version, for the citizen to agree to."""
    plan = await plan_of(session, citizen_id)
    if plan is None or not plan.route_id:
        raise WerkRefused(N_("Choose a route and write the goals first."), field="route_id")
    if not plan.changed and plan.current_version:
        raise WerkRefused(N_("Nothing changed since version %(number)s."), field=None, number=plan.current_version)
    actions = [a for a in await actions_of(session, plan) if a.state != WerkPlanAction.CANCELLED]
    content = {
        "route_id": plan.route_id,
        "goals": plan.goals,
        "actions": [{"id": str(a.id), "title": a.title, "owner": a.owner, "due_on": a.due_on.isoformat(),
                     "offer_id": a.offer_id} for a in actions],
    }
    plan.current_version += 1
    plan.changed = False
    plan.updated_at = clock.now()
    offered = WerkPlanVersion(plan_id=plan.id, number=plan.current_version, content=content, offered_by=coach.id)
    session.add(offered)
    await _audit(session, coach, "werk.plan_offered", citizen_id, {"version": plan.current_version})
    await session.commit()
    return offered


async def agree(session: AsyncSession, *, citizen: Citizen, number: str | int) -> WerkPlanVersion:
    """The citizen agrees to version `number`; refused (PlanOutdated) when it is not the current one."""
    plan = await plan_of(session, citizen.id)
    try:
        number = int(str(number))
    except ValueError:
        number = -1
    if plan is None or plan.current_version == 0:
        raise WerkRefused(N_("There is no plan to agree to yet."), field="version")
    if number != plan.current_version:
        raise PlanOutdated(plan.current_version)
    offered = await version(session, plan, number)
    if offered.agreed_at is None:
        offered.agreed_at = clock.now()
        plan.agreed_version = number
        await _audit(session, citizen, "werk.plan_agreed", citizen.id, {"version": number})
        await session.commit()
    return offered


async def mark_done(session: AsyncSession, store, *, citizen: Citizen, action_id: uuid.UUID, note: str,
                    filename: str | None, data: bytes | None) -> WerkPlanAction:
    """The citizen reports an action done, with a note and optionally proof (a document)."""
    from portal.documents.service import DocumentRefused, store_upload

    action = await session.scalar(select(WerkPlanAction).where(WerkPlanAction.id == action_id,
                                                               WerkPlanAction.citizen_id == citizen.id))
    if action is None:
        raise LookupError(action_id)
    if action.state == WerkPlanAction.DONE:
        return action  # reported already (a second click)
    note = clean(note, "note")
    if data:
        try:
            document = await store_upload(session, store, tenant_id=citizen.tenant_id, citizen_id=citizen.id,
                                          doc_type="werk-proof", filename=filename or "bewijs", data=data)
        except DocumentRefused as refused:
            raise WerkRefused(refused.reason, field="file", **refused.params) from refused
        action.document_id = document.id
    action.state, action.done_note, action.done_at = WerkPlanAction.DONE, note, clock.now()
    await _audit(session, citizen, "werk.action_done", citizen.id, {"action": str(action.id)})
    await session.commit()
    return action


# --- Job applications --------------------------------------------------------------------------

@dataclass
class Progress:
    target: int
    count: int
    exempt_until: date | None = None

    @property
    def met(self) -> bool:
        return self.exempt_until is not None or self.count >= self.target


async def report_application(session: AsyncSession, *, citizen: Citizen, employer: str, position: str,
                             applied_on: str, how: str, result: str, request_id: str) -> WerkJobApplication:
    request_id = (request_id or "").strip()[:64] or str(uuid.uuid4())
    existing = await session.scalar(select(WerkJobApplication).where(WerkJobApplication.request_id == request_id,
                                                                     WerkJobApplication.citizen_id == citizen.id))
    if existing is not None:
        return existing
    problems: list[WerkRefused] = []
    values = {}
    for name, value in (("employer", employer), ("position", position)):
        try:
            values[name] = clean(value, name, limit=200)
        except WerkRefused as refused:
            problems.append(refused)
    day = parse_day(applied_on)
    if day is None:
        problems.append(WerkRefused(N_("Enter a date like 17-03-2026."), field="applied_on"))
    elif day > clock.today():
        problems.append(WerkRefused(N_("The date cannot be in the future."), field="applied_on"))
    elif day < clock.today() - timedelta(days=366):
        problems.append(WerkRefused(N_("Enter a date within the last year."), field="applied_on"))
    if how not in WerkJobApplication.HOW:
        problems.append(WerkRefused(N_("Choose how you applied."), field="how"))
    if result not in WerkJobApplication.RESULTS:
        problems.append(WerkRefused(N_("Choose the result so far."), field="result"))
    if problems:
        raise Problems(problems)
    row = WerkJobApplication(citizen_id=citizen.id, employer=values["employer"], position=values["position"],
                             applied_on=day, how=how, result=result, request_id=request_id)
    session.add(row)
    await _audit(session, citizen, "werk.application_reported", citizen.id, {})
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return (await session.scalars(select(WerkJobApplication).where(WerkJobApplication.request_id == request_id))).one()
    return row


class Problems(WerkRefused):
    def __init__(self, problems: list[WerkRefused]):
        super().__init__(problems[0].msgid, problems[0].field, **problems[0].variables)
        self.problems = problems


async def applications_of(session: AsyncSession, citizen_id: uuid.UUID, limit: int = 100) -> list[WerkJobApplication]:
    return list((await session.scalars(select(WerkJobApplication).where(WerkJobApplication.citizen_id == citizen_id)
                                       .order_by(WerkJobApplication.applied_on.desc(), WerkJobApplication.created_at.desc())
                                       .limit(limit))).all())


async def progress(session: AsyncSession, citizen_id: uuid.UUID, client: WerkClient | None = None) -> Progress:
    """This month's job applications against the tenant's target; none while exempt."""
    today = clock.today()
    first = today.replace(day=1)
    count = await session.scalar(select(func.count()).select_from(WerkJobApplication).where(
        WerkJobApplication.citizen_id == citizen_id, WerkJobApplication.applied_on >= first,
        WerkJobApplication.applied_on <= today)) or 0
    exempt = client.exempt_until if client is not None and client.exempt_until and client.exempt_until >= today else None
    return Progress(target=config_of(session).monthly_applications, count=count, exempt_until=exempt)


# --- Offers and enrolments ---------------------------------------------------------------------

@dataclass
class OfferState:
    offer: object
    enrolled: int
    waiting: int
    mine: WerkEnrolment | None = None
    position: int | None = None  # on the waiting list, 1 = next

    @property
    def free(self) -> int:
        return max(0, self.offer.capacity - self.enrolled)


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error).lower() or "busy" in str(error).lower()


async def offer_states(session: AsyncSession, citizen_id: uuid.UUID | None = None) -> list[OfferState]:
    config = config_of(session)
    counts: dict[tuple[str, str], int] = {}
    for offer_id, status, n in (await session.execute(
            select(WerkEnrolment.offer_id, WerkEnrolment.status, func.count()).group_by(WerkEnrolment.offer_id, WerkEnrolment.status))).all():
        counts[(offer_id, status)] = n
    mine = {}
    if citizen_id is not None:
        mine = {e.offer_id: e for e in (await session.scalars(select(WerkEnrolment).where(WerkEnrolment.citizen_id == citizen_id))).all()}
    states = []
    for offer in config.offers:
        state = OfferState(offer, counts.get((offer.id, WerkEnrolment.ENROLLED), 0), counts.get((offer.id, WerkEnrolment.WAITING), 0),
                           mine.get(offer.id))
        if state.mine is not None and state.mine.status == WerkEnrolment.WAITING:
            state.position = 1 + (await session.scalar(select(func.count()).select_from(WerkEnrolment).where(
                WerkEnrolment.offer_id == offer.id, WerkEnrolment.status == WerkEnrolment.WAITING,
                WerkEnrolment.created_at < state.mine.created_at)) or 0)
        states.append(state)
    return states


async def _free_seat(session: AsyncSession, offer_id: str, capacity: int) -> int | None:
    taken = set((await session.scalars(select(WerkEnrolment.seat).where(WerkEnrolment.offer_id == offer_id,
                                                                         WerkEnrolment.seat.is_not(None)))).all())
    return next((seat for seat in range(1, capacity + 1) if seat not in taken), None)


async def enrol(session: AsyncSession, *, citizen_id: uuid.UUID, offer_id: str) -> WerkEnrolment:
    """A place if there is one, else the waiting list. Two citizens racing for the last place:
    both pick the same seat, the unique seat constraint lets one commit, the other retries and
    finds no seat left, so it is put on the waiting list. Enrolling twice is one enrolment."""
    config = config_of(session)
    offer = config.offer(offer_id)
    if offer is None:
        raise WerkRefused(N_("This offer is not in the catalogue."), field="offer_id")
    if offer.ends_on < clock.today():
        raise WerkRefused(N_("This offer has ended."), field="offer_id")
    for _attempt in range(MAX_ATTEMPTS):
        try:
            row = await session.scalar(select(WerkEnrolment).where(WerkEnrolment.offer_id == offer.id,
                                                                   WerkEnrolment.citizen_id == citizen_id)
                                       .execution_options(populate_existing=True))
            if row is not None and row.status != WerkEnrolment.CANCELLED:
                return row
            seat = await _free_seat(session, offer.id, offer.capacity)
            status = WerkEnrolment.ENROLLED if seat else WerkEnrolment.WAITING
            if row is None:
                row = WerkEnrolment(offer_id=offer.id, citizen_id=citizen_id, status=status, seat=seat)
                session.add(row)
            else:
                row.status, row.seat, row.created_at, row.updated_at = status, seat, clock.now(), clock.now()
            await session.flush()
            await session.commit()
            return row
        except IntegrityError:
            await session.rollback()
        except OperationalError as error:
            if not _locked(error):
                raise
            await session.rollback()
            await asyncio.sleep(random.uniform(0.005, 0.05))  # noqa: S311 - jitter
    raise WerkRefused(N_("Enrolling did not work just now. Try again."), field="offer_id")


async def cancel_enrolment(session: AsyncSession, *, citizen_id: uuid.UUID, enrolment_id: uuid.UUID) -> WerkEnrolment:
    """Cancel; a freed place goes to the first on the waiting list."""
    row = await session.scalar(select(WerkEnrolment).where(WerkEnrolment.id == enrolment_id,
                                                           WerkEnrolment.citizen_id == citizen_id))
    if row is None:
        raise LookupError(enrolment_id)
    if row.status == WerkEnrolment.CANCELLED:
        return row
    freed = row.seat
    row.status, row.seat, row.updated_at = WerkEnrolment.CANCELLED, None, clock.now()
    await session.flush()
    if freed is not None:
        first = await session.scalar(select(WerkEnrolment).where(WerkEnrolment.offer_id == row.offer_id,
                                                                 WerkEnrolment.status == WerkEnrolment.WAITING)
                                     .order_by(WerkEnrolment.created_at).limit(1))
        if first is not None:
            first.status, first.seat, first.updated_at = WerkEnrolment.ENROLLED, freed, clock.now()
    await session.commit()
    return row


# --- Caseload ----------------------------------------------------------------------------------

@dataclass
class CaseloadRow:
    client: WerkClient
    citizen: Citizen
    overdue: int = 0
    due_soon: int = 0
    plan_state: str = "none"  # none, draft, to-agree, agreed
    plan_due_on: date | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def priority(self) -> tuple:
        order = {"none": 1, "draft": 1, "to-agree": 2, "agreed": 3}[self.plan_state]
        plan_due = self.plan_due_on if self.plan_state in ("none", "draft", "to-agree") and self.plan_due_on else date.max
        return (0 if self.overdue else 1, plan_due, order, -self.due_soon, self.citizen.name)


async def caseload(session: AsyncSession, coach_id: uuid.UUID | None, *, intake: bool = False) -> list[CaseloadRow]:
    """A coach's clients (or, `intake`, the clients without a coach), by what needs them next:
    overdue actions, a plan due, no plan agreed; three queries whatever the size."""
    today = clock.today()
    query = select(WerkClient, Citizen).join(Citizen, Citizen.id == WerkClient.citizen_id)
    query = query.where(WerkClient.coach_id.is_(None)) if intake else query.where(WerkClient.coach_id == coach_id)
    rows = (await session.execute(query)).all()
    ids = [client.citizen_id for client, _ in rows]
    plans: dict[uuid.UUID, WerkPlan] = {}
    counts: dict[uuid.UUID, tuple[int, int]] = {}
    if ids:
        # The ids themselves, not a subquery: both databases then walk the citizen_id indexes.
        client_ids = ids
        plans = {p.citizen_id: p for p in (await session.scalars(select(WerkPlan).where(WerkPlan.citizen_id.in_(client_ids)))).all()}
        soon = today + timedelta(days=config_of(session).reminder_days)
        for citizen_id, overdue, due_soon in (await session.execute(
                select(WerkPlanAction.citizen_id,
                       func.sum(case((WerkPlanAction.due_on < today, 1), else_=0)),
                       func.sum(case(((WerkPlanAction.due_on >= today) & (WerkPlanAction.due_on <= soon), 1), else_=0)))
                .where(WerkPlanAction.citizen_id.in_(client_ids), WerkPlanAction.state == WerkPlanAction.OPEN)
                .group_by(WerkPlanAction.citizen_id))).all():
            counts[citizen_id] = (int(overdue or 0), int(due_soon or 0))
    result = []
    for client, citizen in rows:
        plan = plans.get(client.citizen_id)
        if plan is None:
            state = "none"
        elif plan.current_version == 0:
            state = "draft"
        elif plan.agreed_version != plan.current_version:
            state = "to-agree"
        else:
            state = "agreed"
        overdue, due_soon = counts.get(client.citizen_id, (0, 0))
        result.append(CaseloadRow(client, citizen, overdue, due_soon, state, client.plan_due_on))
    result.sort(key=lambda r: r.priority)
    return result


async def grant_exemption(session: AsyncSession, *, employee: Employee, citizen_id: uuid.UUID, reason: str,
                          until: str) -> WerkClient:
    """A temporary exemption from the work obligations (ontheffing, Participatiewet art. 9
    lid 2) with its reason and end date: the job-application target stops until then."""
    problems = []
    try:
        reason = clean(reason, "exempt_reason")
    except WerkRefused as refused:
        problems.append(refused)
    day = parse_day(until)
    if day is None:
        problems.append(WerkRefused(N_("Enter a date like 17-03-2026."), field="exempt_until"))
    elif day <= clock.today():
        problems.append(WerkRefused(N_("The end date must be after today."), field="exempt_until"))
    elif day > clock.today() + timedelta(days=366):
        problems.append(WerkRefused(N_("An exemption lasts at most a year; grant it again after that."), field="exempt_until"))
    if problems:
        raise Problems(problems)
    client = await ensure_client(session, citizen_id)
    client.exempt_until, client.exempt_reason, client.updated_at = day, reason, clock.now()
    await _audit(session, employee, "werk.exemption_granted", citizen_id, {"until": day.isoformat()})
    await session.commit()
    return client


async def coaches(session: AsyncSession) -> list[Employee]:
    employees = (await session.scalars(select(Employee).order_by(Employee.name))).all()
    return [e for e in employees if e.has_role("workcoach")]


async def assign(session: AsyncSession, *, senior: Employee, citizen_id: uuid.UUID, coach_id: str) -> WerkClient:
    """A senior gives a client to a coach (or moves them to another)."""
    if not senior.has_role("senior"):
        raise WerkRefused(N_("Only a senior can assign clients."), field="coach_id")
    try:
        coach = await session.get(Employee, uuid.UUID(str(coach_id)))
    except ValueError:
        coach = None
    if coach is None or not coach.has_role("workcoach"):
        raise WerkRefused(N_("Choose a work coach."), field="coach_id")
    client = await ensure_client(session, citizen_id)
    before = client.coach_id
    client.coach_id, client.updated_at = coach.id, clock.now()
    await _audit(session, senior, "werk.client_assigned", citizen_id, {"from": str(before) if before else None, "to": str(coach.id)})
    await session.commit()
    return client


async def sync_intake(session: AsyncSession) -> int:
    """A citizen whose bijstand was granted comes on the intake list (once), with the plan due
    within the tenant's term after the grant (werk.toml plan_term_weeks)."""
    from portal.cases.service import Case, CaseEvent

    weeks = config_of(session).plan_term_weeks
    # One query: every bijstand decision of a citizen not on the caseloads yet, oldest first.
    decisions = (await session.execute(
        select(Case.id, Case.citizen_id, CaseEvent.at, CaseEvent.data).join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(Case.scheme == "bijstand", CaseEvent.kind == "decision",
               ~Case.citizen_id.in_(select(WerkClient.citizen_id)))
        .order_by(CaseEvent.at))).all()
    added = 0
    seen = set()
    for case_id, citizen_id, at, data in decisions:
        if citizen_id in seen or (data or {}).get("outcome") != "granted":
            continue
        seen.add(citizen_id)
        session.add(WerkClient(citizen_id=citizen_id, intake_case_id=case_id,
                               plan_due_on=clock.local_day(at) + timedelta(weeks=weeks)))
        added += 1
    if added:
        try:
            await session.commit()
        except IntegrityError:  # another request put them on the list at the same moment
            await session.rollback()
            return 0
    return added


async def _audit(session, actor, action: str, citizen_id: uuid.UUID, detail: dict) -> None:
    from portal.audit.service import record

    await record(session, actor=actor, action=action, subject=f"citizen:{citizen_id}", detail=detail)
