"""Werk: client records, contact moments, plans, job applications, offers and enrolments (issue 17)

Revision ID: 0050
Revises: 0043
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from portal.db.base import UTCDateTime
from portal.db.rls import enable_tenant_rls, grant_sequences

revision = "0050"
down_revision = "0043"
branch_labels = None
depends_on = None

TABLES = ("werk_clients", "werk_contact_moments", "werk_plans", "werk_plan_versions", "werk_plan_actions",
          "werk_job_applications", "werk_enrolments")


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.String(32), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "werk_clients",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_clients_citizen_id_citizens"), nullable=False),
        sa.Column("coach_id", sa.Uuid(), sa.ForeignKey("employees.id", name="fk_werk_clients_coach_id_employees")),
        sa.Column("intake_case_id", sa.Uuid()),
        sa.Column("plan_due_on", sa.Date()),
        sa.Column("exempt_until", sa.Date()),
        sa.Column("exempt_reason", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "citizen_id", name="uq_werk_clients_citizen"),
    )
    op.create_index("ix_werk_clients_coach", "werk_clients", ["tenant_id", "coach_id"])
    op.create_table(
        "werk_contact_moments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_contact_moments_citizen_id_citizens"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), sa.ForeignKey("employees.id", name="fk_werk_contact_moments_employee_id_employees"), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "request_id", name="uq_werk_contact_moments_request"),
    )
    op.create_index("ix_werk_contact_moments_citizen", "werk_contact_moments", ["tenant_id", "citizen_id", "happened_on"])
    op.create_table(
        "werk_plans",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_plans_citizen_id_citizens"), nullable=False),
        sa.Column("coach_id", sa.Uuid(), sa.ForeignKey("employees.id", name="fk_werk_plans_coach_id_employees")),
        sa.Column("route_id", sa.String(40)),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("agreed_version", sa.Integer()),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "citizen_id", name="uq_werk_plans_citizen"),
    )
    op.create_table(
        "werk_plan_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("plan_id", sa.Uuid(), sa.ForeignKey("werk_plans.id", name="fk_werk_plan_versions_plan_id_werk_plans"), nullable=False, index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("offered_at", UTCDateTime(), nullable=False),
        sa.Column("offered_by", sa.Uuid()),
        sa.Column("agreed_at", UTCDateTime()),
        sa.UniqueConstraint("plan_id", "number", name="uq_werk_plan_versions_number"),
    )
    op.create_table(
        "werk_plan_actions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("plan_id", sa.Uuid(), sa.ForeignKey("werk_plans.id", name="fk_werk_plan_actions_plan_id_werk_plans"), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_plan_actions_citizen_id_citizens"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("owner", sa.String(10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("offer_id", sa.String(40)),
        sa.Column("done_note", sa.Text()),
        sa.Column("document_id", sa.Uuid()),
        sa.Column("done_at", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_werk_plan_actions_plan", "werk_plan_actions", ["tenant_id", "plan_id", "due_on"])
    op.create_index("ix_werk_plan_actions_citizen", "werk_plan_actions", ["tenant_id", "citizen_id", "state"])
    op.create_table(
        "werk_job_applications",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_job_applications_citizen_id_citizens"), nullable=False),
        sa.Column("employer", sa.String(200), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("how", sa.String(20), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "request_id", name="uq_werk_job_applications_request"),
    )
    op.create_index("ix_werk_job_applications_citizen", "werk_job_applications", ["tenant_id", "citizen_id", "applied_on"])
    op.create_table(
        "werk_enrolments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("offer_id", sa.String(40), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), sa.ForeignKey("citizens.id", name="fk_werk_enrolments_citizen_id_citizens"), nullable=False, index=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("seat", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "offer_id", "citizen_id", name="uq_werk_enrolments_citizen"),
        # The overbooking guard: a seat of an offer is held by one enrolment only.
        sa.UniqueConstraint("tenant_id", "offer_id", "seat", name="uq_werk_enrolments_seat"),
        sa.CheckConstraint("seat IS NULL OR seat >= 1", name="ck_werk_enrolments_seat_positive"),
    )
    for table in TABLES:
        enable_tenant_rls(table)
    grant_sequences()


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
