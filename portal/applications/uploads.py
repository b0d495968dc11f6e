"""The documents page of a draft: upload per required type, remove, list."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.applications import service
from portal.applications.lookup import own_draft
from portal.auth.models import Citizen
from portal.documents.models import Document
from portal.documents.service import MAX_BYTES, NO_FILE, DocumentRefused, delete_document, documents_for_application, store_upload
from portal.documents.store import DocumentStore
from portal.tenancy import Tenant

# Room for a file just over the limit plus the form fields, so a too-large file gets
# a clear message on the page instead of a bare 413.
BODY_LIMIT = MAX_BYTES + 2 * 1024 * 1024


async def _page(db, tenant, application, form, errors=None, status_code=200) -> Template:
    documents = await documents_for_application(db, application.id)
    required = service.required_documents(form, application.answers)
    by_type = {doc_type: [d for d in documents if d.doc_type == doc_type] for doc_type, _ in required}
    return Template("applications/documents.html", status_code=status_code, context={
        "tenant": tenant, "application": application, "required": required, "by_type": by_type,
        "errors": errors or {}, "base": service.draft_path(application, tenant),
        "complete": service.documents_complete(form, application, documents), "count": len(documents),
    })


class DraftDocumentsController(Controller):
    """The documents page of one open draft of the logged-in citizen."""

    path = "/{tenant_slug:str}/apply/drafts/{draft_id:uuid}/documents"

    @get("/", name="applications:documents")
    async def documents_page(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession],
    ) -> Template:
        application, form = await own_draft(db, tenant, draft_id, citizen)
        return await _page(db, tenant, application, form)

    @post("/", name="applications:upload", request_max_body_size=BODY_LIMIT)
    async def upload(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession], document_store: NamedDependency[DocumentStore], request: Request,
    ) -> Response:
        application, form = await own_draft(db, tenant, draft_id, citizen)
        data = await request.form()
        doc_type = str(data.get("doc_type", ""))
        if doc_type not in dict(service.required_documents(form, application.answers)):
            raise NotFoundException()
        file = data.get("file")
        content = await file.read() if file is not None and not isinstance(file, str) else b""
        try:
            if file is None or isinstance(file, str) or not file.filename:
                raise DocumentRefused(NO_FILE)
            await store_upload(db, document_store, tenant_id=tenant.slug, citizen_id=citizen.id, doc_type=doc_type,
                               filename=file.filename, data=content, application_id=application.id)
        except DocumentRefused as refused:
            # Refused before anything was stored or added to the session: nothing to roll back.
            return await _page(db, tenant, application, form, errors={f"file-{doc_type}": refused.text()}, status_code=400)
        application.updated_at = clock.now()
        await db.commit()
        return Redirect(f"{service.draft_path(application, tenant)}/documents", status_code=303)

    @post("/{document_id:uuid}/delete", name="applications:remove_document")
    async def remove(
        self, draft_id: FromPath[uuid.UUID], document_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
        citizen: NamedDependency[Citizen], db: NamedDependency[AsyncSession], document_store: NamedDependency[DocumentStore],
    ) -> Redirect:
        application, _form = await own_draft(db, tenant, draft_id, citizen)
        document = await db.get(Document, document_id)
        if document is None or document.application_id != application.id:
            raise NotFoundException()
        await delete_document(db, document_store, document)
        return Redirect(f"{service.draft_path(application, tenant)}/documents", status_code=303)


ROUTE_HANDLERS = (DraftDocumentsController,)
