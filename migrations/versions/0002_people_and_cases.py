"""Citizens, employees, cases and their history, reference counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.String(32), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("bsn", sa.String(9), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime()),
        sa.UniqueConstraint("tenant_id", "bsn", name="uq_citizens_tenant_bsn"),
    )
    op.create_table(
        "employees",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime()),
        sa.UniqueConstraint("tenant_id", "subject", name="uq_employees_tenant_subject"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("scheme", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("parent_case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_cases_parent_case_id_cases")),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_cases_citizen_id_citizens"), nullable=False, index=True),
        sa.Column("citizen_name", sa.String(200), nullable=False),
        sa.Column("application_id", sa.Uuid(), index=True),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("assignee_id", sa.Uuid(), sa.ForeignKey("employees.id", name="fk_cases_assignee_id_employees"), index=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("deadline_sort", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "reference", name="uq_cases_tenant_reference"),
    )
    op.create_index("ix_cases_queue", "cases", ["tenant_id", "closed", "deadline_sort", "id"])
    op.create_table(
        "case_events",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id", name="fk_case_events_case_id_cases"), nullable=False, index=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("actor_kind", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Uuid()),
        sa.Column("actor_role", sa.String(20)),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("case_id", "sequence", name="uq_case_events_case_sequence"),
    )
    op.create_table(
        "reference_counters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _tenant(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "year", name="uq_reference_counters_tenant_year"),
    )
    for table in ("citizens", "employees", "cases", "case_events", "reference_counters"):
        enable_tenant_rls(table)
    grant_sequences()


def downgrade() -> None:
    for table in ("reference_counters", "case_events", "cases", "employees", "citizens"):
        op.drop_table(table)
