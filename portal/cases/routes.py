"""The citizen's case pages: follow a case, answer a request, write, read the decision,
download the letter, object. Thin handlers: the work is in the case services.

`CaseController` holds every route of one case; its `case` dependency finds the case
through `citizen_case` (this citizen, this tenant): any other case is a 404, whether it
exists or not.
"""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.models import Citizen
from portal.cases import actions, objections, page
from portal.cases.models import Case, CaseLetter
from portal.cases.events import CaseActionRefused
from portal.cases.views import citizen_case, citizen_cases
from portal.documents.service import DocumentRefused, store_upload
from portal.documents.store import DocumentStore
from portal.i18n import N_, gettext
from portal.tenancy import Tenant

MAX_FILES = 5
UPLOAD_BODY_LIMIT = 60 * 1024 * 1024  # five files of at most 10 MB, with room for the form


async def _case_or_404(db: AsyncSession, citizen: Citizen, case_id: uuid.UUID):
    case = await citizen_case(db, citizen, case_id)
    if case is None:
        raise NotFoundException()
    return case


async def _refused(render, request: Request, db: AsyncSession, tenant: Tenant, citizen: Citizen,
                   case_id: uuid.UUID, errors: dict, values: dict) -> Template:
    """Undo this request's writes (also the rows of files stored) and show the form again."""
    await db.rollback()
    # A rollback expires what the session loaded: load it again before rendering.
    await db.refresh(citizen)
    case = await _case_or_404(db, citizen, case_id)
    return await render(request, db, tenant, citizen, case, errors=errors, values=values, status_code=400)


def _case_path(tenant: Tenant, case) -> str:
    return f"{tenant.base_path}/zaken/{case.id}"


async def _uploads(request: Request, db: AsyncSession, store: DocumentStore, citizen: Citizen, case, doc_type: str):
    """Store the chosen files; returns (document ids, the translated problem or None).
    Files stored here go with the unit of work: a refusal later rolls them back."""
    form = await request.form()
    # A form without a `files` part (url-encoded, or no file chosen) just has no files.
    files = [f for f in form.getall("files", []) if isinstance(f, UploadFile) and f.filename]
    if len(files) > MAX_FILES:
        return [], gettext(N_("Add at most 5 files at a time."))
    ids = []
    for upload in files:
        try:
            document = await store_upload(db, store, tenant_id=case.tenant_id, citizen_id=citizen.id, doc_type=doc_type,
                                          filename=upload.filename, data=await upload.read(), case_id=case.id)
        except DocumentRefused as refused:
            return [], refused.text()
        ids.append(document.id)
    return ids, None


async def provide_case(
    db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen], case_id: FromPath[uuid.UUID],
) -> Case:
    # Through `citizen`: that dependency is resolved first (anonymous visitors go to the
    # login before anyone learns whether a case exists), and the two never use the one
    # database session at the same time.
    return await _case_or_404(db, citizen, case_id)


class CaseController(Controller):
    """One case of the logged-in citizen: every route finds it through `case` (404 for any other)."""

    path = "/{tenant_slug:str}/zaken/{case_id:uuid}"
    dependencies = {"case": Provide(provide_case)}

    @get("/", name="cases:case")
    async def case_page(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen],
        case: NamedDependency[Case], request: Request,
    ) -> Template:
        return await page.render_case(request, db, tenant, citizen, case, notice=request.query_params.get("sent"))

    @post("/antwoord", name="cases:answer", request_max_body_size=UPLOAD_BODY_LIMIT)
    async def answer(
        self, case_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        citizen: NamedDependency[Citizen], case: NamedDependency[Case], document_store: NamedDependency[DocumentStore],
        request: Request,
    ) -> Response:
        form = await request.form()
        values = {"text": form.get("text", ""), "request_id": form.get("request_id", "")}
        document_ids, problem = await _uploads(request, db, document_store, citizen, case, "answer")
        if problem:
            return await _refused(page.render_case, request, db, tenant, citizen, case_id, {"files": problem}, values)
        try:
            await actions.answer_request(db, case, citizen, request_id=values["request_id"], text=values["text"],
                                         document_ids=document_ids)
        except CaseActionRefused as refused:
            errors = {refused.field or "text": refused.message}
            return await _refused(page.render_case, request, db, tenant, citizen, case_id, errors, values)
        await db.commit()
        return Redirect(f"{_case_path(tenant, case)}?sent=answer#notice", status_code=303)

    @post("/bericht", name="cases:message")
    async def message(
        self, case_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        citizen: NamedDependency[Citizen], case: NamedDependency[Case], request: Request,
    ) -> Response:
        form = await request.form()
        text = form.get("message", "")
        try:
            await actions.send_message(db, case, citizen, text)
        except CaseActionRefused as refused:
            return await _refused(page.render_messages, request, db, tenant, citizen, case_id,
                                  {"message": refused.message}, {"message": text})
        await db.commit()
        if request.headers.get("hx-request"):
            # htmx: replace the messages block in place, with a fresh empty form.
            return await page.render_messages(request, db, tenant, citizen, case, notice="message")
        return Redirect(f"{_case_path(tenant, case)}?sent=message#messages", status_code=303)

    @get("/beschikking.pdf", name="cases:letter")
    async def letter(self, db: NamedDependency[AsyncSession], case: NamedDependency[Case]) -> Response:
        row = await db.scalar(select(CaseLetter).where(CaseLetter.case_id == case.id).order_by(CaseLetter.created_at.desc()))
        if row is None:
            raise NotFoundException()
        return Response(row.pdf, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{row.filename}"'})

    @get("/bezwaar", name="cases:objection_form")
    async def objection_form(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], citizen: NamedDependency[Citizen],
        case: NamedDependency[Case], request: Request,
    ) -> Template:
        return await page.render_objection(request, db, tenant, citizen, case)

    @post("/bezwaar", name="cases:objection", request_max_body_size=UPLOAD_BODY_LIMIT)
    async def objection(
        self, case_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        citizen: NamedDependency[Citizen], case: NamedDependency[Case], document_store: NamedDependency[DocumentStore],
        request: Request,
    ) -> Response:
        form = await request.form()
        values = {"reasons": form.get("reasons", "")}
        document_ids, problem = await _uploads(request, db, document_store, citizen, case, "objection")
        if problem:
            return await _refused(page.render_objection, request, db, tenant, citizen, case_id,
                                  {"files": problem}, values)
        try:
            lodged = await objections.lodge_objection(db, case, citizen, reasons=values["reasons"],
                                                      document_ids=document_ids)
        except CaseActionRefused as refused:
            return await _refused(page.render_objection, request, db, tenant, citizen, case_id,
                                  {refused.field or "reasons": refused.message}, values)
        await db.commit()
        return Redirect(f"{_case_path(tenant, lodged)}?sent=objection#notice", status_code=303)


async def dashboard_cases(session: AsyncSession, citizen: Citizen, tenant: Tenant) -> dict:
    states = await citizen_cases(session, citizen)
    return {
        "open_cases": [s for s in states if not s.case.closed],
        "closed_cases": [s for s in states if s.case.closed],
    }


ROUTE_HANDLERS = (CaseController,)
