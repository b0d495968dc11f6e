"""Appointments: bookings (one seat per slot each) and the admin's agenda changes.

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0010"
down_revision = "0002"
branch_labels = ("appointments",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("type_id", sa.String(40), nullable=False),
        sa.Column("location_id", sa.String(40), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("seat", sa.Integer()),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_appointments_citizen_id_citizens"), index=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_appointments_case_id_cases"), index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", UTCDateTime()),
        sa.Column("marked_by", sa.Uuid()),
        sa.Column("marked_at", UTCDateTime()),
        # The overbooking guard: a seat of a slot can be held by one booking only.
        sa.UniqueConstraint("tenant_id", "location_id", "type_id", "start_at", "seat", name="uq_appointments_seat"),
        sa.CheckConstraint("seat IS NULL OR seat >= 1", name="ck_appointments_seat_positive"),
    )
    op.create_index("ix_appointments_day", "appointments", ["tenant_id", "location_id", "start_at"])
    op.create_table(
        "appointment_location_overrides",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("location_id", sa.String(40), nullable=False),
        sa.Column("hours", sa.JSON()),
        sa.Column("closed", sa.JSON()),
        sa.Column("counters", sa.JSON()),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid()),
        sa.UniqueConstraint("tenant_id", "location_id", name="uq_appointment_location_overrides_loc"),
    )
    for table in ("appointments", "appointment_location_overrides"):
        enable_tenant_rls(table)
    grant_sequences()


def downgrade() -> None:
    op.drop_table("appointment_location_overrides")
    op.drop_index("ix_appointments_day", table_name="appointments")
    op.drop_table("appointments")
