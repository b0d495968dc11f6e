"""create_app(settings): wires plugins, middleware and routers; nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from pathlib import Path

from litestar import Litestar
from redis.asyncio import Redis
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.openapi.config import OpenAPIConfig
from litestar.di import Provide
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.file import FileStore
from litestar.template.config import TemplateConfig

from portal import i18n
from portal.db import Database
from portal.domains import load_tenants, registry
from portal.i18n.jinja import configure_environment
from portal.rules.engine import RulesEngine
from portal.rules.system import tenant_parameters_dir
from portal.settings import Settings, load_settings
from portal.tenancy.scope import Site
from portal.web.csrf import csrf_middleware, session_bound_csrf
from portal.web.deps import (provide_db, provide_registry, provide_rules_engine, provide_settings, provide_tenant,
                              provide_tenants, release_connections, track_request_sessions)
from portal.web.entry import PortalEntry
from portal.web.errors import error_response
from portal.web.ratelimit import Counter, PostLimitMiddleware, RedisCounter, StoreCounter
from portal.web.redis import Breaker, GuardedRedisStore, redis_client
from portal.web.sessions import WriteOnChangeSessionConfig
from portal.web.static import HashedStatic, StaticNames

STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "portal_session"


def _stores(settings: Settings, redis: Redis | None) -> dict:
    if redis is not None:
        # Shared sessions for several stateless workers; quick to fail when Redis is away.
        store = GuardedRedisStore(redis, namespace=f"{settings.redis_namespace}:sessions",
                                  timeout=settings.redis_timeout, breaker=Breaker("Redis (sessions)"))
        return {"sessions": store}
    return {"sessions": FileStore(settings.var_dir / "sessions", create_directories=True)}


def _post_counter(settings: Settings, redis: Redis | None) -> Counter:
    if redis is not None:
        # One count for every worker, raised atomically in Redis.
        return RedisCounter(redis, namespace=settings.redis_namespace, timeout=settings.redis_timeout,
                            breaker=Breaker("Redis (rate limiter)"))
    return StoreCounter(FileStore(settings.var_dir / "ratelimit", create_directories=True))


def _rules_engine(tenants: dict) -> RulesEngine | None:
    """Every tenant's tax-benefit system, built once at start-up (the check and the advice use it)."""
    if not tenants:
        return None
    tenants_dir = next(iter(tenants.values())).folder.parent
    slugs = [slug for slug in tenants if tenant_parameters_dir(tenants_dir, slug).is_dir()]
    return RulesEngine.load(tenants_dir, slugs) if slugs else None


async def _before_request(request) -> None:
    track_request_sessions()
    return await session_bound_csrf(request)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = (settings or load_settings()).validate()
    domains = registry()
    domains.import_models()
    tenants = load_tenants(settings.tenants_dir)
    i18n.load_catalogs(settings.locales_dir)
    database = Database.from_settings(settings, tenants=tenants, site=Site.from_settings(settings))
    redis = redis_client(settings.redis_url, settings.redis_timeout) if settings.redis_url else None

    worker_task: dict[str, asyncio.Task] = {}

    async def start_worker(app: Litestar) -> None:
        if settings.run_worker_in_process:
            from portal.notifications.worker import run_forever

            worker_task["task"] = asyncio.create_task(
                run_forever(settings, database, tenants, domains.outbox_handlers, rounds=domains.worker_rounds))

    async def start_housekeeping(app: Litestar) -> None:
        from portal.web import housekeeping

        if housekeeping.file_stores(app):
            app.state.housekeeping_task = worker_task["housekeeping"] = asyncio.create_task(
                housekeeping.run_forever(app), name=housekeeping.TASK_NAME)

    async def stop(app: Litestar) -> None:
        if task := worker_task.pop("housekeeping", None):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if task := worker_task.pop("task", None):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await database.dispose()
        if redis is not None:
            await redis.aclose()

    dependencies = {
        "tenant": Provide(provide_tenant),
        "db": Provide(provide_db),
        "settings": Provide(provide_settings),
        "tenants": Provide(provide_tenants),
        "registry": Provide(provide_registry),
        "rules_engine": Provide(provide_rules_engine),
    }

    session_config = WriteOnChangeSessionConfig(
        key=SESSION_COOKIE,
        exclude=["^/static/"],
        store="sessions",
        max_age=settings.session_absolute_seconds,
        httponly=True,
        secure=settings.https,
        samesite="lax",
    )
    middleware: list = [session_config.middleware]
    counter = _post_counter(settings, redis) if settings.rate_limit_posts_per_minute else None
    if counter is not None:
        # Unsafe methods count, and GETs that write state: it slows down guessing and
        # flooding, not reading.
        middleware.append(
            PostLimitMiddleware(
                limit=settings.rate_limit_posts_per_minute,
                counter=counter,
                # htmx field checks of applications write nothing and fire on every changed field.
                exclude=("/dev-idp/token", r"/apply/drafts/[^/]+/validate/"),
                # Each login start writes a session (the pending state) to the store.
                counted_gets=(r"^/[a-z0-9-]+/login/start$",),
            )
        )
    # Litestar's signed double-submit CSRF check, the token masked afresh on every response
    # (BREACH: pages are compressed), in place of Litestar's csrf_config (portal.web.csrf).
    middleware.append(csrf_middleware(CSRFConfig(
        secret=settings.secret_key,
        cookie_secure=settings.https,
        cookie_httponly=False,
        cookie_samesite="lax",
        cookie_path="/",
    )))
    static_names = StaticNames(STATIC_DIR)
    app = Litestar(
        # The domains add their routes, dependencies and start-up work (DomainPlugin.on_app_init).
        route_handlers=[create_static_files_router(path="/static", directories=[STATIC_DIR], name="static")],
        dependencies=dependencies,
        middleware=middleware,
        stores=_stores(settings, redis),
        template_config=TemplateConfig(
            directory=settings.templates_dir,
            engine=JinjaTemplateEngine,
            # The footer outside a tenant names every tenant: a fifth city needs no template change.
            engine_callback=lambda engine: configure_environment(
                engine.engine, {**domains.template_globals, "all_tenants": tuple(tenants.values()),
                                "static_url": static_names.url}),
        ),
        # Pages, CSS and JS go out brotli-compressed, or gzipped to a browser without brotli;
        # documents and letters are PDFs and images, compressed already.
        compression_config=CompressionConfig(
            backend="brotli", brotli_quality=4, brotli_gzip_fallback=True, gzip_compress_level=6,
            exclude=[r"/documents/", r"/letters/", r"\.pdf$"],
        ),
        plugins=[HTMXPlugin(), *domains.domains],
        exception_handlers={Exception: error_response},
        # After the CSRF middleware's check: a logged-in session accepts only its own token.
        before_request=_before_request,
        # The request's database sessions closed before the page renders (portal.web.deps).
        after_request=release_connections,
        # The schema lists every route (the back office's too): only when a setting asks.
        openapi_config=OpenAPIConfig(title="G4 portal", version="1") if settings.openapi else None,
        on_shutdown=[stop],
        debug=False,
    )
    # The worker starts after the domains' own start-up work (their plugins added it).
    app.on_startup.append(start_worker)
    app.on_startup.append(start_housekeeping)
    app.state.settings = settings
    app.state.tenants = tenants
    app.state.database = database
    # Swept with the session files (portal.web.housekeeping) when counting on this host.
    app.state.post_counter_store = counter.store if isinstance(counter, StoreCounter) else None
    app.state.redis = redis  # None without REDIS_URL; /readyz asks it
    app.state.registry = domains
    app.state.rules_engine = _rules_engine(tenants)
    # Static files under content-hashed names, cached a year (portal.web.static).
    app.asgi_handler = PortalEntry(HashedStatic(app.asgi_handler, static_names), tenants, https=settings.https)
    return app


async def freeze_heap(app: Litestar) -> None:
    """Take what start-up built out of the cycle collector's reach.

    The tenants, the rules engine's tax-benefit systems and the rest live as long as the
    process (~170,000 objects). Left in the collector's oldest generation, every full
    collection walked them all (~100 ms on this machine), triggered by whatever request
    happened to allocate at that moment: it showed as a quarter of a logged-in page's time.
    """
    gc.collect()
    gc.freeze()


def create_app_from_env() -> Litestar:
    """Factory for uvicorn (`portal serve`)."""
    app = create_app(load_settings())
    # Last, after the domains' own start-up work. Only for a serving process: a test
    # process creates many apps, whose garbage must stay collectable.
    app.on_startup.append(freeze_heap)
    return app
