"""Several hosts on one database: with DOCUMENT_STORE=database an upload made on one host
is read on another (each host has its own var/ folder, as separate machines have)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import select

from portal.app import create_app
from portal.documents.models import Document, DocumentBlob
from portal.documents.service import sweep_orphan_files
from portal.documents.store import DatabaseStore, store_for
from tests.helpers.auth import demo_people_of, login_citizen, login_employee
from tests.helpers.client import checked_client
from tests.integration.applications.flow import PDF, post, start


async def test_an_upload_on_one_host_is_read_on_another(settings, database, tmp_path):
    host_a = create_app(settings.with_overrides(document_store="database", var_dir=tmp_path / "host-a"))
    host_b = create_app(settings.with_overrides(document_store="database", var_dir=tmp_path / "host-b"))
    async with checked_client(host_a) as on_a:
        await login_citizen(on_a, "amsterdam")
        draft = await start(on_a, "amsterdam")
        await post(on_a, f"{draft}/documents", {"doc_type": "identity"}, expect=303, redirect_to=f"{draft}/documents",
                   files={"file": ("paspoort.pdf", PDF, "application/pdf")})
    async with database.session("amsterdam") as session:
        document = await session.scalar(select(Document))
    assert [p for p in (tmp_path / "host-a").rglob("documents/**/*") if p.is_file()] == []  # nothing on host A's disk

    async with checked_client(host_b) as on_b:
        await login_citizen(on_b, "amsterdam")
        download = await on_b.get(f"/amsterdam/documents/{document.id}", expect=200)
    assert download.content == PDF
    assert download.headers["content-disposition"] == 'attachment; filename="paspoort.pdf"'

    # Whoever else asks host B gets nothing: another citizen of the city, a citizen and an
    # employee of another city.
    other = demo_people_of("amsterdam").citizens[1]
    for visit in ("other citizen", "rotterdam citizen", "utrecht employee"):
        async with checked_client(host_b) as stranger:
            if visit == "other citizen":
                await login_citizen(stranger, "amsterdam", other.bsn)
            elif visit == "rotterdam citizen":
                await login_citizen(stranger, "rotterdam")
            else:
                await login_employee(stranger, "utrecht")
            await stranger.get(f"/amsterdam/documents/{document.id}", expect=404)


async def test_the_database_store_keeps_tenants_apart_and_is_swept(database, tenants, settings):
    store = store_for(settings.with_overrides(document_store="database"), database.engine)
    assert isinstance(store, DatabaseStore)
    kept, orphan, theirs = (f"amsterdam/{uuid.uuid4()}", f"amsterdam/{uuid.uuid4()}", f"utrecht/{uuid.uuid4()}")
    for key in (kept, orphan, theirs):
        await store.put(key, PDF + key.encode())
    assert await store.get(theirs) == PDF + theirs.encode()
    assert sorted(key for key, _ in await store.stored("amsterdam")) == sorted([kept, orphan])
    async with database.session("amsterdam") as session:
        citizen_id = await _citizen(session)
        session.add(Document(citizen_id=citizen_id, doc_type="identity", filename="a.pdf", content_type="application/pdf",
                             size=len(PDF), sha256="0" * 64, storage_key=kept))
        await session.commit()
        assert await sweep_orphan_files(session, store, "amsterdam", older_than=timedelta(0)) == 1
    assert [key for key, _ in await store.stored("amsterdam")] == [kept]
    assert [key for key, _ in await store.stored("utrecht")] == [theirs]  # another tenant's bytes untouched

    # A unit of work that ends without commit discards its bytes (from a session event).
    store.discard(theirs)
    await asyncio.sleep(0.2)
    async with database.session("utrecht") as session:
        assert await session.scalar(select(DocumentBlob.key)) is None


async def _citizen(session) -> uuid.UUID:
    from portal.auth.models import Citizen

    citizen = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email=None)
    session.add(citizen)
    await session.flush()
    return citizen.id
