"""Applying: start, task list, one page per section, documents, check, submit.

Thin handlers: the rules live in service.py, submit.py and portal.documents.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.applications import prefill, service
from portal.applications import submit as submitting
from portal.applications import uploads
from portal.applications.forms import FormDef, section_title
from portal.applications.lookup import form_or_404, own_application, own_draft
from portal.applications.models import Application
from portal.auth.models import Citizen
from portal.documents.service import documents_for_application
from portal.i18n import gettext as _
from portal.tenancy import Tenant

log = logging.getLogger(__name__)


def _today() -> date:
    # Amsterdam's date, not the machine's: "today or in the past" follows it.
    return clock.today()


async def _visible_section(db: AsyncSession, tenant: Tenant, draft_id: uuid.UUID, section_id: str,
                           citizen: Citizen) -> tuple[Application, FormDef, Any]:
    """An open draft's section the answers so far make relevant, else 404."""
    application, form = await own_draft(db, tenant, draft_id, citizen)
    section = service.section_by_id(form, section_id)
    if section is None or section not in service.visible_sections(form, application.answers):
        raise NotFoundException()
    return application, form, section


def _section_context(tenant, application, form, section, values, errors, request) -> dict[str, Any]:
    merged = {**application.answers, **values}
    return {
        "tenant": tenant, "application": application, "section": section,
        "title": section_title(section),
        "groups": service.section_groups(form, section, merged),
        "values": values, "errors": errors,
        "return_to_check": request.query_params.get("return") == "check",
        "base": service.draft_path(application, tenant),
    }


def _stored_values(application: Application, form: FormDef, section, locale: str) -> dict[str, str]:
    return {q.key: service.input_value(q, application.answers.get(q.key, ""), locale)
            for q in service.section_questions(form, section, application.answers)}


def _check_context(tenant, form, application, documents, request, errors) -> dict[str, Any]:
    return {
        "tenant": tenant, "application": application, "errors": errors,
        "sections": service.summary(form, application, tenant, request.state.locale),
        "documents": documents, "base": service.draft_path(application, tenant),
        "required_documents": dict(service.required_documents(form, application.answers)),
    }


def _not_sent(request: Request, exc: Exception) -> Response:
    """The database did not answer at submit: nothing was sent, the draft is as it was."""
    log.error("submit failed, database unreachable: %s", exc)
    return Template("applications/not_sent.html", context={"tenant": request.state.tenant}, status_code=503)


class ApplyController(Controller):
    """Starting an application for a scheme of this tenant."""

    path = "/{tenant_slug:str}/apply"

    @get("/{scheme:str}", name="applications:start")
    async def start(
        self, scheme: FromPath[str], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession], request: Request,
    ) -> Template:
        form = form_or_404(tenant, scheme)
        drafts = [d for d in await service.drafts_of(db, citizen.id) if d.scheme == scheme]
        documents = [label for _, label in service.required_documents(form, {"has_partner": "yes", "income": "1"})]
        return Template("applications/start.html", context={
            "tenant": tenant, "scheme": scheme, "citizen": citizen, "drafts": drafts, "documents": documents,
            "from_check": request.query_params.get("from") == "check",
        })

    @post("/{scheme:str}", name="applications:create")
    async def create(
        self, scheme: FromPath[str], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession], request: Request,
    ) -> Redirect:
        form_or_404(tenant, scheme)
        answers = prefill.known_answers(request, tenant, citizen)
        application = await service.start_draft(db, citizen_id=citizen.id, scheme=scheme, answers=answers)
        return Redirect(service.draft_path(application, tenant), status_code=303)


class DraftController(Controller):
    """One application of the logged-in citizen: its tasks, sections, check, submit and confirmation."""

    path = "/{tenant_slug:str}/apply/drafts/{draft_id:uuid}"

    @get("/", name="applications:tasks")
    async def tasks(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession],
    ) -> Response:
        application, form = await own_application(db, tenant, draft_id, citizen)
        if application.status == Application.SUBMITTED:
            return Redirect(f"{service.draft_path(application, tenant)}/confirmation", status_code=303)
        documents = await documents_for_application(db, application.id)
        return Template("applications/tasks.html", context={
            "tenant": tenant, "application": application, "tasks": service.tasks(form, application, documents, tenant),
        })

    @get("/section/{section_id:str}", name="applications:section")
    async def section_page(
        self, draft_id: FromPath[uuid.UUID], section_id: FromPath[str], tenant: NamedDependency[Tenant],
        citizen: NamedDependency[Citizen], db: NamedDependency[AsyncSession], request: Request,
    ) -> Template:
        application, form, section = await _visible_section(db, tenant, draft_id, section_id, citizen)
        values = _stored_values(application, form, section, request.state.locale)
        return Template("applications/section.html", context=_section_context(tenant, application, form, section, values, {}, request))

    @post("/section/{section_id:str}", name="applications:save")
    async def save_section(
        self, draft_id: FromPath[uuid.UUID], section_id: FromPath[str], tenant: NamedDependency[Tenant],
        citizen: NamedDependency[Citizen], db: NamedDependency[AsyncSession], request: Request,
    ) -> Response:
        application, form, section = await _visible_section(db, tenant, draft_id, section_id, citizen)
        data = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        errors = await service.save_section(db, application, form, section, data, _today())
        if errors:
            values = {k: v for k, v in data.items() if k != "_csrf_token"}
            context = _section_context(tenant, application, form, section, values, errors, request)
            return Template("applications/section.html", context=context, status_code=400)
        base = service.draft_path(application, tenant)
        if request.query_params.get("return") == "check":
            # Answers can make new pages relevant (a partner now): those come first.
            documents = await documents_for_application(db, application.id)
            if service.ready_to_submit(form, application, documents):
                return Redirect(f"{base}/check", status_code=303)
        return Redirect(base, status_code=303)

    @post("/validate/{section_id:str}", name="applications:validate")
    async def validate_field(
        self, draft_id: FromPath[uuid.UUID], section_id: FromPath[str], tenant: NamedDependency[Tenant],
        citizen: NamedDependency[Citizen], db: NamedDependency[AsyncSession], request: Request,
    ) -> Template:
        """htmx: check the one field that lost focus; answer with that field only."""
        application, form = await own_draft(db, tenant, draft_id, citizen)
        section = service.section_by_id(form, section_id)
        name = request.headers.get("hx-trigger-name", "")
        if section is None:
            raise NotFoundException()
        data = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        merged = {**application.answers, **data}
        q = next((q for q in service.section_questions(form, section, merged) if q.key == name), None)
        if q is None:
            raise NotFoundException()
        _, errors = service.validate([q], data, _today())
        return Template("applications/_field.html", context={"q": q, "values": data, "errors": errors, "tenant": tenant,
                                                              "validate_url": request.url.path})

    @get("/check", name="applications:check")
    async def check_page(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession], request: Request,
    ) -> Response:
        application, form = await own_draft(db, tenant, draft_id, citizen)
        documents = await documents_for_application(db, application.id)
        if not service.ready_to_submit(form, application, documents):
            return Redirect(service.draft_path(application, tenant), status_code=303)
        return Template("applications/check.html", context=_check_context(tenant, form, application, documents, request, {}))

    @post("/submit", name="applications:submit", exception_handlers={SQLAlchemyError: _not_sent, OSError: _not_sent})
    async def submit(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession], request: Request,
    ) -> Response:
        form_data = await request.form()
        application, form = await own_application(db, tenant, draft_id, citizen)
        base = service.draft_path(application, tenant)
        if application.status == Application.DRAFT and form_data.get("declaration") != "yes":
            documents = await documents_for_application(db, application.id)
            errors = {"declaration": _("Confirm that you have answered everything truthfully.")}
            return Template("applications/check.html", status_code=400,
                            context=_check_context(tenant, form, application, documents, request, errors))
        applicant = submitting.Applicant(id=citizen.id, name=citizen.name, first_name=citizen.first_name,
                                         email=citizen.email, locale=citizen.locale)
        try:
            await submitting.submit(db, tenant=tenant, form=form, application_id=draft_id, applicant=applicant,
                                    idempotency_key=str(form_data.get("idempotency_key", "")),
                                    public_url=request.app.state.settings.public_url)
        except submitting.NotFound:
            raise NotFoundException() from None
        except submitting.NotReady:
            return Redirect(base, status_code=303)
        return Redirect(f"{base}/confirmation", status_code=303)

    @get("/confirmation", name="applications:confirmation")
    async def confirmation(
        self, draft_id: FromPath[uuid.UUID], tenant: NamedDependency[Tenant], citizen: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession],
    ) -> Template:
        application, form = await own_application(db, tenant, draft_id, citizen)
        if application.status != Application.SUBMITTED:
            raise NotFoundException()
        return Template("applications/confirmation.html", context={
            "tenant": tenant, "application": application, **await submitting.confirmation_facts(db, form, application),
        })


ROUTE_HANDLERS = (ApplyController, DraftController, *uploads.ROUTE_HANDLERS)
