"""Removing a document from a draft: the row and the stored file go, the draft is no longer
ready to send; nobody else can remove it, and once the application is sent nobody can."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from portal.documents.models import Document
from tests.helpers.auth import login_citizen
from tests.integration.applications.flow import post, ready_draft, start

SEND = {"declaration": "yes"}


async def _documents(database, slug: str) -> dict[str, Document]:
    async with database.session(slug) as session:
        return {d.doc_type: d for d in (await session.scalars(select(Document))).all()}


def _stored_file(settings, document: Document) -> Path:
    return Path(settings.var_dir) / "documents" / document.storage_key


async def test_a_citizen_removes_a_document_from_a_draft(client, database, settings):
    draft, _key = await ready_draft(client, "amsterdam")
    before = await _documents(database, "amsterdam")
    removed = before["bank_statements"]
    assert _stored_file(settings, removed).read_bytes().startswith(b"%PDF-")
    page = await client.get(f"{draft}/documents", expect=200)
    remove = f"{draft}/documents/{removed.id}/delete"
    assert f'action="{remove}"' in page.text  # the page offers it

    await post(client, remove, expect=303, redirect_to=f"{draft}/documents")

    after = await _documents(database, "amsterdam")
    assert sorted(after) == ["identity", "partner_identity"]  # only that one went
    assert not _stored_file(settings, removed).exists()  # its bytes too
    assert all(_stored_file(settings, d).exists() for d in after.values())
    assert f"/amsterdam/documents/{removed.id}" not in (await client.get(f"{draft}/documents", expect=200)).text
    await client.get(f"/amsterdam/documents/{removed.id}", expect=404)
    # A required document is missing again: the draft cannot go to its check page.
    await client.get(f"{draft}/check", expect=303, redirect_to=draft)


async def test_nobody_else_removes_it_and_nobody_once_it_is_sent(client, database, settings):
    draft, key = await ready_draft(client, "amsterdam")
    document = (await _documents(database, "amsterdam"))["identity"]
    remove = f"{draft}/documents/{document.id}/delete"
    owner = dict(client.cookies)

    # Another citizen of the city, with the owner's draft and document ids.
    client.cookies.clear()
    await login_citizen(client, "amsterdam", "111238171")
    await post(client, remove, expect=404)
    # Nor through a draft of their own: the document is not that draft's.
    own_draft = await start(client, "amsterdam")
    await post(client, f"{own_draft}/documents/{document.id}/delete", expect=404)

    client.cookies.clear()
    client.cookies.update(owner)
    await post(client, f"{draft}/submit", {**SEND, "idempotency_key": key}, expect=303,
               redirect_to=f"{draft}/confirmation")
    # Sent: the document belongs to the case now, and the draft's pages are gone.
    await post(client, remove, expect=404)

    still = (await _documents(database, "amsterdam"))["identity"]
    assert still.id == document.id and _stored_file(settings, still).exists()
