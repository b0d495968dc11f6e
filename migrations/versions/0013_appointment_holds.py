"""Appointments: an anonymous booking held until its booker confirms it (hold_until).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appointments") as table:
        table.add_column(sa.Column("hold_until", UTCDateTime()))


def downgrade() -> None:
    with op.batch_alter_table("appointments") as table:
        table.drop_column("hold_until")
