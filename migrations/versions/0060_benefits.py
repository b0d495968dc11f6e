"""Benefits: the running uitkering, declarations, changes, payments (issue 18)

Revision ID: 0060
Revises: 0050
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0060"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
