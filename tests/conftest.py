"""Shared fixtures: settings, migrated databases on SQLite and PostgreSQL, the app.

- `backend` is parametrised over "sqlite" and "postgresql": a test that uses a database
  fixture runs on both. PostgreSQL is the one at 127.0.0.1:5432 (PG_TEST_URL overrides,
  as a superuser's URL). `--backends=sqlite` (or PORTAL_TEST_BACKENDS) runs one of them.
- The app role (DATABASE_APP_ROLE, default portal_app) is created once, before xdist
  starts its workers: roles are cluster-wide, so workers creating it would race.
- `db` (via `tenant_session`) gives a session inside a transaction that is rolled back
  after the test.
- `app_database_url` gives each HTTP test its own freshly migrated database (a copy of a
  template), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from portal.db.engine import SITE_KEY, TENANT_CONFIG_KEY, create_engine
from portal.db.migrate import upgrade
from portal.db.rls import checked_role, create_role_sql
from portal.db.tenant_filter import TENANT_KEY
from portal.db.threads import run_coroutine_in_thread
from portal.domains import import_models
from portal.settings import DEFAULT_APP_ROLE, PROJECT_ROOT, Settings

PG_ADMIN_URL = os.environ.get("PG_TEST_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
# Unique per test process: several test runs (and xdist workers) may share the server.
WORKER = f"{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}_{os.getpid()}"
# The same variable the settings read, so the suite tests the role the app would use.
APP_ROLE = checked_role(os.environ.get("DATABASE_APP_ROLE") or DEFAULT_APP_ROLE)
BACKENDS = ("sqlite", "postgresql")

import_models()


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--clock",
        default=None,
        help="Run the suite as if it were this moment (ISO, Amsterdam time), e.g. 2026-12-31T23:59. "
        "Sets the portal's one clock (portal.clock) in every test process.",
    )
    parser.addoption(
        "--backends",
        default=os.environ.get("PORTAL_TEST_BACKENDS", ",".join(BACKENDS)),
        help="Comma-separated databases the `backend` tests run on (sqlite, postgresql); "
        "default both, or PORTAL_TEST_BACKENDS.",
    )
    parser.addoption(
        "--e2e-backend",
        default=os.environ.get("PORTAL_E2E_BACKEND", "sqlite"),
        choices=BACKENDS,
        help="The database of the browser tests' live server (default sqlite, or PORTAL_E2E_BACKEND).",
    )


def chosen_backends(config) -> set[str]:
    chosen = {name.strip() for name in config.getoption("--backends").split(",") if name.strip()}
    if unknown := chosen - set(BACKENDS):
        raise pytest.UsageError(f"--backends: unknown {', '.join(sorted(unknown))} (choose from {', '.join(BACKENDS)})")
    return chosen


def _needs_postgresql(config) -> bool:
    return "postgresql" in chosen_backends(config) or config.getoption("--e2e-backend") == "postgresql"


def pytest_configure(config) -> None:
    from portal import clock

    if moment := config.getoption("--clock") or os.environ.get(clock.CLOCK_ENV):
        # Subprocesses the tests start (a `portal serve`, a worker) inherit the same moment.
        os.environ[clock.CLOCK_ENV] = moment
        clock.start_at(moment)
    # Once, in the process that starts the xdist workers (or the only process): a fresh
    # server has no app role yet, and the workers' migrations would all try to create it.
    if not hasattr(config, "workerinput") and _needs_postgresql(config):
        try:
            pg_admin(create_role_sql(APP_ROLE))
        except OSError as error:
            # Not up: say so once; the PostgreSQL tests then error on their own.
            config.issue_config_time_warning(
                pytest.PytestWarning(f"PostgreSQL at {PG_ADMIN_URL} is not reachable ({error}); "
                                     "PostgreSQL tests will error (PORTAL_TEST_BACKENDS=sqlite skips them)"),
                stacklevel=2,
            )


def pytest_collection_modifyitems(config, items) -> None:
    """Leave out the tests parametrised for a backend that was not chosen."""
    chosen = chosen_backends(config)
    keep, drop = [], []
    for item in items:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("backend")
        (drop if backend and backend not in chosen else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config) -> str:
    from portal import clock

    return f"portal clock: {clock.local_now().isoformat(timespec='minutes')} (Europe/Amsterdam)"


def pg_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


def pg_admin(statement: str) -> None:
    """Run one statement as the PostgreSQL admin (CREATE/DROP DATABASE), from any thread."""

    async def _run() -> None:
        engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    run_coroutine_in_thread(_run)


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def sqlite_template(session_tmp) -> Path:
    path = session_tmp / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> str:
    name = f"portal_tpl_{WORKER}"
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
    upgrade(pg_url(name), app_role=APP_ROLE)
    yield name
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def app_database_url(backend, request, tmp_path) -> str:
    """A fresh, migrated database for one test (copied from the session's template)."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "portal.db"
        shutil.copy(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"portal_t_{WORKER}_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield pg_url(name)
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_settings(database_url: str, var_dir: Path, **overrides) -> Settings:
    var_dir.mkdir(parents=True, exist_ok=True)
    values = dict(
        environment="test",
        database_url=database_url,
        secret_key="test-secret-key-" + "x" * 32,
        var_dir=var_dir,
        tenants_dir=PROJECT_ROOT / "tenants",
        dev_idp=True,
        run_worker_in_process=False,
        public_url="http://testserver.local",
        # Every test client and the browser come from 127.0.0.1; the limiter has its own test.
        rate_limit_posts_per_minute=0,
        database_app_role=APP_ROLE,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(app_database_url, tmp_path) -> Settings:
    return make_settings(app_database_url, tmp_path / "var")


@pytest.fixture(scope="session")
def tenants():
    """The four tenants with every domain's configuration, read once per test process."""
    from portal.domains import load_tenants

    return load_tenants(PROJECT_ROOT / "tenants")


@pytest.fixture
async def database(settings, tenants):
    from portal.db import Database
    from portal.tenancy.scope import Site

    db = Database.from_settings(settings, tenants=tenants, site=Site.from_settings(settings))
    yield db
    await db.dispose()


@pytest.fixture
async def tenant_session(database):
    """`tenant_session("amsterdam")` gives a session inside one transaction that is rolled
    back after the test. Sessions share that connection (each in a savepoint), so on
    PostgreSQL the tenant setting is the one of the session that began last: open a new
    session, rather than reuse an older one, after switching tenants."""
    engine = database.engine
    connection = await engine.connect()
    transaction = await connection.begin()
    sessions: list[AsyncSession] = []

    def factory(tenant_id: str | None) -> AsyncSession:
        session = AsyncSession(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        session.info[TENANT_KEY] = tenant_id
        session.info[TENANT_CONFIG_KEY] = database.tenants.get(tenant_id) if tenant_id else None
        session.info[SITE_KEY] = database.site
        sessions.append(session)
        return session

    yield factory
    for session in reversed(sessions):  # savepoints nest: release the newest first
        await session.close()
    await transaction.rollback()
    await connection.close()


@pytest.fixture
async def app(settings):
    from portal.app import create_app

    application = create_app(settings)
    yield application


@pytest.fixture
async def client(app):
    """An HTTP client on the app (tests/helpers/client.py): every request states the status
    it expects (`expect=200`, a redirect also `redirect_to=`), and every HTML page it gets
    passes the shared page check."""
    from tests.helpers.client import checked_client

    async with checked_client(app) as test_client:
        yield test_client
