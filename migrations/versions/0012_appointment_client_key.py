"""Appointments: a keyed hash of the client address of an anonymous booking, for the
per-computer daily limit; indexes for counting today's anonymous bookings.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appointments") as table:
        table.add_column(sa.Column("client_key", sa.String(64)))
    op.create_index("ix_appointments_anonymous_email", "appointments", ["tenant_id", "email", "created_at"])
    op.create_index("ix_appointments_client_key", "appointments", ["tenant_id", "client_key", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_appointments_client_key", table_name="appointments")
    op.drop_index("ix_appointments_anonymous_email", table_name="appointments")
    with op.batch_alter_table("appointments") as table:
        table.drop_column("client_key")
