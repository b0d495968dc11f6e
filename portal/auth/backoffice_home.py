"""Sections of the back-office home, registered by the domains that own them.

`loader` is `async (session, employee, tenant) -> dict`; its result is the context of
the partial `template` (together with `request`, `tenant` and `employee`).
"""

from __future__ import annotations

from portal.auth.sections import Loader, SectionRegistry

registry = SectionRegistry()


def register_backoffice_section(key: str, title_msgid: str, template: str, loader: Loader, order: int = 50) -> None:
    registry.register(key, title_msgid, template, loader, order)
