"""What a tenant admin changed without a deploy, as every domain reads it.

The back office stores the overrides (portal.backoffice: table, form, audit, refresh
loop) and hands each loaded or saved set to `apply`. Domains read them with `of(tenant)`
without importing the back office, so there is no import cycle and no domain depends
on the back office being installed.

The overrides hang on the Tenant object of one app (not in a module global): two apps
in one process (tests) never see each other's settings, and code that loaded the
tenants from disk itself (scripts, the CLI) sees the tenant files unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Overrides:
    branding: dict = field(default_factory=dict)
    notice: dict = field(default_factory=dict)
    notice_until: date | None = None
    # [{"code": ..., "label": {"nl": ..., "en": ..., "ar": ...}}]; None: the tenant file's list.
    refusal_reasons: list | None = None
    answer_by_default_days: int | None = None


NONE = Overrides()


def of(tenant) -> Overrides:
    """The admin's overrides of this tenant; empty when nothing was changed or loaded."""
    return getattr(tenant, "overrides", None) or NONE


def apply(tenant, overrides: Overrides) -> None:
    tenant.overrides = overrides
