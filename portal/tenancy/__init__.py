"""Tenants: loading and checking `tenants/`, and finding the tenant of a request."""

from portal.tenancy.loader import (
    ConfigProblem,
    Tenant,
    TenantConfigError,
    load_tenants,
    register_section,
)

__all__ = ["ConfigProblem", "Tenant", "TenantConfigError", "load_tenants", "register_section"]
