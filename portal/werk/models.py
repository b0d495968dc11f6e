"""Werk: clients of a work coach, contact moments, plans with versions and actions, job
applications and enrolments in the tenant's offers.

A plan's content as the citizen saw it is frozen in a version (`WerkPlanVersion.content`);
the citizen agrees to a version by number, and agreeing to one that is no longer current is
refused. Offers have seats: an enrolment holds seat 1..capacity, and (tenant, offer, seat)
is unique, so two citizens racing for the last place cannot both get it (the loser goes on
the waiting list), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid
from portal.werk import config  # noqa: F401 - the tenant section


class WerkClient(TenantScoped, Base):
    """A citizen on the tenant's work caseload: their coach (none: the intake list)."""

    __tablename__ = "werk_clients"
    __table_args__ = (
        UniqueConstraint("tenant_id", "citizen_id", name="uq_werk_clients_citizen"),
        Index("ix_werk_clients_coach", "tenant_id", "coach_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    coach_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    # The granted bijstand case that brought them in, and when their plan is due.
    intake_case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    plan_due_on: Mapped[date | None] = mapped_column(Date)
    exempt_until: Mapped[date | None] = mapped_column(Date)
    exempt_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)


class WerkContactMoment(TenantScoped, Base):
    __tablename__ = "werk_contact_moments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "request_id", name="uq_werk_contact_moments_request"),
        Index("ix_werk_contact_moments_citizen", "tenant_id", "citizen_id", "happened_on"),
    )
    CHANNELS = ("phone", "counter", "mail", "home-visit")

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    channel: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id"))
    request_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class WerkPlan(TenantScoped, Base):
    """The running plan of approach of a citizen (one per citizen), as the coach edits it."""

    __tablename__ = "werk_plans"
    __table_args__ = (UniqueConstraint("tenant_id", "citizen_id", name="uq_werk_plans_citizen"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    coach_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    route_id: Mapped[str | None] = mapped_column(String(40))
    goals: Mapped[str] = mapped_column(Text, default="")
    # The version the citizen is asked to agree to (0: never offered) and the last agreed one.
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    agreed_version: Mapped[int | None] = mapped_column(Integer)
    # The coach changed something since the current version was offered.
    changed: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

    @property
    def awaiting_agreement(self) -> bool:
        return self.current_version > 0 and self.agreed_version != self.current_version


class WerkPlanVersion(TenantScoped, Base):
    __tablename__ = "werk_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_werk_plan_versions_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("werk_plans.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # {"route_id", "goals", "actions": [{"id", "title", "owner", "due_on", "offer_id"}]}
    content: Mapped[dict] = mapped_column(JSON)
    offered_at: Mapped[datetime] = mapped_column(default=clock.now)
    offered_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    agreed_at: Mapped[datetime | None] = mapped_column()


class WerkPlanAction(TenantScoped, Base):
    __tablename__ = "werk_plan_actions"
    __table_args__ = (
        Index("ix_werk_plan_actions_plan", "tenant_id", "plan_id", "due_on"),
        # The caseload's counts per client (tenant first: the tenant filter is on every query).
        Index("ix_werk_plan_actions_citizen", "tenant_id", "citizen_id", "state"),
    )
    OPEN, DONE, CANCELLED = "open", "done", "cancelled"
    OWNERS = ("citizen", "coach")

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("werk_plans.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=OPEN)
    offer_id: Mapped[str | None] = mapped_column(String(40))
    done_note: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    done_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class WerkJobApplication(TenantScoped, Base):
    __tablename__ = "werk_job_applications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "request_id", name="uq_werk_job_applications_request"),
        Index("ix_werk_job_applications_citizen", "tenant_id", "citizen_id", "applied_on"),
    )
    HOW = ("letter", "email", "online", "phone", "in-person")
    RESULTS = ("waiting", "interview", "rejected", "hired")

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    employer: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    applied_on: Mapped[date] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(20))
    request_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class WerkEnrolment(TenantScoped, Base):
    __tablename__ = "werk_enrolments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "offer_id", "citizen_id", name="uq_werk_enrolments_citizen"),
        UniqueConstraint("tenant_id", "offer_id", "seat", name="uq_werk_enrolments_seat"),
        CheckConstraint("seat IS NULL OR seat >= 1", name="ck_werk_enrolments_seat_positive"),
    )
    ENROLLED, WAITING, CANCELLED = "enrolled", "waiting", "cancelled"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    offer_id: Mapped[str] = mapped_column(String(40))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    seat: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
