"""The people who log in: citizens (by BSN, per tenant) and employees (per tenant).

Rows are created or updated at login from the identity provider's claims; other
domains refer to them by id.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db.base import Base, TenantScoped, new_uuid


class Citizen(TenantScoped, Base):
    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("tenant_id", "bsn", name="uq_citizens_tenant_bsn"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    bsn: Mapped[str] = mapped_column(String(9))
    name: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str] = mapped_column(String(100))
    # DigiD gives a BSN only: name, email and phone come from a claim-rich provider, or
    # from the citizen on their profile (portal.auth.profile), and are theirs to change.
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column()


class Employee(TenantScoped, Base):
    __tablename__ = "employees"
    __table_args__ = (UniqueConstraint("tenant_id", "subject", name="uq_employees_tenant_subject"),)

    CASEWORKER, SENIOR, ADMIN = "caseworker", "senior", "admin"
    WORKCOACH = "workcoach"  # werkcoach / klantmanager (portal.werk)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_uuid)
    subject: Mapped[str] = mapped_column(String(200))  # the provider's `sub`
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    roles: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column()

    def has_role(self, role: str) -> bool:
        return role in self.roles
