"""What a tenant admin changes without a deploy, one row per tenant.

Each column is an override: empty means "as in tenants/<slug>/" (the configuration in
the repository stays the baseline and the fallback).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class TenantSettings(TenantScoped, Base):
    __tablename__ = "backoffice_settings"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_backoffice_settings_tenant_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    # Keys of portal.tenancy.schema.Branding (wordmark and colours) that differ.
    branding: Mapped[dict] = mapped_column(JSON, default=dict)
    # {"nl": ..., "en": ..., "ar": ...}; empty dict: no banner.
    notice: Mapped[dict] = mapped_column(JSON, default=dict)
    notice_until: Mapped[date | None] = mapped_column()
    # [{"code": ..., "label": {"nl": ..., "en": ..., "ar": ...}}]; None: the tenant file's list.
    refusal_reasons: Mapped[list | None] = mapped_column(JSON)
    answer_by_default_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(String(200))
