"""Database access: engine, base model, tenant scoping, migrations glue."""

from portal.db.base import Base, TenantScoped, new_uuid
from portal.db.engine import Database
from portal.db.tenant_filter import TenantContextMissing

__all__ = ["Base", "Database", "TenantContextMissing", "TenantScoped", "new_uuid"]
