"""PostgreSQL row-level security for tenant-owned tables, used from migrations.

Migrations run as the owner of the tables; the application switches to
`APP_ROLE` (no ownership, no BYPASSRLS), so these policies bind every query it makes,
hand-written SQL included.
"""

from __future__ import annotations

from alembic import op

APP_ROLE = "portal_app"


def is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def ensure_app_role() -> None:
    if not is_postgres():
        return
    op.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN;
          END IF;
        END $$;
        """
    )
    # The migrating user must be a member to `SET ROLE` to it when it is no superuser.
    op.execute(f"GRANT {APP_ROLE} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")


def enable_tenant_rls(table: str, *, append_only: bool = False) -> None:
    """Grant the app role access to `table` and bind it to the current tenant."""
    if not is_postgres():
        return
    privileges = "SELECT, INSERT" if append_only else "SELECT, INSERT, UPDATE, DELETE"
    op.execute(f"GRANT {privileges} ON {table} TO {APP_ROLE}")
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        "USING (tenant_id = current_setting('app.tenant_id', true)) "
        "WITH CHECK (tenant_id = current_setting('app.tenant_id', true))"
    )


def grant_shared_table(table: str) -> None:
    """A table without tenant data (e.g. idempotency keys): plain grants."""
    if is_postgres():
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")


def grant_sequences() -> None:
    if is_postgres():
        op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
