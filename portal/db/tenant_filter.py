"""Fail-closed tenant scoping of every ORM statement.

A session carries its tenant in `session.info["tenant_id"]`. Every SELECT, UPDATE and
DELETE that touches a tenant-owned table gets `tenant_id = :tenant` added; one without a
tenant in the session raises instead of returning every city's rows. New rows get the
session's tenant, and a row of another tenant cannot be flushed.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Table, event, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import visitors

from portal.db.base import Base, TenantScoped

TENANT_KEY = "tenant_id"


class TenantContextMissing(RuntimeError):
    """A query on tenant data ran in a session that has no tenant."""


@lru_cache(maxsize=1)
def _tenant_tables() -> frozenset[str]:
    return frozenset(
        mapper.local_table.name for mapper in Base.registry.mappers if issubclass(mapper.class_, TenantScoped)
    )


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    """True when any part of the statement reads a tenant table.

    `all_mappers` misses entities that appear only in `select_from()` or in a subquery
    (e.g. `select(func.count()).select_from(Case)`), so the statement tree is walked
    too. A tenant table used as a bare Core `Table` cannot be filtered by the ORM
    criteria: that is refused rather than allowed to read every tenant's rows.
    """
    tenant_tables = _tenant_tables()
    seen: set[str] = set()
    through_orm: set[str] = set()
    for element in visitors.iterate(state.statement):
        entity = getattr(element, "_annotations", {}).get("parententity")
        if entity is not None and entity.local_table.name in tenant_tables:
            through_orm.add(entity.local_table.name)
        elif isinstance(element, Table) and element.name in tenant_tables:
            seen.add(element.name)
    if bare := seen - through_orm:
        raise TenantContextMissing(
            f"query on {', '.join(sorted(bare))} bypasses the tenant filter: use the mapped class, not its Table"
        )
    # `all_mappers` is costly (a tenth of a short page's time): asked only when the walk
    # found no tenant table, which is rare.
    return bool(seen or through_orm) or any(issubclass(mapper.class_, TenantScoped) for mapper in state.all_mappers)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the parent query was scoped already
    if not _touches_tenant_data(state):
        return
    tenant_id = state.session.info.get(TENANT_KEY)
    if not tenant_id:
        raise TenantContextMissing("query on tenant data without a tenant in the session")
    state.statement = state.statement.options(_tenant_criteria(tenant_id))


@lru_cache(maxsize=256)
def _tenant_criteria(tenant_id: str):
    """The criteria option of one tenant, built once: building it analyses the lambda
    again each time, a noticeable share of every query (options are immutable, so one
    object serves every statement of that tenant)."""
    return with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, flush_context, instances) -> None:
    tenant_id = session.info.get(TENANT_KEY)
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantScoped):
            continue
        if not tenant_id:
            raise TenantContextMissing(f"writing {type(obj).__name__} without a tenant in the session")
        if obj.tenant_id is None:
            obj.tenant_id = tenant_id
        elif obj.tenant_id != tenant_id:
            raise TenantContextMissing(f"{type(obj).__name__} of tenant {obj.tenant_id!r} in a {tenant_id!r} session")


@event.listens_for(Session, "after_begin")
def _tell_postgres_the_tenant(session: Session, transaction, connection) -> None:
    # The row-level security policies read this setting; `true` keeps it to this
    # transaction, so a pooled connection never carries a tenant into the next one.
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("select set_config('app.tenant_id', :tenant, true)"),
            {"tenant": session.info.get(TENANT_KEY) or ""},
        )
