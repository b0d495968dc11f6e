"""An application (aanvraag): a draft until submitted; submitting opens a case."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid



class Application(TenantScoped, Base):
    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("idempotency_key", name="uq_applications_idempotency_key"),)

    DRAFT, SUBMITTED = "draft", "submitted"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    # Raw answers as typed (strings), keyed by question key; parsed on use.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Sections the citizen saved without errors: the task list shows them as done.
    completed: Mapped[list] = mapped_column(JSON, default=list)
    # Sent with the submit form: a double click, a reload or a second tab sends the
    # same key, and the row lock makes every attempt find the one case.
    idempotency_key: Mapped[str] = mapped_column(String(64))
    # Bumped by the submit transaction first thing: the UPDATE takes the row lock on
    # PostgreSQL and the write lock on SQLite before anything is read.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)
    submitted_case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    submitted_reference: Mapped[str | None] = mapped_column(String(20))
    submitted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

# The form definitions are tenant configuration sections: register them on import, so
# the tenant loader reads and checks tenants/<slug>/forms/*.toml.
from portal.applications import forms as _forms  # noqa: E402,F401
