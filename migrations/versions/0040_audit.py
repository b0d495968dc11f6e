"""Audit log: append-only, hash-chained per tenant.

Revision ID: 0040
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0040"
down_revision = "0002"
branch_labels = ("audit",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_kind", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Uuid()),
        sa.Column("actor_roles", sa.JSON(), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("case_id", sa.Uuid()),
        sa.Column("subject", sa.String(200)),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("tenant_id", "seq", name="uq_audit_entries_tenant_seq"),
    )
    op.create_index("ix_audit_entries_case", "audit_entries", ["tenant_id", "case_id", "seq"])
    op.create_index("ix_audit_entries_actor", "audit_entries", ["tenant_id", "actor_id", "seq"])
    # PostgreSQL: the app role gets SELECT and INSERT only.
    enable_tenant_rls("audit_entries", append_only=True)
    grant_sequences()
    if op.get_bind().dialect.name == "sqlite":
        # SQLite has no roles: triggers refuse changes instead.
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
                "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
            )


def downgrade() -> None:
    op.drop_table("audit_entries")
