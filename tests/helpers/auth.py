"""Log in from tests through the real flow and the development identity provider.

HTTP tests (Litestar's AsyncTestClient):
    await login_citizen(client, "amsterdam")                 # first demo citizen
    await login_citizen(client, "amsterdam", "111222333")
    await login_employee(client, "utrecht", role="senior")

Browser tests (sync Playwright `page` with the live server as base URL):
    login_citizen_in_browser(page, "amsterdam")
    login_employee_in_browser(page, "rotterdam", role="admin")

The portal's calls to the provider (discovery, token, JWKS) go into the app itself
through httpx's ASGI transport, so no server needs to run for HTTP tests.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, quote, urlsplit

import httpx

from portal.settings import PROJECT_ROOT
from portal.domains import load_tenants

_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
# Where the portal sends the browser to log in: the provider, with the state and PKCE in the query.
AUTHORIZE = re.compile(r"/dev-idp/authorize\?.+")


def callback_pattern(tenant_slug: str) -> re.Pattern[str]:
    """The address the provider sends the browser back to, with a code and the state."""
    return re.compile("/" + re.escape(tenant_slug) + r"/login/callback\?code=[^&]+&state=[^&]+")


# Passes the elfproef and is in no tenant's demo-people.toml: someone the development
# provider knows nothing of (it sends only the BSN and the level).
NOT_A_DEMO_BSN = "100000009"


def demo_people_of(tenant_slug: str, tenants=None):
    """The demo people of a shipped tenant, or of `tenants` (an app's, e.g. a generated fifth one)."""
    from portal.auth.people import demo_people

    return demo_people((tenants or load_tenants(PROJECT_ROOT / "tenants"))[tenant_slug])


def _tenants_of(client):
    """The tenants of the app a test client talks to."""
    return getattr(getattr(getattr(client, "app", None), "state", None), "tenants", None)


def demo_citizen(tenant_slug: str, bsn: str | None = None, tenants=None):
    people = demo_people_of(tenant_slug, tenants)
    return people.citizen(bsn) if bsn else people.citizens[0]


def demo_employee(tenant_slug: str, role: str = "caseworker", tenants=None):
    person = demo_people_of(tenant_slug, tenants).employee_with_role(role)
    if person is None:
        raise LookupError(f"no demo employee with role {role!r} at {tenant_slug}")
    return person


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route_provider_calls_into_app(client) -> None:
    """Let the portal reach its built-in provider without a server."""
    if getattr(client.app.state, "oidc_transport", None) is None:
        client.app.state.oidc_transport = httpx.ASGITransport(app=client.app)


async def _login(client, tenant_slug: str, kind: str, person: str, level: str = "midden", next_url: str | None = None,
                 *, expect: int = 303, redirect_to: str | re.Pattern[str] | None = None) -> httpx.Response:
    """Runs the whole flow; returns the callback's response, which must have the status
    `expect` (a redirect on success, to `redirect_to`: by default the landing page)."""
    route_provider_calls_into_app(client)
    params = {"kind": kind, **({"next": next_url} if next_url else {})}
    start = await client.get(f"/{tenant_slug}/login/start", params=params, expect=303, redirect_to=AUTHORIZE)
    authorize_url = start.headers["location"]
    page = await client.get(_path(authorize_url), expect=200)
    form = dict(parse_qsl(urlsplit(authorize_url).query))
    form.update(person=person, action="login", level=level, _csrf_token=html.unescape(_CSRF.search(page.text).group(1)))
    if kind == "citizen" and person not in {c.bsn for c in demo_people_of(tenant_slug, _tenants_of(client)).citizens}:
        form.update(person="other", other_bsn=person)
    chosen = await client.post("/dev-idp/authorize", data=form, expect=303, redirect_to=callback_pattern(tenant_slug))
    if expect == 303 and redirect_to is None:
        redirect_to = landing(tenant_slug, kind)
    return await client.get(_path(chosen.headers["location"]), expect=expect, redirect_to=redirect_to)


def landing(tenant_slug: str, kind: str) -> str:
    """Where a login without `next` ends."""
    return f"/{tenant_slug}/mijn" if kind == "citizen" else f"/{tenant_slug}/backoffice/"


# What a citizen the provider sends only a BSN for answers, once, on their details page.
GIVEN_NAME = "Alex Visser"


async def login_citizen(client, tenant_slug: str, bsn: str | None = None, *, level: str = "midden",
                        details: str | None = GIVEN_NAME) -> None:
    """Log in; someone who is no demo person (the provider sends only the BSN) then gives
    `details` as their name, with no email address, as the portal asks once. With
    `details=None` they are left nameless (to test that question itself)."""
    person = bsn or demo_citizen(tenant_slug, tenants=_tenants_of(client)).bsn
    await _login(client, tenant_slug, "citizen", person, level)
    if details and person not in {c.bsn for c in demo_people_of(tenant_slug, _tenants_of(client)).citizens}:
        page = f"/{tenant_slug}/mijn/gegevens"
        form = await client.get(page, expect=200)
        if 'name="name" type="text" value=""' in form.text:  # not asked yet (asked once only)
            token = html.unescape(_CSRF.search(form.text).group(1))
            await client.post(page, data={"_csrf_token": token, "name": details, "email": "", "phone": ""},
                              expect=303, redirect_to=f"{page}?done=saved")


async def login_employee(client, tenant_slug: str, role: str = "caseworker") -> None:
    await _login(client, tenant_slug, "employee", demo_employee(tenant_slug, role, _tenants_of(client)).subject)


async def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on the page at `path` (which must answer 200)."""
    page = await client.get(path, expect=200)
    return html.unescape(_CSRF.search(page.text).group(1))


_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def end_session_url(page: httpx.Response) -> str:
    """Where the "logging out" page sends the browser on (the provider's logout)."""
    found = _REFRESH.search(page.text)
    assert found, f"no refresh to the provider's logout on {page.url}"
    return html.unescape(found.group(1))


async def logout(client, tenant_slug: str) -> httpx.Response:
    """Logs out a logged-in visitor through the header's form: the portal's page sends
    the browser on to the development provider's logout (with the ID token as hint),
    which returns to "logged out". Returns the "logging out" page."""
    token = await csrf_token(client, f"/{tenant_slug}/")
    page = await client.post(f"/{tenant_slug}/logout", data={"_csrf_token": token}, expect=200)
    back = quote(f"http://testserver.local/{tenant_slug}/logged-out", safe="")
    assert re.fullmatch(rf"http://testserver\.local/dev-idp/logout\?id_token_hint=[\w.-]+&client_id=[^&]+&post_logout_redirect_uri={re.escape(back)}",
                        end_session_url(page)), end_session_url(page)
    return page


def login_citizen_in_browser(page, tenant_slug: str, bsn: str | None = None) -> None:
    person = demo_citizen(tenant_slug, bsn)
    page.goto(f"/{tenant_slug}/login/start?kind=citizen")
    page.locator(f'input[name="person"][value="{person.bsn}"]').check()
    page.locator('button[name="action"][value="login"]').click()
    page.wait_for_url(f"**/{tenant_slug}/mijn")


def login_employee_in_browser(page, tenant_slug: str, role: str = "caseworker") -> None:
    person = demo_employee(tenant_slug, role)
    page.goto(f"/{tenant_slug}/login/start?kind=employee")
    page.locator(f'input[name="person"][value="{person.subject}"]').check()
    page.locator('button[name="action"][value="login"]').click()
    page.wait_for_url(f"**/{tenant_slug}/backoffice/")
