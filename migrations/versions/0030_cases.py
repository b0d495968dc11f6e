"""Cases: decision letters as sent.

Revision ID: 0030
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0030"
down_revision = "0002"
branch_labels = ("cases",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_letters",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.String(32), nullable=False, index=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_case_letters_case_id_cases"), nullable=False, index=True),
        sa.Column("event_id", sa.Uuid(), sa.ForeignKey("case_events.id", name="fk_case_letters_event_id_case_events"), nullable=False),
        sa.Column("filename", sa.String(120), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    # A letter that was sent is a record: the app may add letters, never change them.
    enable_tenant_rls("case_letters", append_only=True)
    grant_sequences()


def downgrade() -> None:
    op.drop_table("case_letters")
