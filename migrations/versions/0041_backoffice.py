"""Back office: the tenant admin's settings (branding, notice, refusal reasons, answer-by).

Revision ID: 0041
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0041"
down_revision = "0002"
branch_labels = ("backoffice",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backoffice_settings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("branding", sa.JSON(), nullable=False),
        sa.Column("notice", sa.JSON(), nullable=False),
        sa.Column("notice_until", sa.Date()),
        sa.Column("refusal_reasons", sa.JSON()),
        sa.Column("answer_by_default_days", sa.Integer()),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(200)),
        sa.UniqueConstraint("tenant_id", name="uq_backoffice_settings_tenant_id"),
    )
    enable_tenant_rls("backoffice_settings")
    grant_sequences()


def downgrade() -> None:
    op.drop_table("backoffice_settings")
