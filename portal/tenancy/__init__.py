"""Tenants: loading and checking `tenants/`, and finding the tenant of a request."""

from portal.tenancy.loader import (
    ConfigProblem,
    Section,
    Tenant,
    TenantConfigError,
    Unique,
    load_tenants,
    section,
)

__all__ = ["ConfigProblem", "Section", "Tenant", "TenantConfigError", "Unique", "load_tenants", "section"]
