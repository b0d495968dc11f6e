"""Logging out at a provider on another origin, in a real browser.

The portal's pages have the CSP `form-action 'self'`, and Chromium applies it to the
redirect after a form post: a logout form answered with a redirect to the provider is
stopped, and the provider's session survives. Here the provider is the test broker of
tests/helpers/oidc_provider.py (single sign-on like DigiD's), on a port of its own, and
Utrecht's citizens log in there.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from tests.e2e.conftest import _free_port, assert_page_ok, watch_navigations
from tests.helpers.oidc_provider import TestProvider, tenants_with_citizen_provider

pytestmark = pytest.mark.e2e

SECRET_ENV = "UTRECHT_E2E_BROKER_SECRET"
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"


def _serve(app, port: int):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    return server, thread


@pytest.fixture(scope="module")
def broker_and_portal(live_settings, tmp_path_factory):
    """The broker on one port, and a second portal (same database as the live server) on
    another, whose tenants folder sends Utrecht's citizens to the broker."""
    import os

    from portal.app import create_app

    broker_port, portal_port = _free_port(), _free_port()
    issuer, portal_url = f"http://127.0.0.1:{broker_port}", f"http://127.0.0.1:{portal_port}"
    broker = TestProvider(issuer)
    broker.add_client("utrecht-digid", "e2e-secret", f"{portal_url}/utrecht/login/callback", f"{portal_url}/utrecht/logged-out")
    broker.add_user("jansen", "geheim", bsn="111222333", acr=MIDDEN, name="Sanne Jansen")
    folder = tenants_with_citizen_provider(tmp_path_factory.mktemp("broker-tenants") / "tenants", "utrecht", issuer,
                                           client_id="utrecht-digid", secret_env=SECRET_ENV)
    os.environ[SECRET_ENV] = "e2e-secret"
    app = create_app(live_settings.with_overrides(
        tenants_dir=folder, port=portal_port, public_url=portal_url, run_worker_in_process=False,
        var_dir=tmp_path_factory.mktemp("broker-portal-var"),
    ))
    servers = [_serve(broker.app(), broker_port), _serve(app, portal_port)]
    yield broker, app, portal_url
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
    os.environ.pop(SECRET_ENV, None)


def test_logout_ends_the_session_at_a_provider_on_another_origin(browser, broker_and_portal):
    broker, app, portal_url = broker_and_portal
    context = browser.new_context(base_url=portal_url, viewport={"width": 390, "height": 844}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, app)
    page = context.new_page()
    try:
        page.goto("/utrecht/")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        page.wait_for_url(re.compile(re.escape(broker.issuer) + r"/auth\?"))
        page.get_by_label("Username").fill("jansen")
        page.get_by_label("Password").fill("geheim")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{portal_url}/utrecht/mijn")
        assert page.get_by_text("Ingelogd als Sanne").is_visible()

        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(f"{portal_url}/utrecht/logged-out")
        assert_page_ok(page, "Gemeente Utrecht")
        assert broker.kinds("logout") == [{"hint_valid": True, "hint_sub": "jansen", "client_id": "utrecht-digid",
                                           "post_logout_redirect_uri": f"{portal_url}/utrecht/logged-out"}]

        # The next person at this computer: the broker asks for credentials, it does not
        # log the previous citizen in again.
        page.goto("/utrecht/")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        page.wait_for_url(re.compile(re.escape(broker.issuer) + r"/auth\?"))
        assert page.get_by_label("Password").is_visible()
        assert broker.kinds("sso") == []
        assert broker.kinds("asked") == ["utrecht-digid", "utrecht-digid"]
    finally:
        context.close()
