"""Citizen pages: my benefit, the monthly income declaration, a payment's specification."""

from __future__ import annotations

import secrets
import uuid

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.models import Citizen
from portal.benefits import service
from portal.benefits.config import due_date, payment_date
from portal.benefits.models import Payment
from portal.benefits.payments import HOLD_REASONS
from portal.documents.service import DocumentRefused, store_upload
from portal.documents.store import DocumentStore
from portal.i18n import N_, gettext
from portal.tenancy import Tenant

UPLOAD_BODY_LIMIT = 25 * 1024 * 1024
PAYSLIP = N_("Add the payslip of this month.")


def _engine(request: Request):
    return getattr(request.app.state, "rules_engine", None)


async def _benefit(db, citizen):
    benefit = await service.benefit_of(db, citizen.id)
    if benefit is None:
        raise NotFoundException()
    return benefit


async def _declaration_page(request, db, tenant, citizen, benefit, *, values=None, errors=None, preview=None,
                            status_code=200) -> Template:
    month = service.declarable_month(clock.today())
    key = (values or {}).get("key") or secrets.token_urlsafe(24)
    return Template("benefits/declare.html", context={
        "tenant": tenant, "benefit": benefit, "month": month, "due": due_date(tenant, month),
        "late": service.is_late(tenant, month, clock.today()), "people": service.people_of(benefit),
        "values": values or {}, "errors": {k: gettext(v) for k, v in (errors or {}).items()}, "preview": preview,
        "key": key, "payday": payment_date(tenant, month),
    }, status_code=status_code)


def _change_page(tenant, benefit, values, *, errors=None, effect=None, status_code=200) -> Template:
    from portal.benefits.changes import KINDS

    values = {"key": secrets.token_urlsafe(24)} | {k: v for k, v in values.items() if v or k != "key"}
    return Template("benefits/change.html", context={
        "tenant": tenant, "benefit": benefit, "values": values, "kinds": KINDS, "effect": effect,
        "errors": {k: gettext(v) for k, v in (errors or {}).items()}}, status_code=status_code)


class BenefitController(Controller):
    path = "/{tenant_slug:str}/uitkering"

    @get("/", name="benefits:mine")
    async def mine(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                   citizen: NamedDependency[Citizen]) -> Template:
        benefit = await _benefit(db, citizen)
        overview = await service.overview(db, benefit, engine=_engine(request))
        payments = await service.payments_of(db, benefit)
        years = sorted({p.paid_on.year for p in payments if p.paid_on and p.paid_on.year < clock.today().year}, reverse=True)
        return Template("benefits/mine.html", context={
            "tenant": tenant, "o": overview, "payments": payments, "hold_reasons": HOLD_REASONS, "years": years,
            "sent": request.query_params.get("sent"),
        })

    @get("/opgave", name="benefits:declare")
    async def declare_form(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                           citizen: NamedDependency[Citizen]) -> Template:
        benefit = await _benefit(db, citizen)
        return await _declaration_page(request, db, tenant, citizen, benefit)

    @post("/opgave", name="benefits:declare-send", request_max_body_size=UPLOAD_BODY_LIMIT)
    async def declare_send(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                           citizen: NamedDependency[Citizen], document_store: NamedDependency[DocumentStore]) -> Response:
        benefit = await _benefit(db, citizen)
        citizen_id = citizen.id
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        month = service.declarable_month(clock.today())
        lines, errors = service.read_lines(benefit, values)
        uploads = {}
        for line in lines:
            if line["kind"] == "work":
                upload = form.get(f"payslip-{line['person']}")
                data = await upload.read() if upload is not None and hasattr(upload, "read") else b""
                if not data:
                    errors[f"payslip-{line['person']}"] = PAYSLIP
                else:
                    uploads[line["person"]] = (upload.filename or "loonstrook.pdf", data)
        if errors:
            return await _declaration_page(request, db, tenant, citizen, benefit, values=values, errors=errors, status_code=400)
        amount = await service.expected(db, benefit, month, lines, engine=_engine(request))
        if values.get("action") != "send":
            return await _declaration_page(request, db, tenant, citizen, benefit, values=values, preview=amount)
        key = (values.get("key") or "")[:64] or secrets.token_urlsafe(24)
        same = await db.scalar(select(service.Declaration).where(service.Declaration.idempotency_key == key))
        if same is None:
            try:
                for line in lines:
                    if line["person"] in uploads:
                        name, data = uploads[line["person"]]
                        document = await store_upload(db, document_store, tenant_id=benefit.tenant_id, citizen_id=citizen.id,
                                                      doc_type="payslip", filename=name, data=data, case_id=benefit.case_id)
                        line["document_id"] = str(document.id)
            except DocumentRefused as refused:  # refused before anything was stored
                errors = {f"payslip-{line['person']}": refused.reason}
                return await _declaration_page(request, db, tenant, citizen, benefit, values=values, errors=errors,
                                               status_code=400)
            try:
                await service.declare(db, benefit, month, lines, key)
            except service.DeclarationRefused as refused:
                benefit = await service.benefit_of(db, citizen_id)
                return await _declaration_page(request, db, tenant, citizen, benefit, values=values,
                                               errors=refused.errors, status_code=400)
        return Redirect(f"{tenant.base_path}/uitkering?sent={month:%Y-%m}", status_code=303)

    @get("/betalingen/{payment_id:uuid}", name="benefits:payment")
    async def payment(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                      citizen: NamedDependency[Citizen], payment_id: FromPath[uuid.UUID]) -> Template:
        benefit = await _benefit(db, citizen)
        payment = await db.get(Payment, payment_id)
        if payment is None or payment.benefit_id != benefit.id:
            raise NotFoundException()
        return Template("benefits/payment.html", context={
            "tenant": tenant, "benefit": benefit, "payment": payment, "figs": payment.figures, "hold_reasons": HOLD_REASONS})


    @get("/betalingen/{payment_id:uuid}/specificatie.pdf", name="benefits:payment-pdf")
    async def payment_pdf(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          citizen: NamedDependency[Citizen], payment_id: FromPath[uuid.UUID]) -> Response:
        from portal.benefits.pdf import specification_pdf

        benefit = await _benefit(db, citizen)
        payment = await db.get(Payment, payment_id)
        if payment is None or payment.benefit_id != benefit.id or payment.status != Payment.PAID:
            raise NotFoundException()
        pdf = await specification_pdf(request.app.state.settings.templates_dir, tenant, benefit, payment,
                                      request.state.locale)
        return Response(pdf, media_type="application/pdf", headers={
            "content-disposition": f'attachment; filename="specificatie-{payment.month:%Y-%m}-{benefit.reference}.pdf"'})


    @get("/wijziging", name="benefits:change")
    async def change_form(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          citizen: NamedDependency[Citizen]) -> Template:
        benefit = await _benefit(db, citizen)
        return _change_page(tenant, benefit, {"key": secrets.token_urlsafe(24)})

    @post("/wijziging", name="benefits:change-send")
    async def change_send(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          citizen: NamedDependency[Citizen]) -> Response:
        from portal.benefits import changes

        benefit = await _benefit(db, citizen)
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            happened_on, data = changes.validate(values.get("kind", ""), values.get("happened_on", ""),
                                                 values.get("birth_date", ""), clock.today())
        except changes.ChangeRefused as refused:
            return _change_page(tenant, benefit, values, errors=refused.errors, status_code=400)
        months = await changes.effect(db, benefit, values["kind"], happened_on, data, engine=_engine(request))
        if values.get("action") != "send":
            return _change_page(tenant, benefit, values, effect=months)
        await changes.report(db, benefit, values["kind"], happened_on, data, (values.get("key") or "")[:64] or secrets.token_urlsafe(24))
        return Redirect(f"{tenant.base_path}/uitkering?sent=change", status_code=303)

    @get("/jaaropgave/{year:int}", name="benefits:year")
    async def year_statement(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                             citizen: NamedDependency[Citizen], year: FromPath[int]) -> Template:
        benefit = await _benefit(db, citizen)
        if not 2000 <= year < clock.today().year:  # a year statement is made after the year (in January)
            raise NotFoundException()
        statement = await service.year_statement(db, benefit, year)
        if not statement["months"]:
            raise NotFoundException()
        return Template("benefits/year.html", context={"tenant": tenant, "benefit": benefit, "s": statement, "year": year})


async def dashboard_section(session, citizen, tenant) -> dict:
    benefit = await service.benefit_of(session, citizen.id)
    if benefit is None:
        return {"benefit": None}
    return {"benefit": benefit, "o": await service.overview(session, benefit)}


ROUTE_HANDLERS = (BenefitController,)
