"""A citizen's details: how we address them and how we reach them.

A login that gives a BSN only (DigiD does; names come from the BRP) leaves the portal
without a name: every page that needs the citizen sends them here first, once
(portal.auth.guards.require_profile), and back afterwards. The details stay on the
citizen's row and can be changed here at any time; forms prefill from them. When a
registry adapter is connected (portal.auth.registry) the login fills the name itself.
"""

from __future__ import annotations

import re

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal.auth import session
from portal.auth.guards import provide_citizen_as_is, safe_next
from portal.auth.models import Citizen
from portal.i18n import gettext as _
from portal.tenancy import Tenant

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(\+|00)?\d{10,13}")


def profile_errors(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not values["name"] or len(values["name"]) > 200:
        errors["name"] = _("Enter your name.")
    # No email address is allowed: the portal then confirms on the page only.
    if values["email"] and (len(values["email"]) > 320 or not EMAIL.fullmatch(values["email"])):
        errors["email"] = _("Enter an email address like name@example.org.")
    if values["phone"] and (len(values["phone"]) > 40 or not PHONE.fullmatch(re.sub(r"[\s()-]", "", values["phone"]))):
        errors["phone"] = _("Enter a phone number like 06 12345678.")
    return errors


class ProfileController(Controller):
    path = "/{tenant_slug:str}/mijn/gegevens"
    dependencies = {"me": Provide(provide_citizen_as_is)}

    def _page(self, request: Request, tenant: Tenant, me: Citizen, values: dict, errors: dict, *,
              saved: bool = False, status_code: int = 200) -> Template:
        return Template("auth/profile.html", status_code=status_code, context={
            "tenant": tenant, "values": values, "errors": errors, "saved": saved, "first_time": not me.name.strip(),
            "next_url": safe_next(tenant, request.query_params.get("next")) or "",
        })

    @get("/", name="auth:profile")
    async def show(self, request: Request, tenant: NamedDependency[Tenant], me: NamedDependency[Citizen]) -> Template:
        values = {"name": me.name, "email": me.email or "", "phone": me.phone or ""}
        return self._page(request, tenant, me, values, {}, saved=request.query_params.get("done") == "saved")

    @post("/", name="auth:profile-save")
    async def save(
        self, request: Request, tenant: NamedDependency[Tenant], me: NamedDependency[Citizen],
        db: NamedDependency[AsyncSession],
    ) -> Template | Redirect:
        form = await request.form()
        values = {key: " ".join(str(form.get(key, "")).split()) for key in ("name", "email", "phone")}
        if errors := profile_errors(values):
            return self._page(request, tenant, me, values, errors, status_code=400)
        me.name, me.first_name = values["name"], values["name"].split(" ")[0][:100]
        me.email, me.phone = values["email"] or None, values["phone"] or None
        await db.commit()
        # The header greets the citizen by the name in the session.
        if isinstance(user := session.current_user(request, touch=False), dict):
            request.session[session.USER_KEY] = {**user, "name": me.name, "first_name": me.first_name}
        target = safe_next(tenant, request.query_params.get("next"))
        return Redirect(target or f"{tenant.base_path}/mijn/gegevens?done=saved", status_code=303)


ROUTE_HANDLERS = (ProfileController,)
