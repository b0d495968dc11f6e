"""Entry point for the ``openfisca`` command line (``openfisca test -c portal.rules.country``).

The tenant comes from the environment variable ``PORTAL_RULES_TENANT`` (default ``amsterdam``),
the tenants folder from ``PORTAL_TENANTS_DIR`` (default: ``tenants/`` of the repository)::

    PORTAL_RULES_TENANT=rotterdam openfisca test -c portal.rules.country tests/rules/national tests/rules/rotterdam
"""

from __future__ import annotations

import os
from pathlib import Path

from .system import DEFAULT_TENANTS_DIR, build_tenant_system


def CountryTaxBenefitSystem():  # noqa: N802 - the name the openfisca CLI looks for
    tenants_dir = Path(os.environ.get("PORTAL_TENANTS_DIR", DEFAULT_TENANTS_DIR))
    return build_tenant_system(tenants_dir, os.environ.get("PORTAL_RULES_TENANT", "amsterdam"))
