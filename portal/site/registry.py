"""Domains put their entry on a tenant's home page by registering a template partial."""

from __future__ import annotations

_home_partials: list[tuple[int, str]] = []


def register_home_partial(template: str, order: int = 50) -> None:
    """`template` is included in the home page with `tenant` in its context."""
    if all(existing != template for _, existing in _home_partials):
        _home_partials.append((order, template))


def home_partials() -> list[str]:
    return [template for _, template in sorted(_home_partials)]
