"""Bookings and the tenant admin's changes to the agenda.

No slot is overbooked: a live booking holds a *seat* (1..capacity) of its slot, and
(tenant, location, type, start, seat) is unique. Two bookings racing for the same seat
cannot both commit, on SQLite and PostgreSQL alike; the loser retries with the next free
seat or learns the time was just taken. Cancelling frees the seat (seat = NULL; NULLs
never collide in a unique constraint).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.appointments import config  # noqa: F401 - registers the tenant section
from portal.db.base import Base, TenantScoped, new_uuid


class Appointment(TenantScoped, Base):
    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "location_id", "type_id", "start_at", "seat", name="uq_appointments_seat"),
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_appointments_idempotency_key"),
        Index("ix_appointments_day", "tenant_id", "location_id", "start_at"),
        # Counting today's anonymous bookings per address and per computer.
        Index("ix_appointments_anonymous_email", "tenant_id", "email", "created_at"),
        Index("ix_appointments_client_key", "tenant_id", "client_key", "created_at"),
    )

    BOOKED, CANCELLED, ATTENDED, NO_SHOW = "booked", "cancelled", "attended", "no_show"
    # An anonymous booking waiting for its confirmation (appointments.toml anonymous_hold_minutes).
    HELD = "held"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    type_id: Mapped[str] = mapped_column(String(40))
    location_id: Mapped[str] = mapped_column(String(40))
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    seat: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=BOOKED)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    # Anonymous bookings are managed through a link; only its SHA-256 is kept.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The booking form's key: the same form posted twice (double click, reload) books once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    # Anonymous bookings: who booked, as a keyed hash of the client address (never the
    # address itself), for the per-computer daily limit.
    client_key: Mapped[str | None] = mapped_column(String(64))
    # A held booking's seat is free again after this moment unless it was confirmed.
    hold_until: Mapped[datetime | None] = mapped_column()
    # The calendar entry's SEQUENCE: raised on every change so calendars update it.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    cancelled_at: Mapped[datetime | None] = mapped_column()
    marked_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    marked_at: Mapped[datetime | None] = mapped_column()

    @property
    def is_live(self) -> bool:
        return self.status != self.CANCELLED


class LocationOverride(TenantScoped, Base):
    """The tenant admin's opening hours, closed days and counters for one location.

    A field left None keeps the value of appointments.toml.
    """

    __tablename__ = "appointment_location_overrides"
    __table_args__ = (UniqueConstraint("tenant_id", "location_id", name="uq_appointment_location_overrides_loc"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    location_id: Mapped[str] = mapped_column(String(40))
    hours: Mapped[dict | None] = mapped_column(JSON)
    closed: Mapped[list | None] = mapped_column(JSON)  # ISO dates
    counters: Mapped[dict | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
