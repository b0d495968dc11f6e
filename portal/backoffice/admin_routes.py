"""Admin pages: the audit log and the tenant settings (admins of this tenant only)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth.guards import requires_role
from portal.auth.models import Employee
from portal.backoffice import overrides, settings as admin
from portal.backoffice.audit_view import AuditFilter, audit_page, case_references
from portal.backoffice.labels import AUDIT_ACTION_LABELS, SETTING_LABELS
from portal.i18n import gettext as _
from portal.notifications.models import OutboxMessage
from portal.tenancy import Tenant

ADMIN = requires_role("admin")
SECTIONS = ("branding", "notice", "reasons", "answer-by")


async def _settings_context(request: Request, tenant: Tenant, db: AsyncSession, employee: Employee) -> dict:
    current = overrides.cached(request.app, tenant.slug)
    branding = overrides.branding_for(request.app, tenant)
    reasons = current.refusal_reasons
    if reasons is None:
        from portal.cases.service import cases_config

        reasons = [{"code": r.code, "label": {loc: getattr(r.label, loc, None) or "" for loc in admin.NOTICE_LOCALES}}
                   for r in cases_config(tenant).refusal_reasons]
    failed = list((await db.scalars(
        select(OutboxMessage).where(OutboxMessage.status == OutboxMessage.FAILED)
        .order_by(OutboxMessage.created_at.desc()).limit(50))).all())
    values = {
        **admin.branding_values(branding),
        **{f"notice_{loc}": current.notice.get(loc, "") for loc in admin.NOTICE_LOCALES},
        "notice_until": current.notice_until.isoformat() if current.notice_until else "",
        "answer_by_default_days": str(overrides.effective_answer_by_days(tenant)),
    }
    for i, reason in enumerate(reasons + [{"code": "", "label": {}}]):
        values[f"reason_{i}_code"] = reason["code"]
        for loc in admin.NOTICE_LOCALES:
            values[f"reason_{i}_{loc}"] = reason["label"].get(loc, "")
    return {"tenant": tenant, "employee": employee, "values": values, "errors": {}, "reason_count": len(reasons) + 1,
            "failed": failed, "preview": None, "saved": request.query_params.get("saved"),
            "colour_fields": admin.COLOUR_FIELDS, "colour_labels": admin.COLOUR_LABELS, "section": None,
            "contrast_rows": admin.contrast_rows, "swatches": admin.swatches, "ratio_text": admin.ratio_text,
            "aa_minimum": admin.AA_NORMAL_TEXT, "text_locales": admin.NOTICE_LOCALES,
            "language_words": admin.LANGUAGE_WORDS, "notice_labels": admin.NOTICE_LABELS}


class AdminController(Controller):
    """The tenant admin's pages; every one needs the admin role."""

    path = "/{tenant_slug:str}/backoffice"
    guards = [ADMIN]

    @get("/audit", name="backoffice:audit")
    async def audit_log(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        request: Request,
    ) -> Template:
        f, problems = AuditFilter.from_query(request.query_params, AUDIT_ACTION_LABELS)
        before = request.query_params.get("before")
        entries, next_before, unknown_case = await audit_page(db, f, before=int(before) if (before or "").isdigit() else None)
        errors = {key: _("Enter a date like 2026-12-31.") for key in problems}
        if unknown_case:
            errors["case"] = _("There is no case with this reference.")
        people = {e.id: e for e in (await db.scalars(select(Employee).order_by(Employee.name))).all()}
        query = {k: v for k, v in request.query_params.items() if k != "before"}
        return Template("backoffice/audit.html", status_code=400 if errors else 200, context={
            "tenant": tenant, "employee": employee, "entries": entries, "filter": f, "errors": errors,
            "values": dict(request.query_params), "people": people, "references": await case_references(db, entries),
            "actions": AUDIT_ACTION_LABELS, "settings_labels": SETTING_LABELS, "next_before": next_before, "query": query,
        })

    @get("/settings", name="backoffice:settings")
    async def settings_page(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        request: Request,
    ) -> Template:
        return Template("backoffice/settings.html", context=await _settings_context(request, tenant, db, employee))

    @post("/settings/{section:str}", name="backoffice:settings_save")
    async def settings_save(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        request: Request, section: FromPath[str],
    ) -> Template | Redirect:
        if section not in SECTIONS:
            raise NotFoundException()
        form = {k: v for k, v in (await request.form()).items() if k != "_csrf_token"}
        context = await _settings_context(request, tenant, db, employee)
        context["section"] = section
        if section == "branding":
            values, errors = admin.check_branding(tenant.config.branding, form)
            if form.get("intent") == "preview" or errors:
                context["values"].update(values)
                context.update(errors=errors, preview=None if errors else values)
                return Template("backoffice/settings.html", context=context, status_code=400 if errors else 200)
            base = admin.branding_values(tenant.config.branding)
            changes = {"branding": {k: v for k, v in values.items() if v != base[k]}}
        elif section == "notice":
            notice, until, errors = admin.check_notice(form)
            changes = {"notice": notice, "notice_until": until}
        elif section == "reasons":
            count = min(int(form.get("reason_count") or 0) if str(form.get("reason_count") or "").isdigit() else 0, 40)
            reasons, errors = admin.check_reasons(form, count)
            changes = {"refusal_reasons": reasons}
        else:
            days, errors = admin.check_answer_by(form)
            changes = {"answer_by_default_days": days}
        if errors:
            context["values"].update(form)
            context["errors"] = errors
            return Template("backoffice/settings.html", context=context, status_code=400)
        saved = await admin.save(db, actor=employee, setting=section, changes=changes)
        overrides.remember(request.app, tenant.slug, saved)
        return Redirect(f"{tenant.base_path}/backoffice/settings?saved={section}#saved", status_code=303)


ROUTE_HANDLERS = (AdminController,)
