"""Back-office pages: the queue, the case file and its action forms, documents.

Thin handlers: parse, call portal.backoffice / portal.cases services, render. Every
route is for employees of the tenant in the URL (the `employee` dependency gives 404
to citizens and to employees of other tenants); the tenant-scoped session makes a case
of another tenant simply not found.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.audit import record
from portal.auth.guards import requires_role
from portal.auth.models import Employee
from portal.backoffice import casefile, overrides
from portal.backoffice.actions import ACTIONS, allowed, perform
from portal.backoffice.answers import answer_sections
from portal.backoffice.admin_routes import ROUTE_HANDLERS as ADMIN_HANDLERS
from portal.backoffice.labels import ADVICE_LABELS, EVENT_LABELS, OUTCOME_LABELS, STATUS_LABELS, WAIVER_LABELS
from portal.rules.labels import PERIOD_LABELS
from portal.backoffice.queue import queue_summary, urgency
from portal.backoffice.queue_routes import queue_context
from portal.cases.service import Case, CaseActionRefused, may_approve, next_working_day, process_of, zaaktype_of
from portal.i18n import N_, get_locale
from portal.tenancy import Tenant

TEMPLATE_GLOBALS = {
    "tenant_branding": overrides.tenant_branding,
    "tenant_notice": overrides.tenant_notice,
    "case_urgency": urgency,
    # Event data keeps dates as ISO text (JSON); the `date` filter wants a date.
    "iso_date": lambda text: date.fromisoformat(text) if text else None,
    "iso_datetime": lambda text: datetime.fromisoformat(text) if text else None,
    # A senior, or an approver the tenant names in cases.toml.
    "may_approve": may_approve,
}

STAFF = requires_role(*casefile.EMPLOYEE_ROLES)


async def home_section(session: AsyncSession, employee: Employee, tenant: Tenant) -> dict:
    return {"summary": await queue_summary(session, me=employee.id)}


def _wants_fragment(request: Request) -> bool:
    # A history restore (back button, htmx cache off) needs the whole page.
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-history-restore-request")


class QueueController(Controller):
    path = "/{tenant_slug:str}/backoffice/queue"
    guards = [STAFF]

    @get("/", name="backoffice:queue")
    async def queue(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        request: Request,
    ) -> Template:
        context = await queue_context(request, tenant, db, employee)
        template = "backoffice/_queue_results.html" if _wants_fragment(request) else "backoffice/queue.html"
        return Template(template, context=context)


async def _case_or_404(db: AsyncSession, case_id) -> object:
    case = await casefile.find_case(db, case_id)
    if case is None:
        raise NotFoundException()
    return case


async def _render_case(request: Request, tenant: Tenant, db: AsyncSession, employee: Employee, case,
                       *, errors: dict | None = None, values: dict | None = None, form: str | None = None,
                       status_code: int = 200) -> Template:
    data = await casefile.load_case_file(db, case)
    engine = request.app.state.rules_engine
    today = clock.today()
    zaaktype = zaaktype_of(tenant, case)
    context = {
        "tenant": tenant, "employee": employee, "file": data, "case": case,
        "advice": casefile.advice_for(engine, tenant, case),
        "deadline": case.deadline_sort, "urgency": urgency(case),
        "status_labels": STATUS_LABELS,
        "errors": errors or {}, "values": values or {}, "failed_form": form,
        "done": request.query_params.get("done"),
        "reasons": overrides.effective_refusal_reasons(tenant),
        # A term the citizen must meet ends on a working day (Algemene termijnenwet).
        "answer_by_default": next_working_day(today + timedelta(days=overrides.effective_answer_by_days(tenant))).isoformat(),
        "max_extension_weeks": zaaktype.verlenging_weeks,
        "is_handler": casefile.can(employee, *casefile.HANDLER_ROLES),
        "is_senior": employee.has_role("senior"),
        "outcome_labels": OUTCOME_LABELS, "event_labels": EVENT_LABELS, "advice_labels": ADVICE_LABELS,
        "period_labels": PERIOD_LABELS, "answer_sections": answer_sections(case.answers),
        "waiver_labels": WAIVER_LABELS,
    }
    context["reason_texts"] = casefile.reason_texts(context["reasons"], data.events, get_locale())
    return Template("backoffice/case.html", context=context, status_code=status_code)


async def provide_case(
    db: NamedDependency[AsyncSession], employee: NamedDependency[Employee], case_id: FromPath[uuid.UUID],
) -> Case:
    # Depends on `employee` on purpose: Litestar resolves independent dependencies at the
    # same time, and two of them must not use the one database session at once. It also
    # means nobody learns whether a case exists before being known as an employee.
    return await _case_or_404(db, case_id)


def _is_process_case(tenant: Tenant, case: Case) -> bool:
    """A Wmo, debt-help or inburgering case (a process of tenant data) has its own case page."""
    return case.kind == "application" and process_of(tenant, case.scheme) is not None


class CaseFileController(Controller):
    """One case of this tenant: every route finds it through `case` (404 when not found)."""

    path = "/{tenant_slug:str}/backoffice/cases/{case_id:uuid}"
    guards = [STAFF]
    dependencies = {"case": Provide(provide_case)}

    @get("/", name="backoffice:case")
    async def case_page(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        case: NamedDependency[Case], request: Request,
    ) -> Template | Redirect:
        if _is_process_case(tenant, case):
            return Redirect(f"{tenant.base_path}/backoffice/proces/{case.id}", status_code=303)
        await casefile.record_view(db, employee, case)
        return await _render_case(request, tenant, db, employee, case)

    @post("/{action:str}", name="backoffice:action")
    async def case_action(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        case: NamedDependency[Case], request: Request, case_id: FromPath[uuid.UUID], action: FromPath[str],
    ) -> Template | Redirect:
        if action not in ACTIONS:
            raise NotFoundException()
        if _is_process_case(tenant, case):  # its steps are moved on its own page, never by the income actions
            return Redirect(f"{tenant.base_path}/backoffice/proces/{case.id}", status_code=303)
        prefix = action.replace("-", "_")
        raw = {k: v for k, v in (await request.form()).items() if k != "_csrf_token"}
        form = {k[len(prefix) + 1:]: v for k, v in raw.items() if k.startswith(prefix + "_")}
        if not allowed(tenant, employee, action):
            errors = {f"{prefix}_form": CaseActionRefused(N_("You are not allowed to do this.")).message}
            return await _render_case(request, tenant, db, employee, case, errors=errors, values=raw, form=prefix,
                                      status_code=403)
        try:
            await perform(db, case, employee, action, form)
        except CaseActionRefused as refused:
            await db.rollback()  # nothing half-written
            case = await _case_or_404(db, case_id)
            key = f"{prefix}_{refused.field}" if refused.field else f"{prefix}_form"
            return await _render_case(request, tenant, db, employee, case, errors={key: refused.message},
                                      values=raw, form=prefix, status_code=400)
        except LookupError:
            await db.rollback()
            raise NotFoundException() from None
        return Redirect(f"{tenant.base_path}/backoffice/cases/{case.id}?done={action}#result", status_code=303)

    @get("/documents/{document_id:uuid}", name="backoffice:document")
    async def document(
        self, db: NamedDependency[AsyncSession], employee: NamedDependency[Employee], case: NamedDependency[Case],
        request: Request, document_id: FromPath[uuid.UUID],
    ) -> Response:
        from portal.documents.store import provide_document_store

        found = await casefile.find_document(db, case, document_id)
        if found is None:
            raise NotFoundException()
        download = request.query_params.get("download") == "1"
        data = await (await provide_document_store(request)).get(found.storage_key)
        return await _viewed_file(db, employee, case, {"document_id": str(found.id), "download": download},
                                  data, found.content_type, found.filename, download)

    @get("/letters/{letter_id:uuid}", name="backoffice:letter")
    async def letter(
        self, db: NamedDependency[AsyncSession], employee: NamedDependency[Employee], case: NamedDependency[Case],
        request: Request, letter_id: FromPath[uuid.UUID],
    ) -> Response:
        found = await casefile.find_letter(db, case, letter_id)
        if found is None:
            raise NotFoundException()
        return await _viewed_file(db, employee, case, {"letter_id": str(found.id)}, found.pdf, "application/pdf",
                                  found.filename, request.query_params.get("download") == "1")


async def _viewed_file(db: AsyncSession, employee: Employee, case, detail: dict, data: bytes, content_type: str,
                       filename: str, download: bool) -> Response:
    """Log that the employee saw the file (the citizen may ask who did), then send it."""
    await record(db, actor=employee, action="document.viewed", case_id=case.id, subject=filename, detail=detail)
    await db.commit()
    return _file_response(data, content_type, filename, download)


def _file_response(data: bytes, content_type: str, filename: str, download: bool) -> Response:
    # Only PDF, JPG and PNG are stored (checked by content); the strict CSP keeps even a
    # crafted file from running script in the portal's origin.
    disposition = "attachment" if download else "inline"
    return Response(data, media_type=content_type, headers={
        "content-disposition": f'{disposition}; filename="{filename}"',
        "content-security-policy": "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'none'",
        "cache-control": "private, no-store",
    })


ROUTE_HANDLERS = (QueueController, CaseFileController, *ADMIN_HANDLERS)
