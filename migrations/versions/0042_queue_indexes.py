"""Back office: indexes for the work queue's counts (one pass over 100,000 cases).

Measured with bench/queue_keyset.py (100,000 cases, 70,000 open, ~370,000 events):

- ix_cases_queue_counts covers every column the counting pass reads, so SQLite counts
  the open cases from the index alone, already grouped by (scheme, status): 160 ms ->
  15 ms. (PostgreSQL prefers a sequential scan there; the index costs it nothing.)
- ix_case_events_approval lets "waiting for approval" read the tenant's events from the
  index alone, in case_id order, so grouping per case needs no sort: SQLite 100 ->
  60-80 ms, PostgreSQL 125 -> 60 ms (index-only scan). Sequence before kind: a case's
  events then come out of this index in the order they happened, as they do from
  uq_case_events_case_sequence.

Revision ID: 0042
Revises: 0041
Create Date: 2026-11-28
"""

from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_queue_counts", "cases",
                    ["tenant_id", "closed", "scheme", "status", "assignee_id", "deadline_sort", "id"])
    op.create_index("ix_case_events_approval", "case_events", ["tenant_id", "case_id", "sequence", "kind", "actor_id"])


def downgrade() -> None:
    op.drop_index("ix_case_events_approval", table_name="case_events")
    op.drop_index("ix_cases_queue_counts", table_name="cases")
