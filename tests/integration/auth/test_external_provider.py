"""Logging in and out at a provider that is not the built-in one (tests/helpers/oidc_provider.py):
another origin, single sign-on, RP-initiated logout, the BSN and level only in userinfo."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from tests.conftest import make_settings
from tests.helpers.auth import csrf_token, end_session_url
from tests.helpers.client import checked_client
from tests.helpers.oidc_provider import TestProvider, tenants_with_citizen_provider

ISSUER = "http://127.0.0.1:47001"
PORTAL = "http://testserver.local"
SECRET_ENV = "UTRECHT_TEST_BROKER_SECRET"
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
CALLBACK = re.compile(re.escape(PORTAL) + r"/utrecht/login/callback\?code=[^&]+&state=[^&]+")
BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


class ByOrigin(httpx.AsyncBaseTransport):
    """The portal's server-to-server calls: to the broker's app, or to the portal itself."""

    def __init__(self, apps: dict[str, object]):
        self.transports = {origin: httpx.ASGITransport(app=app) for origin, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.transports[f"{request.url.scheme}://{request.url.netloc.decode()}"].handle_async_request(request)


def make_broker(**options) -> TestProvider:
    broker = TestProvider(ISSUER, **options)
    broker.add_client("utrecht-digid", "s3cret", f"{PORTAL}/utrecht/login/callback", f"{PORTAL}/utrecht/logged-out")
    broker.add_user("jansen", "geheim", bsn="111222333", acr=MIDDEN, name="Sanne Jansen")
    broker.add_user("basis", "geheim", bsn="111222333", acr=BASIS, name="Sanne Jansen")
    broker.add_user("nobsn", "geheim", bsn=None, acr=MIDDEN, name="Geen Nummer")
    broker.add_user("badbsn", "geheim", bsn="111222334", acr=MIDDEN, name="Fout Nummer")
    return broker


@pytest.fixture
def portal_factory(app_database_url, tmp_path, monkeypatch):
    """create(broker, scopes=...): the portal with Utrecht's citizens at `broker`, and a
    client for the browser's visits to the broker (its own cookies, its own origin)."""
    from portal.app import create_app

    monkeypatch.setenv(SECRET_ENV, "s3cret")

    def create(broker: TestProvider, scopes=("openid", "profile", "bsn"), minimum_level: str | None = None):
        folder = tenants_with_citizen_provider(tmp_path / f"tenants-{len(list(tmp_path.iterdir()))}", "utrecht", ISSUER,
                                               client_id="utrecht-digid", secret_env=SECRET_ENV, scopes=scopes)
        if minimum_level:
            auth = folder / "utrecht" / "auth.toml"
            auth.write_text(auth.read_text().replace('minimum_level = "midden"', f'minimum_level = "{minimum_level}"'))
        app = create_app(make_settings(app_database_url, tmp_path / "var", tenants_dir=folder))
        broker_app = broker.app()
        app.state.oidc_transport = ByOrigin({ISSUER: broker_app, PORTAL: app})
        return app, broker_app

    return create


async def login_at_broker(portal, browser_at_broker, username: str, *, expect: int = 303, redirect_to="/utrecht/mijn"):
    """The browser's way through a login; returns the portal's answer to the callback."""
    start = await portal.get("/utrecht/login/start", expect=303, redirect_to=re.compile(re.escape(ISSUER) + r"/auth\?.+"))
    authorize = start.headers["location"]
    form_page = await browser_at_broker.get(authorize, expect=200)
    assert "Password" in form_page.text
    answer = await browser_at_broker.post(f"{ISSUER}/auth", expect=302, redirect_to=CALLBACK,
                                          data={**dict(parse_qsl(urlsplit(authorize).query)), "username": username, "password": "geheim"})
    callback = urlsplit(answer.headers["location"])
    return await portal.get(f"{callback.path}?{callback.query}", expect=expect, redirect_to=redirect_to if expect == 303 else None)


async def test_the_level_from_userinfo_counts_when_the_id_token_has_only_the_bsn(portal_factory):
    broker = make_broker(id_token_claims=("bsn",))
    app, broker_app = portal_factory(broker)
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        await login_at_broker(portal, browser, "jansen")
        assert "Sanne" in (await portal.get("/utrecht/mijn", expect=200)).text


async def test_bsn_and_level_only_in_userinfo_log_the_citizen_in(portal_factory):
    app, broker_app = portal_factory(make_broker())
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        await login_at_broker(portal, browser, "jansen")
        assert "Sanne" in (await portal.get("/utrecht/mijn", expect=200)).text


@contextmanager
def auth_log():
    """The portal.auth log lines written inside the block (Litestar's queue handler on the
    root logger would hand them to pytest's capture on another thread, too late)."""
    lines: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("portal.auth")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def broker_browser(broker_app):
    from contextlib import asynccontextmanager

    from tests.helpers.client import CheckedClient

    @asynccontextmanager
    async def opened():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=broker_app), base_url=ISSUER) as raw:
            yield CheckedClient(raw, broker_app)

    return opened()


async def test_logout_ends_the_brokers_session_with_the_id_token_as_hint(portal_factory):
    broker = make_broker()
    app, broker_app = portal_factory(broker)
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        await login_at_broker(portal, browser, "jansen")
        # Single sign-on: while the broker's session lives, a new login asks nothing.
        start = await portal.get("/utrecht/login/start", expect=303, redirect_to=re.compile(re.escape(ISSUER) + r"/auth\?.+"))
        await browser.get(start.headers["location"], expect=302, redirect_to=CALLBACK)
        assert broker.kinds("sso") == ["jansen"]

        token = await csrf_token(portal, "/utrecht/")
        page = await portal.post("/utrecht/logout", data={"_csrf_token": token}, expect=200)
        # Not a form's redirect (the CSP's form-action 'self' would stop it), and the CSP stays strict.
        assert "form-action 'self';" in page.headers["content-security-policy"]
        target = end_session_url(page)
        assert target.startswith(f"{ISSUER}/session/end?id_token_hint=")
        await browser.get(target, expect=302, redirect_to=f"{PORTAL}/utrecht/logged-out")
        assert broker.kinds("logout") == [{"hint_valid": True, "hint_sub": "jansen", "client_id": "utrecht-digid",
                                           "post_logout_redirect_uri": f"{PORTAL}/utrecht/logged-out"}]
        await portal.get("/utrecht/logged-out", expect=200)
        await portal.get("/utrecht/mijn", expect=303, redirect_to="/utrecht/login?next=%2Futrecht%2Fmijn")
        # The next person at this computer is asked for credentials again.
        start = await portal.get("/utrecht/login/start", expect=303, redirect_to=re.compile(re.escape(ISSUER) + r"/auth\?.+"))
        again = await browser.get(start.headers["location"], expect=200)
        assert 'name="password"' in again.text


async def test_a_provider_not_asked_for_the_bsn_is_logged_as_no_bsn_claim(portal_factory):
    app, broker_app = portal_factory(make_broker(), scopes=("openid", "profile"))
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        with auth_log() as lines:
            page = await login_at_broker(portal, browser, "jansen", expect=403)
    assert "burgerservicenummer" in page.text
    assert lines == ["login refused tenant=utrecht kind=citizen: no BSN claim 'bsn' in the ID token or userinfo"]


async def test_a_bsn_failing_the_elfproef_is_logged_as_such(portal_factory):
    app, broker_app = portal_factory(make_broker())
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        with auth_log() as lines:
            await login_at_broker(portal, browser, "badbsn", expect=403)
    assert lines == ["login refused tenant=utrecht kind=citizen: the BSN claim fails the elfproef"]


async def test_the_level_refusal_names_the_tenants_minimum_level(portal_factory):
    app, broker_app = portal_factory(make_broker(), minimum_level="substantieel")
    async with checked_client(app) as portal, broker_browser(broker_app) as browser:
        page = await login_at_broker(portal, browser, "jansen", expect=403)
    assert "DigiD-niveau “substantieel”" in page.text and "“midden”" not in page.text
