"""Speed: indexes that find a citizen's cases, a case's objections, documents and
appointments by tenant and owner together.

Every query carries the tenant filter (`tenant_id = ?`, portal.db.tenant_filter). Without
statistics SQLite rates an equality on ix_<table>_tenant_id as good as one on
ix_cases_citizen_id, and sometimes searched a citizen's cases (or a case's documents) by
the tenant: every case of the city, then filtered. With (tenant_id, owner) indexes both
equalities use one index, which SQLite always prefers; PostgreSQL can use them too.
Checked by tests/integration/pages/test_query_plans.py (EXPLAIN QUERY PLAN).

Revision ID: 0080
Revises: 0070
Create Date: 2026-12-01
"""

from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
# The tables of other branches: appointments (0010) and documents (0020) first.
depends_on = ("0010", "0020")

INDEXES = (
    # Mijn overzicht: the citizen's cases, newest first.
    ("ix_cases_tenant_citizen", "cases", ["tenant_id", "citizen_id", "submitted_at"]),
    # A case's objections (cases with kind "objection" pointing at it).
    ("ix_cases_tenant_parent", "cases", ["tenant_id", "parent_case_id", "kind"]),
    ("ix_documents_tenant_case", "documents", ["tenant_id", "case_id", "created_at"]),
    ("ix_appointments_tenant_case", "appointments", ["tenant_id", "case_id", "start_at"]),
    # Mijn overzicht and the client record: the citizen's appointments, soonest first.
    ("ix_appointments_tenant_citizen", "appointments", ["tenant_id", "citizen_id", "start_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
