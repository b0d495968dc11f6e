"""Benefits: the running uitkering, declarations, changes, payments (issue 18)

Revision ID: 0060
Revises: 0050
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0060"
down_revision = "0050"
branch_labels = None
depends_on = None

TABLES = ("benefits", "benefit_declarations", "benefit_changes", "benefit_payment_runs", "benefit_payments")


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.String(32), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "benefits",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_benefits_case_id_cases"), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_benefits_citizen_id_citizens"), nullable=False, index=True),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date()),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("household", sa.JSON(), nullable=False),
        sa.Column("household_history", sa.JSON(), nullable=False),
        sa.Column("start_norm_cents", sa.BigInteger()),
        sa.Column("iban", sa.String(40)),
        sa.Column("account_holder", sa.String(200), nullable=False),
        sa.Column("payment_day", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "case_id", name="uq_benefits_case"),
    )
    op.create_table(
        "benefit_declarations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("benefit_id", sa.Uuid(), sa.ForeignKey("benefits.id", name="fk_benefit_declarations_benefit_id_benefits"), nullable=False, index=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("corrected_lines", sa.JSON()),
        sa.Column("correction_reason", sa.Text()),
        sa.Column("approved_by", sa.Uuid()),
        sa.Column("approved_at", UTCDateTime()),
        sa.UniqueConstraint("tenant_id", "benefit_id", "month", name="uq_benefit_declarations_month"),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_benefit_declarations_key"),
    )
    op.create_index("ix_benefit_declarations_status", "benefit_declarations", ["tenant_id", "status", "submitted_at"])
    op.create_table(
        "benefit_changes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("benefit_id", sa.Uuid(), sa.ForeignKey("benefits.id", name="fk_benefit_changes_benefit_id_benefits"), nullable=False, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_by", sa.Uuid()),
        sa.Column("confirmed_at", UTCDateTime()),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_benefit_changes_key"),
    )
    op.create_table(
        "benefit_payment_runs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("month", sa.Date(), nullable=False, index=True),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("paid_count", sa.Integer(), nullable=False),
        sa.Column("held_count", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.String(35), nullable=False),
        sa.Column("sepa_xml", sa.Text()),
    )
    op.create_table(
        "benefit_payments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("benefit_id", sa.Uuid(), sa.ForeignKey("benefits.id", name="fk_benefit_payments_benefit_id_benefits"), nullable=False, index=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("hold_reason", sa.String(30)),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.Uuid(), sa.ForeignKey("benefit_payment_runs.id", name="fk_benefit_payments_run_id_benefit_payment_runs")),
        sa.Column("paid_on", sa.Date()),
        sa.Column("end_to_end_id", sa.String(35)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "benefit_id", "month", name="uq_benefit_payments_month"),
    )
    for table in TABLES:
        enable_tenant_rls(table)
    grant_sequences()


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
