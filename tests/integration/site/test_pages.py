"""The public pages, the tenant resolution and the security baseline, over HTTP."""

import pytest
from litestar.params import FromPath

from tests.helpers.client import checked_client

TENANTS = ["amsterdam", "rotterdam", "den-haag", "utrecht"]


async def test_index_lists_the_four_municipalities(client):
    response = await client.get("/", expect=200)
    for name in ("Gemeente Amsterdam", "Gemeente Rotterdam", "Gemeente Den Haag", "Gemeente Utrecht"):
        assert name in response.text


@pytest.mark.parametrize("slug", TENANTS)
async def test_each_tenant_home_has_its_own_name_colours_and_contact(client, app, slug):
    tenant = app.state.tenants[slug]
    response = await client.get(f"/{slug}/", expect=200)
    assert tenant.name in response.text
    assert f"--brand-primary: {tenant.config.branding.primary}" in response.text
    assert tenant.config.contact.phone in response.text
    assert tenant.config.scheme("stadspas").name in response.text


async def test_tenant_host_name_resolves_without_path_prefix(client):
    response = await client.get("/", headers={"host": "rotterdam.localhost"}, expect=200)
    assert "Gemeente Rotterdam" in response.text
    privacy = await client.get("/privacy", headers={"host": "denhaag.localhost"}, expect=200)
    assert "Gemeente Den Haag" in privacy.text


async def test_security_headers_on_every_response(client):
    for path, status in (("/", 200), ("/amsterdam/", 200), ("/does-not-exist", 404), ("/healthz", 200)):
        response = await client.get(path, expect=status)
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        assert response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in response.headers


async def test_hsts_when_served_over_https(settings, tmp_path):
    from portal.app import create_app

    app = create_app(settings.with_overrides(https=True))
    async with checked_client(app) as client:
        response = await client.get("/amsterdam/", expect=200)
    assert "max-age" in response.headers["strict-transport-security"]
    assert "secure" in response.headers["set-cookie"].lower()


async def test_not_found_is_branded_translated_and_without_trace(client):
    await client.get("/lang/en?next=/", expect=302, redirect_to="/")
    response = await client.get("/utrecht/no/such/page", expect=404)
    assert "Gemeente Utrecht" in response.text
    assert "Page not found" in response.text
    assert "Traceback" not in response.text
    await client.get("/lang/nl?next=/", expect=302, redirect_to="/")
    response = await client.get("/utrecht/no/such/page", expect=404)
    assert "Pagina niet gevonden" in response.text


async def test_unknown_tenant_is_not_found(client):
    await client.get("/eindhoven/", expect=404)


async def test_language_switch_sets_lang_and_direction(client):
    response = await client.get("/lang/ar?next=/amsterdam/", follow_redirects=True, expect=200, redirect_to="/amsterdam/")
    assert '<html lang="ar" dir="rtl">' in response.text
    response = await client.get("/lang/en?next=/amsterdam/", follow_redirects=True, expect=200, redirect_to="/amsterdam/")
    assert '<html lang="en" dir="ltr">' in response.text
    assert 'Work and income in <bdi class="nobreak">Amsterdam</bdi>' in response.text


async def test_language_switch_refuses_open_redirect(client):
    await client.get("/lang/en?next=https://evil.example/", expect=302, redirect_to="/")
    await client.get("/lang/en?next=//evil.example/", expect=302, redirect_to="/")


async def test_health_and_readiness(client):
    assert (await client.get("/healthz", expect=200)).json() == {"status": "ok"}
    assert (await client.get("/readyz", expect=200)).json() == {"status": "ready"}


async def test_readiness_fails_when_the_database_is_away(settings, tmp_path):
    from portal.app import create_app

    broken = settings.with_overrides(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    async with checked_client(create_app(broken)) as client:
        await client.get("/healthz", expect=200)
        await client.get("/readyz", expect=503)


async def test_unsafe_methods_need_a_csrf_token(client):
    """A real form post (the check's first page): refused without the token, taken with it."""
    answers = {"lives_here": "yes", "birth_date": "1985-01-01", "has_partner": "no", "_rendered": "lives_here birth_date has_partner"}
    await client.get("/amsterdam/check/about-you", expect=200)  # sets the csrftoken cookie
    await client.post("/amsterdam/check/about-you", data=answers, expect=403)
    await client.post("/amsterdam/check/about-you", data=answers, headers={"x-csrftoken": "not-the-token"}, expect=403)
    # Nothing of the refused posts was kept: the result still has no answers to work from.
    await client.get("/amsterdam/check-result", expect=303, redirect_to="/amsterdam/check")
    await client.post("/amsterdam/check/about-you", data=answers, headers={"x-csrftoken": client.cookies["csrftoken"]},
                      expect=303, redirect_to="/amsterdam/check/household")


async def test_an_unexpected_error_gives_a_branded_page_without_a_trace(app):
    from litestar import get

    @get("/{tenant_slug:str}/boom", sync_to_thread=False)
    def boom(tenant_slug: FromPath[str]) -> str:
        raise RuntimeError("secret internals")

    app.register(boom)
    async with checked_client(app) as client:
        response = await client.get("/amsterdam/boom", expect=500)
    assert "Gemeente Amsterdam" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


async def test_form_posts_are_rate_limited(settings):
    from portal.app import create_app

    from litestar import post

    @post("/{tenant_slug:str}/ping", sync_to_thread=False, opt={"exclude_from_csrf": True}, status_code=200)
    def ping(tenant_slug: FromPath[str]) -> str:
        return "pong"

    app = create_app(settings.with_overrides(rate_limit_posts_per_minute=3))
    app.register(ping)
    async with checked_client(app) as client:
        for _ in range(3):
            assert (await client.post("/amsterdam/ping", expect=200)).text == "pong"
        await client.post("/amsterdam/ping", expect=429)
        await client.post("/amsterdam/ping", expect=429)
        await client.get("/amsterdam/", expect=200)  # reading is not limited
