"""Browser tests: one live server (uvicorn in a thread, demo data) and one Chromium for
the whole session, a fresh browser context per test. The server's database is SQLite, or
a fresh PostgreSQL database with `--e2e-backend=postgresql` (or PORTAL_E2E_BACKEND).

Use `page` (a Playwright page on a new context) and `live_url`; call
`assert_page_ok(page)` after each navigation you care about: it runs the shared page
checks and axe (WCAG 2.0/2.1/2.2 A and AA) and fails on any violation.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import weakref
from pathlib import Path

import pytest

from portal.db.migrate import upgrade
from portal.db.threads import run_coroutine_in_thread
from tests.conftest import APP_ROLE, WORKER, make_settings, pg_admin, pg_url
from tests.pagecheck import RouteTable, page_problems

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_database_url(request, tmp_path_factory):
    """SQLite in the session's tmp dir, or a PostgreSQL database of this test process on the
    server of PG_TEST_URL (the app then runs as DATABASE_APP_ROLE, under row-level security)."""
    if request.config.getoption("--e2e-backend") == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('live-db') / 'portal.db'}"
        return
    name = f"portal_e2e_{WORKER}"
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield pg_url(name)
    # FORCE: the live server's pool and worker may still hold connections.
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_settings(tmp_path_factory, live_database_url):
    var_dir: Path = tmp_path_factory.mktemp("live") / "var"
    port = _free_port()
    settings = make_settings(
        live_database_url,
        var_dir,
        port=port,
        public_url=f"http://127.0.0.1:{port}",
        run_worker_in_process=True,
    )
    upgrade(settings.database_url, app_role=APP_ROLE)
    from portal.demo import load_all

    run_coroutine_in_thread(lambda: load_all(settings))
    return settings


@pytest.fixture(scope="session")
def live_server(live_settings):
    import uvicorn

    from portal.app import create_app

    app = create_app(live_settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=live_settings.port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    yield app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_url(live_server, live_settings) -> str:
    return live_settings.public_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does this as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_url, live_server):
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


def set_language(page, code: str, next_path: str = "/") -> None:
    """Choose a language the way a user does: through the switcher's link."""
    page.goto(f"/lang/{code}?next={next_path}")


# Per watched page: the app's routes and the last response that loaded a document into
# its main frame (the page's own navigation, after any redirects; not htmx requests).
_WATCHED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_ROUTES: dict[int, RouteTable] = {}


def watch_navigations(context, app) -> None:
    """Record each page's navigation responses, so `assert_page_ok` checks the status and
    headers the browser really got. The `context` fixture does this; a test that makes
    its own context calls it too."""
    routes = _ROUTES.setdefault(id(app), RouteTable(app))

    def on_response(response) -> None:
        frame = response.frame
        if response.request.resource_type == "document" and frame.parent_frame is None:
            _WATCHED[frame.page] = (routes, response)

    context.on("response", on_response)


def assert_page_ok(page, tenant_name: str | None = None, *, expect: int = 200) -> None:
    """The shared page checks on the page as shown and on the response that loaded it
    (its status must be `expect`, its headers the security headers), plus zero axe
    violations."""
    from axe_playwright_python.sync_playwright import Axe

    watched = _WATCHED.get(page)
    assert watched is not None, f"{page.url}: no navigation seen; open pages on a context given to watch_navigations"
    # After an htmx-boosted step the address bar moves on without a new document: the
    # headers in force are still those of the document the page was loaded as.
    routes, response = watched
    assert response.status == expect, f"{page.url}: expected {expect}, the page answered {response.status}"
    problems = page_problems(page.content(), response.all_headers(), tenant_name, routes=routes, url=page.url)
    assert not problems, f"{page.url}: " + "; ".join(problems)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response.get("violations", [])
    assert not violations, f"{page.url}: axe violations:\n" + results.generate_report()
