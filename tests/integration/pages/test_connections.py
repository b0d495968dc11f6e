"""Connections are not held while a page renders: the handler loads what it needs, its
session is closed (the connection back in the pool) before the template renders."""

from __future__ import annotations

import pytest

from tests.helpers.auth import login_citizen, login_employee
from tests.integration.backoffice.helpers import make_case
from tests.integration.pages.test_query_budgets import CITIZEN_PAGES, EMPLOYEE_PAGES

BSN = "111222333"


def _probe(app) -> list[int]:
    """Every render of a page records how many pooled connections are checked out at that moment
    (base.html calls the `session_seconds_left` global while it renders)."""
    seen: list[int] = []
    env = app.template_engine.engine
    original = env.globals["session_seconds_left"]

    def probed(request):
        seen.append(app.state.database.connections_in_use)
        return original(request)

    env.globals["session_seconds_left"] = probed
    return seen


@pytest.mark.parametrize("page", list(CITIZEN_PAGES) + list(EMPLOYEE_PAGES))
async def test_no_connection_is_checked_out_while_a_page_renders(client, app, database, page):
    case = await make_case(app, database=database, bsn=BSN, scheme="bijstand")
    if page in CITIZEN_PAGES:
        await login_citizen(client, "amsterdam", BSN)
        url = CITIZEN_PAGES[page]
    else:
        await login_employee(client, "amsterdam", "caseworker")
        url = EMPLOYEE_PAGES[page]
    seen = _probe(app)
    await client.get(url.format(case=case.id), expect=200)
    assert seen, f"{page}: the probe saw no render"
    assert seen == [0] * len(seen), f"{page}: {seen} connections checked out while rendering"


async def test_without_the_release_the_probe_sees_the_held_connection(settings, database, monkeypatch):
    """The control: with the sessions left open until Litestar ends the dependency (after
    rendering, as before), the probe counts the connection the page holds."""
    import portal.app
    from tests.helpers.client import checked_client

    async def keep(response):
        return response

    monkeypatch.setattr(portal.app, "release_connections", keep)
    app = portal.app.create_app(settings)
    case = await make_case(app, database=database, bsn=BSN, scheme="bijstand")
    async with checked_client(app) as client:
        await login_citizen(client, "amsterdam", BSN)
        seen = _probe(app)
        await client.get(f"/amsterdam/zaken/{case.id}", expect=200)
    assert seen and seen[0] >= 1
