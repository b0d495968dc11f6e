"""Per-tenant document settings: `tenants/<slug>/documents.toml` (optional).

    quota_mb = 200   # what one citizen's documents may take up together
"""

from __future__ import annotations

from portal.tenancy import section
from portal.tenancy.schema import Strict

DEFAULT_QUOTA_MB = 200


class DocumentsConfig(Strict):
    quota_mb: int = DEFAULT_QUOTA_MB


def check_documents(config: DocumentsConfig, tenant) -> list[tuple[str, str]]:
    if not 1 <= config.quota_mb <= 100_000:
        return [("quota_mb", "must be between 1 and 100000 (megabytes per citizen)")]
    return []


SECTION = section("documents", DocumentsConfig, required=False, check=check_documents)


def documents_config(tenant) -> DocumentsConfig:
    return tenant.sections.get("documents") or DocumentsConfig()
