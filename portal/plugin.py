"""How a domain plugs into the portal: one `DomainPlugin` per domain package.

A domain says what it brings in one object (its `plugin.py`), and `create_app` lists the
domains (`portal.domains.domains()`): nothing registers itself on import. What the
domains bring together (tenant config sections, page sections, home entries, outbox
handlers, template globals, commands) is collected in a `Registry` that lives on the app
(`app.state.registry`) and is handed to whatever needs it (the worker, the CLI).

    PLUGIN = DomainPlugin(
        name="cases",
        models="portal.cases.models",
        route_handlers=(CaseController,),
        tenant_sections=(CASES_SECTION,),
        dashboard_sections=(PageSection("cases", N_("My cases"), "cases/dashboard.html", load, order=20),),
    )
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Awaitable, Callable, Mapping

import click
from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

# Real imports, not TYPE_CHECKING ones: Litestar reads these annotations when the registry
# is injected into a handler.
from portal.tenancy.loader import Section as TenantSection

Loader = Callable[..., Awaitable[dict]]


@dataclass(frozen=True)
class PageSection:
    """A part of "Mijn overzicht" or of the back-office home that a domain fills.

    `loader` is `async (session, person, tenant) -> dict`; its result is the context of the
    partial `template`, together with the page's own context.
    """

    key: str
    title_msgid: str
    template: str
    loader: Loader
    order: int = 50


@dataclass(frozen=True)
class HomePartial:
    """An entry on a tenant's home page: `template` is included with `tenant` in its context."""

    template: str
    order: int = 50


@dataclass(frozen=True, eq=False)
class DomainPlugin(InitPluginProtocol):
    name: str
    # The module that defines the domain's tables (imported so the ORM and Alembic know them).
    models: str | None = None
    route_handlers: tuple = ()
    dependencies: Mapping[str, Any] = field(default_factory=dict)
    on_startup: tuple[Callable, ...] = ()
    template_globals: Mapping[str, Any] = field(default_factory=dict)
    home_partials: tuple[HomePartial, ...] = ()
    dashboard_sections: tuple[PageSection, ...] = ()
    backoffice_sections: tuple[PageSection, ...] = ()
    # Outbox message kind -> `async (DeliveryContext, OutboxMessage) -> None`.
    outbox_handlers: Mapping[str, Callable] = field(default_factory=dict)
    # `async (session) -> None`, run by the worker for every tenant in every round (e.g.
    # chaining the audit log's new entries); a session of that tenant, without work of its own.
    worker_rounds: tuple[Callable[..., Awaitable[None]], ...] = ()
    tenant_sections: tuple[TenantSection, ...] = ()
    cli_commands: tuple[click.Command, ...] = ()
    # `async (database, tenant, settings) -> None`, idempotent: `make run` loads it every time.
    demo_loader: Callable[..., Awaitable[None]] | None = None

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.route_handlers.extend(self.route_handlers)
        app_config.dependencies.update(self.dependencies)
        app_config.on_startup.extend(self.on_startup)
        return app_config

    def import_models(self) -> None:
        if self.models:
            importlib.import_module(self.models)


def _sorted(sections) -> tuple:
    return tuple(sorted(sections, key=lambda s: (s.order, getattr(s, "key", getattr(s, "template", "")))))


@dataclass(frozen=True)
class Registry:
    """Everything the listed domains bring, collected once."""

    domains: tuple[DomainPlugin, ...] = field(default_factory=tuple)

    def _unique(self, what: str, items: list[tuple[str, str]]) -> None:
        seen: dict[str, str] = {}
        for key, owner in items:
            if key in seen:
                raise ValueError(f"{what} {key!r} is brought by both {seen[key]} and {owner}")
            seen[key] = owner

    def __post_init__(self) -> None:
        self._unique("tenant section", [(s.name, d.name) for d in self.domains for s in d.tenant_sections])
        self._unique("outbox handler", [(k, d.name) for d in self.domains for k in d.outbox_handlers])
        self._unique("template global", [(k, d.name) for d in self.domains for k in d.template_globals])

    def import_models(self) -> None:
        for domain in self.domains:
            domain.import_models()

    @cached_property
    def tenant_sections(self) -> tuple[TenantSection, ...]:
        return tuple(section for domain in self.domains for section in domain.tenant_sections)

    @cached_property
    def template_globals(self) -> dict[str, Any]:
        return {key: value for domain in self.domains for key, value in domain.template_globals.items()}

    @cached_property
    def home_partials(self) -> tuple[str, ...]:
        return tuple(p.template for p in _sorted(p for d in self.domains for p in d.home_partials))

    @cached_property
    def dashboard_sections(self) -> tuple[PageSection, ...]:
        return _sorted(s for d in self.domains for s in d.dashboard_sections)

    @cached_property
    def backoffice_sections(self) -> tuple[PageSection, ...]:
        return _sorted(s for d in self.domains for s in d.backoffice_sections)

    @cached_property
    def outbox_handlers(self) -> dict[str, Callable]:
        return {kind: handler for d in self.domains for kind, handler in d.outbox_handlers.items()}

    @cached_property
    def worker_rounds(self) -> tuple[Callable[..., Awaitable[None]], ...]:
        return tuple(job for d in self.domains for job in d.worker_rounds)

    @cached_property
    def demo_loaders(self) -> tuple[Callable[..., Awaitable[None]], ...]:
        return tuple(d.demo_loader for d in self.domains if d.demo_loader is not None)

    @cached_property
    def cli_commands(self) -> tuple[click.Command, ...]:
        return tuple(command for d in self.domains for command in d.cli_commands)


@dataclass
class CommandContext:
    """What a domain's command is handed (`@click.pass_obj`): the settings and the
    tenants with every domain's sections, loaded on first use."""

    settings: Any
    registry: Registry
    load_tenants: Callable[[], dict]

    @cached_property
    def tenants(self) -> dict:
        return self.load_tenants()


async def load_sections(sections: tuple[PageSection, ...], *args: Any) -> list[tuple[PageSection, dict]]:
    """Each section with its loader's result (the context of its partial)."""
    return [(section, dict(await section.loader(*args))) for section in sections]
