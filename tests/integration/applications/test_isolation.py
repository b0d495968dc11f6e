"""Another citizen, a citizen of another tenant and an employee of another tenant get
404 on a draft, its pages, its documents and its confirmation: on each path at a moment
when the owner reaches it, so the 404 is the stranger's and not the path's."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEntry
from tests.helpers.auth import login_citizen, login_employee
from tests.helpers.visitors import Visitors
from tests.integration.applications.flow import post, ready_draft

DOCUMENT = re.compile(r"/(?:amsterdam|utrecht)/documents/[0-9a-f-]{36}")


STRANGERS = {
    "other citizen": lambda client: login_citizen(client, "amsterdam", "111238171"),
    "other tenant citizen": lambda client: login_citizen(client, "rotterdam"),
    "other tenant employee": lambda client: login_employee(client, "rotterdam", "caseworker"),
}


@pytest.mark.parametrize("who", list(STRANGERS))
async def test_strangers_get_404(app, client, who):
    draft, key = await ready_draft(client, "amsterdam")
    document = DOCUMENT.search((await client.get(f"{draft}/documents", expect=200)).text).group(0)
    visitors = Visitors(client)
    await STRANGERS[who](visitors.as_("stranger"))

    # While it is a draft: every page of it that the owner reaches, the stranger does not find.
    for path in (draft, f"{draft}/check", f"{draft}/documents", f"{draft}/section/about_you", document):
        await visitors.as_("owner").get(path, expect=200)
        await visitors.as_("stranger").get(path, expect=404)
    # Nor can the stranger send it; the owner still can, straight after.
    await post(visitors.as_("stranger"), f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=404)
    await post(visitors.as_("owner"), f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"},
               expect=303, redirect_to=f"{draft}/confirmation")

    # Once it is sent: the confirmation, and the document that now belongs to the case.
    for path in (f"{draft}/confirmation", document):
        await visitors.as_("owner").get(path, expect=200)
        await visitors.as_("stranger").get(path, expect=404)


async def test_an_employee_of_the_tenant_may_download(app, client, database):
    draft, _key = await ready_draft(client, "utrecht")
    document = DOCUMENT.search((await client.get(f"{draft}/documents", expect=200)).text).group(0)
    visitors = Visitors(client)
    colleague = visitors.as_("colleague")
    await login_employee(colleague, "utrecht", "caseworker")
    response = await colleague.get(document, expect=200)
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-type"].startswith("application/pdf")
    # The look is audited, as on the back office's own document pages.
    async with database.session("utrecht") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "document.viewed"))).all()
    assert [(e.actor_kind, e.actor_roles, e.detail["document_id"]) for e in entries] == [
        ("employee", ["caseworker"], document.rsplit("/", 1)[1])]


async def test_anonymous_visitors_are_sent_to_log_in(app, client):
    draft, _key = await ready_draft(client, "den-haag")
    anonymous = Visitors(client).as_("anonymous")
    await anonymous.get(draft, expect=303,
                        redirect_to=f"/den-haag/login?next={quote(draft, safe='')}")
