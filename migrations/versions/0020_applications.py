"""Applications (drafts and submissions) and uploaded documents.

Revision ID: 0020
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0020"
down_revision = "0002"
branch_labels = ("applications",)
depends_on = None


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.String(32), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_applications_citizen_id_citizens"), nullable=False, index=True),
        sa.Column("scheme", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("completed", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("submitted_case_id", sa.Uuid()),
        sa.Column("submitted_reference", sa.String(20)),
        sa.Column("submitted_at", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("idempotency_key", name="uq_applications_idempotency_key"),
        sa.UniqueConstraint("submitted_case_id", name="uq_applications_submitted_case_id"),
    )
    op.create_index("ix_applications_retention", "applications", ["tenant_id", "status", "updated_at"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_documents_citizen_id_citizens"), nullable=False, index=True),
        sa.Column("application_id", sa.Uuid(), index=True),
        sa.Column("case_id", sa.Uuid(), index=True),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("storage_key", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    for table in ("applications", "documents"):
        enable_tenant_rls(table)
    grant_sequences()


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_index("ix_applications_retention", "applications")
    op.drop_table("applications")
