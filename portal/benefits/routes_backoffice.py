"""Back office: declarations to check as tasks, the check (correct with a reason, approve),
the payment run. Every look at a declaration is audited."""

from __future__ import annotations

import uuid
from datetime import date

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit.service import record
from portal.auth.guards import check_role, requires_role
from portal.auth.models import Employee
from portal.benefits import service
from portal.benefits.models import Benefit, Declaration
from portal.benefits.payments import run_payments
from portal.i18n import N_, gettext
from portal.tenancy import Tenant

HANDLERS = ("caseworker", "senior", "admin")
RUNNERS = ("senior", "admin")


async def _declaration(db, declaration_id) -> tuple[Declaration, Benefit]:
    declaration = await db.get(Declaration, declaration_id)
    if declaration is None:
        raise NotFoundException()
    return declaration, await db.get(Benefit, declaration.benefit_id)


async def _list_page(request, db, tenant, employee, *, errors=None, values=None, ran=None, status_code=200):
    from portal.benefits.changes import KINDS, open_changes

    return Template("benefits/backoffice/list.html", context={
        "tenant": tenant, "declarations": await service.open_declarations(db), "changes": await open_changes(db),
        "kinds": KINDS,
        "may_run": any(employee.has_role(r) for r in RUNNERS), "errors": {k: gettext(v) for k, v in (errors or {}).items()},
        "values": values or {}, "ran": ran}, status_code=status_code)


async def _check_page(request, db, tenant, employee, declaration, benefit, *, errors=None, values=None, status_code=200):
    await record(db, actor=employee, action="benefit.declaration_viewed", case_id=benefit.case_id,
                 subject=benefit.reference, detail={"declaration_id": str(declaration.id), "month": declaration.month})
    await db.commit()
    amount = await service.expected(db, benefit, declaration.month, declaration.effective_lines,
                                    engine=getattr(request.app.state, "rules_engine", None))
    values = values or {f"amount-{line['person']}": f"{int(line['cents']) / 100:.2f}".replace(".", ",")
                        for line in declaration.effective_lines}
    return Template("benefits/backoffice/declaration.html", context={
        "tenant": tenant, "decl": declaration, "the_benefit": benefit, "amount": amount, "values": values,
        "errors": {k: gettext(v) for k, v in (errors or {}).items()}}, status_code=status_code)


class BenefitsBackofficeController(Controller):
    path = "/{tenant_slug:str}/backoffice/uitkeringen"
    guards = [requires_role(*HANDLERS)]

    @get("/", name="benefits:backoffice")
    async def tasks(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                    employee: NamedDependency[Employee]) -> Template:
        ran = None
        if request.query_params.get("paid") is not None:
            ran = {"paid": request.query_params.get("paid"), "held": request.query_params.get("held")}
        return await _list_page(request, db, tenant, employee, ran=ran)

    @get("/opgaven/{declaration_id:uuid}", name="benefits:declaration")
    async def declaration(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                          employee: NamedDependency[Employee], declaration_id: FromPath[uuid.UUID]) -> Template:
        declaration, benefit = await _declaration(db, declaration_id)
        return await _check_page(request, db, tenant, employee, declaration, benefit)

    @post("/opgaven/{declaration_id:uuid}", name="benefits:approve")
    async def approve(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                      employee: NamedDependency[Employee], declaration_id: FromPath[uuid.UUID]) -> Response:
        declaration, benefit = await _declaration(db, declaration_id)
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        errors: dict[str, str] = {}
        corrected = []
        for line in declaration.lines:
            text = values.get(f"amount-{line['person']}", "").strip()
            if not text or line["kind"] == "none":
                corrected.append(dict(line))
                continue
            cents = service.parse_amount(text, f"amount-{line['person']}", errors)
            corrected.append(dict(line, cents=cents))
        if not errors:
            try:
                await service.approve(db, declaration, employee, corrected=corrected, reason=values.get("reason", ""))
            except service.DeclarationRefused as refused:
                errors = refused.errors
        if errors:  # refused before anything changed
            return await _check_page(request, db, tenant, employee, declaration, benefit, errors=errors, values=values,
                                     status_code=400)
        await record(db, actor=employee, action="benefit.declaration_approved", case_id=benefit.case_id,
                     subject=benefit.reference, detail={"declaration_id": str(declaration.id),
                                                        "corrected": declaration.corrected_lines is not None})
        await db.commit()
        return Redirect(f"{tenant.base_path}/backoffice/uitkeringen", status_code=303)

    @post("/wijzigingen/{change_id:uuid}", name="benefits:change-confirm")
    async def confirm_change(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                             employee: NamedDependency[Employee], change_id: FromPath[uuid.UUID]) -> Response:
        from portal.benefits import changes
        from portal.benefits.models import Change

        change = await db.get(Change, change_id)
        if change is None:
            raise NotFoundException()
        benefit = await changes.confirm(db, change, employee)
        await record(db, actor=employee, action="benefit.change_confirmed", case_id=benefit.case_id,
                     subject=benefit.reference, detail={"change_id": str(change.id), "kind": change.kind,
                                                        "from": change.happened_on})
        await db.commit()
        return Redirect(f"{tenant.base_path}/backoffice/uitkeringen", status_code=303)

    @post("/betaalrun", name="benefits:run")
    async def run(self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
                  employee: NamedDependency[Employee]) -> Response:
        check_role(employee, *RUNNERS)
        form = await request.form()
        text = str(form.get("month", "")).strip()
        try:
            month = date(int(text[:4]), int(text[5:7]), 1) if len(text) == 7 and text[4] == "-" else None
        except ValueError:
            month = None
        if month is None or not date(2025, 7, 1) <= month <= service.month_of(service.clock.today()):
            return await _list_page(request, db, tenant, employee, values={"month": text}, status_code=400,
                                    errors={"month": N_("Enter a month like 2026-11, not in the future.")})
        result = await run_payments(db, tenant, month, engine=getattr(request.app.state, "rules_engine", None))
        await record(db, actor=employee, action="benefit.payment_run", subject=f"{month:%Y-%m}",
                     detail={"run_id": str(result.run.id), "paid": result.paid, "held": len(result.held)})
        await db.commit()
        return Redirect(f"{tenant.base_path}/backoffice/uitkeringen?paid={result.paid}&held={len(result.held)}",
                        status_code=303)


async def home_section(session, employee, tenant) -> dict:
    return {"open": len(await service.open_declarations(session))}


ROUTE_HANDLERS = (BenefitsBackofficeController,)
