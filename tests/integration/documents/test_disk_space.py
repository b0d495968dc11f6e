"""Uploads cannot fill the disk: a refused request keeps no file, files without a row are
swept, and each citizen has a storage quota."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.cases import actions
from portal.cases.models import Case
from portal.cases.service import open_case
from portal.documents.models import Document
from portal.documents.service import SWEEP_JOB, store_upload, sweep_orphan_files
from portal.documents.store import store_for
from portal.notifications.models import OutboxMessage
from portal.tenancy.scope import tenant_of
from tests.helpers.auth import login_citizen

BSN = "111222333"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def stored_files(settings) -> list:
    return sorted(path for path in (settings.var_dir / "documents").rglob("*") if path.is_file())


async def a_citizen(session) -> Citizen:
    from portal.auth.login import upsert_citizen

    return await upsert_citizen(session, bsn=BSN, name="Sanne Jansen", first_name="Sanne", login=False)


async def document_rows(database, tenant="amsterdam") -> int:
    async with database.session(tenant) as session:
        return await session.scalar(select(func.count()).select_from(Document))


async def case_with_request(database, *, with_request: bool = True):
    async with database.session("amsterdam") as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == BSN))
        worker = Employee(subject="cw-disk", name="Disk Worker", email="cw@example.org", roles=["caseworker"])
        session.add(worker)
        case = await open_case(session, tenant=tenant_of(session), scheme="bijzondere-bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={"sections": []})
        await session.flush()
        await actions.start_handling(session, case, worker)
        if with_request:
            await actions.request_information(session, case, worker, question="Stuur uw afschriften", documents=["Afschriften"],
                                              answer_by=actions.today() + timedelta(days=14))
        await session.commit()
        return case.id


async def test_an_answer_refused_after_its_files_were_stored_keeps_no_file(client, database, settings):
    await login_citizen(client, "amsterdam", BSN)
    case_id = await case_with_request(database)
    url = f"/amsterdam/zaken/{case_id}"
    page = await client.get(url, expect=200)
    files = [("files", (f"afschrift-{n}.pdf", PDF + b"0" * 1000, "application/pdf")) for n in range(3)]
    await client.post(f"{url}/antwoord", files=files, expect=400,
                      data={"_csrf_token": html.unescape(CSRF.search(page.text).group(1)),
                            "request_id": "00000000-0000-0000-0000-000000000000", "text": "Hierbij"})
    assert await document_rows(database) == 0
    assert stored_files(settings) == []


async def test_an_objection_without_a_decision_keeps_no_file(client, database, settings):
    await login_citizen(client, "amsterdam", BSN)
    case_id = await case_with_request(database, with_request=False)
    url = f"/amsterdam/zaken/{case_id}"
    page = await client.get(url, expect=200)
    await client.post(f"{url}/bezwaar", files=[("files", ("bewijs.pdf", PDF, "application/pdf"))], expect=400,
                      data={"_csrf_token": html.unescape(CSRF.search(page.text).group(1)), "reasons": "Ik ben het oneens"})
    assert await document_rows(database) == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize("path", ["antwoord", "bezwaar"])
async def test_a_url_encoded_post_without_a_files_part_is_a_400_page(client, database, path):
    await login_citizen(client, "amsterdam", BSN)
    case_id = await case_with_request(database, with_request=False)
    url = f"/amsterdam/zaken/{case_id}"
    page = await client.get(url, expect=200)
    refused = await client.post(f"{url}/{path}", data={"_csrf_token": html.unescape(CSRF.search(page.text).group(1)),
                                                       "request_id": "x", "text": "", "reasons": ""}, expect=400)
    assert 'class="error-summary' in refused.text


async def test_a_stored_file_goes_when_its_unit_of_work_rolls_back_and_stays_when_it_commits(database, settings):
    store = store_for(settings)
    async with database.session("amsterdam") as session:
        citizen_id = (await a_citizen(session)).id
        await session.commit()
        await store_upload(session, store, tenant_id="amsterdam", citizen_id=citizen_id, doc_type="x", filename="a.pdf", data=PDF)
        assert len(stored_files(settings)) == 1  # written, but not yet kept
        await session.rollback()
        assert stored_files(settings) == []
        kept = await store_upload(session, store, tenant_id="amsterdam", citizen_id=citizen_id, doc_type="x", filename="b.pdf", data=PDF)
        await session.commit()
    async with database.session("amsterdam") as session:
        # A session closed without commit (a request that failed) counts as a rollback.
        await store_upload(session, store, tenant_id="amsterdam", citizen_id=citizen_id, doc_type="x", filename="c.pdf", data=PDF)
    assert [path.name for path in stored_files(settings)] == [str(kept.id)]


async def test_the_sweep_removes_files_without_a_row_once_they_are_an_hour_old(database, settings):
    store = store_for(settings)
    async with database.session("amsterdam") as session:
        citizen = await a_citizen(session)
        kept = await store_upload(session, store, tenant_id="amsterdam", citizen_id=citizen.id, doc_type="x", filename="k.pdf", data=PDF)
        await session.commit()
    orphan = "amsterdam/0b3e1c52-6a49-4a8e-9d43-0d3f8f0b1d11"
    await store.put(orphan, PDF)  # as a crash between writing the file and committing leaves it
    async with database.session("amsterdam") as session:
        assert await sweep_orphan_files(session, store, "amsterdam") == 0  # younger than an hour: may be an upload under way
        with clock.moment(clock.now() + timedelta(minutes=61)):
            assert await sweep_orphan_files(session, store, "amsterdam") == 1
    assert [path.name for path in stored_files(settings)] == [str(kept.id)]


async def test_the_hourly_outbox_job_sweeps_and_queues_itself_again(database, settings):
    from portal.domains import registry
    from portal.notifications.worker import run_once

    store = store_for(settings)
    async with database.session("amsterdam") as session:
        citizen = await a_citizen(session)
        await store_upload(session, store, tenant_id="amsterdam", citizen_id=citizen.id, doc_type="x", filename="k.pdf", data=PDF)
        await session.commit()
        job = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == SWEEP_JOB))
        assert job.next_attempt_at > clock.now() + timedelta(minutes=59)
    await store.put("amsterdam/0b3e1c52-6a49-4a8e-9d43-0d3f8f0b1d11", PDF)
    with clock.moment(clock.now() + timedelta(minutes=61)):
        await run_once(settings, database, {"amsterdam": database.tenants["amsterdam"]}, registry().outbox_handlers)
    assert len(stored_files(settings)) == 1
    async with database.session("amsterdam") as session:
        jobs = (await session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == SWEEP_JOB)
                                      .order_by(OutboxMessage.next_attempt_at))).all()
    assert jobs == [OutboxMessage.SENT, OutboxMessage.PENDING]


def test_portal_documents_sweep_removes_them_now(settings):
    import asyncio

    from portal.cli import main
    from portal.domains import command_context

    asyncio.run(store_for(settings).put("amsterdam/0b3e1c52-6a49-4a8e-9d43-0d3f8f0b1d11", PDF))
    result = CliRunner().invoke(main, ["documents", "sweep", "--minutes", "0"], obj=command_context(settings))
    assert result.exit_code == 0, result.output
    assert "amsterdam: 1 file(s) removed" in result.output
    assert stored_files(settings) == []


@pytest.fixture
def quota_app(app_database_url, tmp_path):
    """The portal with Amsterdam's quota at 1 MB per citizen (tenants/amsterdam/documents.toml)."""
    import shutil

    from portal.app import create_app
    from portal.settings import PROJECT_ROOT
    from tests.conftest import make_settings

    folder = tmp_path / "tenants"
    shutil.copytree(PROJECT_ROOT / "tenants", folder)
    (folder / "amsterdam" / "documents.toml").write_text("quota_mb = 1\n")
    return create_app(make_settings(app_database_url, tmp_path / "var", tenants_dir=folder))


async def test_a_citizen_past_the_storage_quota_gets_a_clear_message(quota_app):
    from tests.helpers.client import checked_client
    from tests.integration.applications.flow import post, start

    async with checked_client(quota_app) as client:
        await login_citizen(client, "amsterdam", BSN)
        draft = await start(client, "amsterdam")
        big = PDF + b"0" * (600 * 1024)
        await post(client, f"{draft}/documents", {"doc_type": "identity"}, files={"file": ("id.pdf", big, "application/pdf")},
                   expect=303, redirect_to=f"{draft}/documents")
        refused = await post(client, f"{draft}/documents", {"doc_type": "identity"},
                             files={"file": ("id2.pdf", big, "application/pdf")}, expect=400)
        assert "Uw documenten samen mogen maximaal 1 MB innemen" in refused.text
        # A small one still fits.
        await post(client, f"{draft}/documents", {"doc_type": "identity"}, files={"file": ("id3.pdf", PDF, "application/pdf")},
                   expect=303, redirect_to=f"{draft}/documents")
    assert len(stored_files(quota_app.state.settings)) == 2


def test_the_quota_is_200_mb_unless_the_tenant_says_otherwise(tenants):
    from portal.documents.config import DocumentsConfig, check_documents, documents_config

    assert documents_config(tenants["amsterdam"]).quota_mb == 200
    assert check_documents(DocumentsConfig(quota_mb=0), tenants["amsterdam"]) == [
        ("quota_mb", "must be between 1 and 100000 (megabytes per citizen)")]
