"""A running benefit, its monthly declarations, its payments and the payment runs.

Money is kept as whole cents (integers: exact on SQLite and PostgreSQL alike) and read as
`Decimal` euros. A payment is unique per benefit and month, so no run pays a month twice.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.benefits import config  # noqa: F401 - registers the tenant section
from portal.db.base import Base, TenantScoped, new_uuid

CENT = Decimal("0.01")


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(CENT)


def to_cents(amount: Decimal) -> int:
    return int((amount.quantize(CENT) * 100).to_integral_value())


class Benefit(TenantScoped, Base):
    __tablename__ = "benefits"
    __table_args__ = (UniqueConstraint("tenant_id", "case_id", name="uq_benefits_case"),)

    RUNNING, SUSPENDED, ENDED = "running", "suspended", "ended"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=RUNNING)
    # As decided: {"birth_date", "partner_birth_date", "children": [...], "housemates_27_plus",
    # "medical_hours_limit", "complete": bool}
    household: Mapped[dict] = mapped_column(JSON, default=dict)
    # Confirmed changes: [{"from": "YYYY-MM-DD" (a first of the month), "household": {...}}].
    household_history: Mapped[list] = mapped_column(JSON, default=list)
    # The norm in the month the benefit started (the rules engine), in cents.
    start_norm_cents: Mapped[int | None] = mapped_column(BigInteger)
    iban: Mapped[str | None] = mapped_column(String(40))
    account_holder: Mapped[str] = mapped_column(String(200))
    payment_day: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    @property
    def start_norm(self) -> Decimal | None:
        return euros(self.start_norm_cents)


class Declaration(TenantScoped, Base):
    """The income declaration (inkomstenopgave) over one month."""

    __tablename__ = "benefit_declarations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "benefit_id", "month", name="uq_benefit_declarations_month"),
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_benefit_declarations_key"),
    )

    SUBMITTED, APPROVED = "submitted", "approved"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    benefit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefits.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=SUBMITTED)
    # [{"person": "applicant"|"partner", "kind": "work"|"other"|"none", "cents": int, "document_id": str|None}]
    lines: Mapped[list] = mapped_column(JSON, default=list)
    late: Mapped[bool] = mapped_column(default=False)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)
    # The caseworker's correction: corrected lines and why.
    corrected_lines: Mapped[list | None] = mapped_column(JSON)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    approved_at: Mapped[datetime | None] = mapped_column()

    @property
    def effective_lines(self) -> list:
        return self.corrected_lines if self.corrected_lines is not None else self.lines

    def total(self, kind: str) -> Decimal:
        return euros(sum(int(line["cents"]) for line in self.effective_lines if line["kind"] == kind))


class Change(TenantScoped, Base):
    """A change the citizen reports (wijziging), with the date it happened; confirmed by a caseworker."""

    __tablename__ = "benefit_changes"
    __table_args__ = (UniqueConstraint("tenant_id", "idempotency_key", name="uq_benefit_changes_key"),)

    SUBMITTED, CONFIRMED = "submitted", "confirmed"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    benefit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefits.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    happened_on: Mapped[date] = mapped_column(Date)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=SUBMITTED)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)
    confirmed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    confirmed_at: Mapped[datetime | None] = mapped_column()


class PaymentRun(TenantScoped, Base):
    __tablename__ = "benefit_payment_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    month: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column()
    paid_count: Mapped[int] = mapped_column(Integer, default=0)
    held_count: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    message_id: Mapped[str] = mapped_column(String(35))
    sepa_xml: Mapped[str | None] = mapped_column(Text)

    @property
    def total(self) -> Decimal:
        return euros(self.total_cents)


class Payment(TenantScoped, Base):
    __tablename__ = "benefit_payments"
    __table_args__ = (UniqueConstraint("tenant_id", "benefit_id", "month", name="uq_benefit_payments_month"),)

    PAID, HELD = "paid", "held"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    benefit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefits.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    # Why it is held (a code: no_declaration, late_declaration, not_checked, no_iban, household).
    hold_reason: Mapped[str | None] = mapped_column(String(30))
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # The month's figures (portal.rules.benefit.MonthAmount.to_dict) as paid.
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("benefit_payment_runs.id"))
    paid_on: Mapped[date | None] = mapped_column(Date)
    end_to_end_id: Mapped[str | None] = mapped_column(String(35))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

    @property
    def amount(self) -> Decimal:
        return euros(self.amount_cents)
