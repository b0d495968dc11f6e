"""Browser tests: one live server (uvicorn in a thread, demo data) and one Chromium for
the whole session, a fresh browser context per test. The server's database is SQLite, or
a fresh PostgreSQL database with `--e2e-backend=postgresql` (or PORTAL_E2E_BACKEND).

Use `page` (a Playwright page on a new context) and `live_url`; call
`assert_page_ok(page)` after each navigation you care about: it runs the shared page
checks and axe (WCAG 2.0/2.1/2.2 A and AA) and fails on any violation. It also keeps the
page's HTML: at the end of the session the Nu Html Checker (vnu.jar from the npm package
vnu-jar, run once over every page kept) must find no error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
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
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The pages assert_page_ok saw (file -> address), validated together when the session ends.
_PAGES: dict[Path, str] = {}
_PAGES_DIR: list[Path] = []


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


def cities(tenants, one: str) -> list[str]:
    """The cities a per-city browser test runs in: all four in CI's PostgreSQL browser run
    (`PORTAL_E2E_ALL_CITIES=1`, set by .ci/run), one in `make test` so that it stays under
    15 minutes on 2 cores. Each such test names another city, so `make test` sees them all."""
    return list(tenants) if os.environ.get("PORTAL_E2E_ALL_CITIES") == "1" else [one]


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
    _keep_for_the_html_checker(page.content(), page.url)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response.get("violations", [])
    assert not violations, f"{page.url}: axe violations:\n" + results.generate_report()


def _keep_for_the_html_checker(html: str, url: str) -> None:
    if not _PAGES_DIR:
        return  # the session fixture is not active (a test run outside this conftest)
    path = _PAGES_DIR[0] / f"{hashlib.sha1(html.encode()).hexdigest()}.html"
    if path not in _PAGES:
        path.write_text(html, encoding="utf-8")
        _PAGES[path] = url


def nu_html_checker_errors(files: list[Path]) -> list[str]:
    """The Nu Html Checker's errors (not its warnings) for `files`, one JVM for all."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(f"the Nu Html Checker needs java and {VNU_JAR} (npm ci installs vnu-jar)")
    found = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
                           capture_output=True, text=True, timeout=600)
    messages = json.loads(found.stderr or found.stdout or '{"messages": []}').get("messages", [])
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m.get('message')} ({m.get('extract', '').strip()[:80]})"
            for m in messages if m.get("type") == "error"]


@pytest.fixture(scope="session", autouse=True)
def html_checker(tmp_path_factory):
    """Every page assert_page_ok saw passes the Nu Html Checker: checked in one batch at
    the end of the session (a JVM per page would take minutes)."""
    _PAGES_DIR.append(tmp_path_factory.mktemp("html-pages"))
    yield
    pages = dict(_PAGES)
    _PAGES.clear()
    _PAGES_DIR.clear()
    if not pages:
        return
    errors = nu_html_checker_errors(list(pages))
    for path, url in pages.items():
        errors = [e.replace(f"file:{path}", url).replace(path.as_uri(), url) for e in errors]
    assert not errors, f"Nu Html Checker: {len(errors)} error(s) on {len(pages)} page(s):\n" + "\n".join(errors[:50])
