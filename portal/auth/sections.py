"""A small registry of page sections that other domains fill (shared by "Mijn
overzicht" and the back-office home)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

Loader = Callable[..., Awaitable[dict]]


@dataclass(frozen=True)
class Section:
    key: str
    title_msgid: str
    template: str
    loader: Loader
    order: int


class SectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(self, key: str, title_msgid: str, template: str, loader: Loader, order: int = 50) -> None:
        # Registering again (a module imported twice, a test) replaces the entry.
        self._sections[key] = Section(key, title_msgid, template, loader, order)

    def unregister(self, key: str) -> None:
        self._sections.pop(key, None)

    def sections(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    async def load(self, *args: Any) -> list[tuple[Section, dict]]:
        """Each section with its loader's result (the context of its partial)."""
        return [(section, dict(await section.loader(*args))) for section in self.sections()]
