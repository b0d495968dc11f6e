"""Werk: client records, contact moments, plans, job applications, offers and enrolments (issue 17)

Revision ID: 0050
Revises: 0043
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0043"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
