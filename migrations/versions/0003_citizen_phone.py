"""Citizens: a phone number, given by the citizen on their profile.

DigiD gives a BSN only; how to address a citizen and how to reach them come from the
citizen (or later a registry adapter, the BRP), kept on their row and changeable.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citizens") as table:
        table.add_column(sa.Column("phone", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("citizens") as table:
        table.drop_column("phone")
