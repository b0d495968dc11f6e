"""Upload refusals over HTTP: the reason shows next to the field; nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.documents.models import Document
from tests.helpers.auth import login_citizen
from tests.integration.applications.flow import post, start


@pytest.mark.parametrize("name, data, message", [
    ("program.pdf", b"MZ\x90\x00" + b"\x00" * 2000, "Het bestand is geen PDF, JPG of PNG."),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "Het bestand is groter dan 10 MB."),
    ("empty.pdf", b"", "Het bestand is leeg."),
])
async def test_refused_uploads(client, database, settings, name, data, message):
    await login_citizen(client, "amsterdam")
    draft = await start(client, "amsterdam")
    response = await post(client, f"{draft}/documents", {"doc_type": "identity"},
                          files={"file": (name, data, "application/pdf")}, expect=400)
    assert message in response.text and 'href="#field-file-identity"' in response.text
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(func.count()).select_from(Document)) == 0
    stored = settings.var_dir / "documents"
    assert [path for path in stored.rglob("*") if path.is_file()] == []  # no file, not even a part of one
