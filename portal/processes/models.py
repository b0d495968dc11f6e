"""A citizen's submission of a process form (melding, aanmelding), kept by its idempotency
key: a double click or a reload finds the case it already made instead of a second one."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class ProcessSubmission(TenantScoped, Base):
    __tablename__ = "process_submissions"
    __table_args__ = (UniqueConstraint("tenant_id", "idempotency_key", name="uq_process_submissions_key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    process: Mapped[str] = mapped_column(String(40))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
