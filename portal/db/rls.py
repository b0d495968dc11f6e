"""PostgreSQL row-level security for tenant-owned tables, used from migrations.

Migrations run as the owner of the tables; the application switches to the app role
(`DATABASE_APP_ROLE`, no ownership, no BYPASSRLS), so these policies bind every query it
makes, hand-written SQL included. The migrations get the role's name from the Alembic
config (`portal.db.migrate.upgrade(..., app_role=...)`, or `-x app_role=...`, see
migrations/env.py); the grants name that role, so migrate with the role the app will use.
"""

from __future__ import annotations

import re

from alembic import op

from portal.settings import DEFAULT_APP_ROLE

__all__ = ["DEFAULT_APP_ROLE", "app_role", "create_role_sql", "ensure_app_role"]
# A plain identifier: it is spliced into DDL (quoted) and into a DO block's string literal,
# where nothing else could be escaped safely.
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def checked_role(name: str) -> str:
    if not _ROLE_NAME.fullmatch(name):
        raise ValueError(f"DATABASE_APP_ROLE {name!r} is not a plain PostgreSQL identifier (letters, digits, _)")
    return name


def create_role_sql(role: str) -> str:
    """One statement that creates `role` (NOLOGIN) and makes the current user a member,
    safe to run from several connections at once.

    Roles are cluster-wide (pg_authid is shared by every database), so two processes
    migrating their own databases race: `IF NOT EXISTS` checks before the other one has
    committed, and the loser's CREATE ROLE waits on the unique index and then fails with
    unique_violation (duplicate_object when the other had already committed). Either
    means the role is there, which is all we want. The membership grant races the same way.
    """
    role = checked_role(role)
    return f"""
        DO $$
        BEGIN
          BEGIN
            CREATE ROLE "{role}" NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created by someone else meanwhile: fine
          END;
          -- The migrating user must be a member to `SET ROLE` to it when it is no
          -- superuser (a superuser is a member of every role already).
          IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
            BEGIN
              GRANT "{role}" TO CURRENT_USER;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
              NULL;
            END;
          END IF;
        END $$;
        """


def app_role() -> str:
    """The app role of this migration run (set by migrations/env.py)."""
    return checked_role(op.get_context().config.attributes["app_role"])


def _role() -> str:
    return f'"{app_role()}"'


def is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def ensure_app_role() -> None:
    if not is_postgres():
        return
    op.execute(create_role_sql(app_role()))
    op.execute(f"GRANT USAGE ON SCHEMA public TO {_role()}")


def enable_tenant_rls(table: str, *, append_only: bool = False) -> None:
    """Grant the app role access to `table` and bind it to the current tenant."""
    if not is_postgres():
        return
    privileges = "SELECT, INSERT" if append_only else "SELECT, INSERT, UPDATE, DELETE"
    op.execute(f"GRANT {privileges} ON {table} TO {_role()}")
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        "USING (tenant_id = current_setting('app.tenant_id', true)) "
        "WITH CHECK (tenant_id = current_setting('app.tenant_id', true))"
    )


def grant_column_update(table: str, columns: tuple[str, ...]) -> None:
    """Let the app role UPDATE only these columns of `table` (e.g. the audit log's chain,
    filled in once after commit); every other column stays as it was written."""
    if is_postgres():
        op.execute(f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {_role()}")


def grant_shared_table(table: str) -> None:
    """A table without tenant data (e.g. idempotency keys): plain grants."""
    if is_postgres():
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {_role()}")


def grant_sequences() -> None:
    if is_postgres():
        op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_role()}")
