"""The domain packages the app is made of, in the order their routes are registered.

Each may have `models.py` (imported so Alembic and the ORM know its tables) and
`routes.py` with `route_handlers` (a list) and optionally `on_startup` (a list of
callables taking the Litestar app). A package not written yet is simply absent.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

DOMAINS = (
    "portal.i18n",
    "portal.site",
    "portal.notifications",
    "portal.audit",
    "portal.auth",
    "portal.rules",
    "portal.checks",
    "portal.documents",
    "portal.applications",
    "portal.cases",
    "portal.backoffice",
    "portal.appointments",
)


def _optional(module: str) -> ModuleType | None:
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:  # the package itself is absent
        return None
    return importlib.import_module(module) if found else None


def import_models() -> None:
    for domain in DOMAINS:
        _optional(f"{domain}.models")


def route_modules() -> list[ModuleType]:
    return [m for d in DOMAINS if (m := _optional(f"{d}.routes")) is not None]
