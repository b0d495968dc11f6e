"""Sections of "Mijn overzicht", registered by the domains that own them.

    register_dashboard_section("cases", N_("My cases"), "cases/dashboard.html", load_cases, order=20)

`loader` is `async (session, citizen, tenant) -> dict`; its result is the context of
the partial `template` (together with `request`, `tenant` and `citizen`). A section
shows its own empty state.
"""

from __future__ import annotations

from portal.auth.sections import Loader, SectionRegistry

registry = SectionRegistry()


def register_dashboard_section(key: str, title_msgid: str, template: str, loader: Loader, order: int = 50) -> None:
    registry.register(key, title_msgid, template, loader, order)
