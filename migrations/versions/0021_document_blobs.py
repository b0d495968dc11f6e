"""Documents: a store for their bytes in the database, shared by every host.

With DOCUMENT_STORE=database the bytes of each upload live here instead of under the
host's var/documents/, so several hosts on one database read each other's uploads.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_blobs",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", UTCDateTime(), nullable=False),
    )
    enable_tenant_rls("document_blobs")


def downgrade() -> None:
    op.drop_table("document_blobs")
