"""Processes as tenant data: Wmo, schuldhulpverlening, inburgering (issue 19)

Revision ID: 0070
Revises: 0060
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0070"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "process_submissions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_process_submissions_citizen_id_citizens"),
                  nullable=False, index=True),
        sa.Column("process", sa.String(40), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_process_submissions_case_id_cases"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_process_submissions_key"),
    )
    enable_tenant_rls("process_submissions")
    grant_sequences()


def downgrade() -> None:
    op.drop_table("process_submissions")
