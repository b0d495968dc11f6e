"""Processes as tenant data: Wmo, schuldhulpverlening, inburgering (issue 19)

Revision ID: 0070
Revises: 0060
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0070"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
