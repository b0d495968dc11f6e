"""Another citizen, a citizen of another tenant and an employee of another tenant get
404 on a draft, its pages, its documents and its confirmation."""

from __future__ import annotations

import re

import pytest
from tests.helpers.auth import login_citizen, login_employee
from tests.integration.applications.flow import post, ready_draft


class _Other:
    """The same app as someone else: a fresh cookie jar on the one test client (a second
    client would start the app's background tasks twice)."""

    def __init__(self, client):
        self.client = client

    async def __aenter__(self):
        self.saved = dict(self.client.cookies)
        self.client.cookies.clear()
        return self.client

    async def __aexit__(self, *exc):
        self.client.cookies.clear()
        self.client.cookies.update(self.saved)


@pytest.mark.parametrize("who", ["other citizen", "other tenant citizen", "other tenant employee"])
async def test_strangers_get_404(app, client, who):
    draft, key = await ready_draft(client, "amsterdam")
    tasks = await client.get(draft)
    document = re.search(r"/amsterdam/documents/[0-9a-f-]{36}", (await client.get(f"{draft}/documents")).text).group(0)
    assert (await client.get(document)).status_code == 200
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"})
    assert tasks.status_code == 200

    async with _Other(client) as stranger:
        if who == "other citizen":
            await login_citizen(stranger, "amsterdam", "111238171")
        elif who == "other tenant citizen":
            await login_citizen(stranger, "rotterdam")
        else:
            await login_employee(stranger, "rotterdam", "caseworker")
        for path in (draft, f"{draft}/check", f"{draft}/documents", f"{draft}/section/about_you",
                     f"{draft}/confirmation", document):
            response = await stranger.get(path, follow_redirects=False)
            assert response.status_code == 404, (path, response.status_code)
        response = await post(stranger, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"})
        assert response.status_code == 404


async def test_an_employee_of_the_tenant_may_download(app, client, database):
    from sqlalchemy import select

    from portal.audit.models import AuditEntry

    draft, _key = await ready_draft(client, "utrecht")
    document = re.search(r"/utrecht/documents/[0-9a-f-]{36}", (await client.get(f"{draft}/documents")).text).group(0)
    async with _Other(client) as colleague:
        await login_employee(colleague, "utrecht", "caseworker")
        response = await colleague.get(document)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
        assert response.headers["content-disposition"].startswith("attachment;")
        assert response.headers["content-type"].startswith("application/pdf")
    # The look is audited, as on the back office's own document pages.
    async with database.session("utrecht") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "document.viewed"))).all()
    assert len(entries) == 1


async def test_anonymous_visitors_are_sent_to_log_in(app, client):
    draft, _key = await ready_draft(client, "den-haag")
    async with _Other(client) as anonymous:
        response = await anonymous.get(draft, follow_redirects=False)
        assert response.status_code in (302, 303, 307) and "/den-haag/login" in response.headers["location"]
