"""Downloading a document: only the citizen who owns it and the tenant's employees."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.guards import LoginRequired, login_url
from portal.auth.session import current_user, session_user_elsewhere
from portal.documents.models import Document
from portal.documents.store import DocumentStore, provide_document_store
from portal.tenancy import Tenant


def may_see(user: dict | None, document: Document) -> bool:
    if user is None:
        return False
    if user.get("kind") == "employee":
        return True  # the session's user is of this tenant, and the row is too
    return user.get("kind") == "citizen" and user.get("id") == str(document.citizen_id)


async def _record_employee_view(db: AsyncSession, user: dict, document: Document) -> None:
    """Every look at a citizen's document by an employee is audited, whichever page
    the link came from (the citizen may ask who saw their data)."""
    from portal.audit.service import record
    from portal.auth.models import Employee

    employee = await db.get(Employee, uuid.UUID(user["id"]))
    if employee is None:
        raise NotFoundException()
    await record(db, actor=employee, action="document.viewed", case_id=document.case_id, subject=document.filename,
                 detail={"document_id": str(document.id), "download": True})
    await db.commit()


class DocumentController(Controller):
    path = "/{tenant_slug:str}/documents"

    @get("/{document_id:uuid}", name="documents:download")
    async def download(
        self, document_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant],
        db: NamedDependency[AsyncSession], document_store: NamedDependency[DocumentStore], request: Request,
    ) -> Response:
        user = current_user(request)
        if user is None and session_user_elsewhere(request) is None:
            raise LoginRequired(login_url(tenant, "citizen", request.url.path))
        document = await db.get(Document, document_id)
        if document is None or not may_see(user, document):
            raise NotFoundException()
        content = await document_store.get(document.storage_key)
        if user["kind"] == "employee":
            await _record_employee_view(db, user, document)
        return Response(
            content,
            media_type=document.content_type,
            headers={
                # Always a download: a PDF or image never renders inside the portal's origin.
                "content-disposition": f'attachment; filename="{document.filename}"',
                "x-content-type-options": "nosniff",
            },
        )


ROUTE_HANDLERS = (DocumentController,)
DEPENDENCIES = {"document_store": Provide(provide_document_store)}
