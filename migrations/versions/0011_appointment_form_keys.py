"""Appointments: the key of the booking form, so the same form posted twice books once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appointments") as table:
        table.add_column(sa.Column("idempotency_key", sa.String(64)))
        # NULLs never collide: bookings made without a form (back office, demo) need no key.
        table.create_unique_constraint("uq_appointments_idempotency_key", ["tenant_id", "idempotency_key"])


def downgrade() -> None:
    with op.batch_alter_table("appointments") as table:
        table.drop_constraint("uq_appointments_idempotency_key", type_="unique")
        table.drop_column("idempotency_key")
