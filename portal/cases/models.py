"""A case (zaak): what a submitted application becomes, and its history.

The history is the source of truth: status, suspension of the decision term and
extensions are events; the deadline is computed from them, never stored twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class Case(TenantScoped, Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference", name="uq_cases_tenant_reference"),
        Index("ix_cases_queue", "tenant_id", "closed", "deadline_sort", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    reference: Mapped[str] = mapped_column(String(20))  # e.g. AMS-2026-000123
    scheme: Mapped[str] = mapped_column(String(40))
    # "application" for a first application, "objection" for a bezwaar against a decision.
    kind: Mapped[str] = mapped_column(String(20), default="application")
    parent_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    citizen_name: Mapped[str] = mapped_column(String(200))  # for the queue's search
    application_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    status: Mapped[str] = mapped_column(String(40))  # the current status type code
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"), index=True)
    closed: Mapped[bool] = mapped_column(default=False)
    # The answers as submitted, frozen: what the caseworker and the citizen see later.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # A copy of the computed deadline for sorting the queue only; recomputed from the
    # events by the case service after every event (see cases.deadlines).
    deadline_sort: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.sequence", lazy="raise"
    )


class CaseEvent(TenantScoped, Base):
    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "sequence", name="uq_case_events_case_sequence"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    # submitted, status, info_requested, info_answered, message, note, extended,
    # decision_proposed, decision_approved, decision_sent_back, decision, objection, …
    kind: Mapped[str] = mapped_column(String(40))
    actor_kind: Mapped[str] = mapped_column(String(20))  # citizen, employee, system
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=clock.now)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    text: Mapped[str | None] = mapped_column(Text)
    # Internal notes are never shown to the citizen.
    internal: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="events", lazy="raise")


class ReferenceCounter(TenantScoped, Base):
    """Per tenant and year, the last case number handed out (AMS-2026-000123)."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "year", name="uq_reference_counters_tenant_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)


class CaseLetter(TenantScoped, Base):
    """A decision letter as sent: the PDF is kept, never rendered again (it is the record)."""

    __tablename__ = "case_letters"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_events.id"))
    filename: Mapped[str] = mapped_column(String(120))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
