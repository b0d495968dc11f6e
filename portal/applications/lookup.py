"""Finding a citizen's own application for a request: 404 for anything else."""

from __future__ import annotations

import uuid

from litestar.exceptions import NotFoundException
from sqlalchemy.ext.asyncio import AsyncSession

from portal.applications import service
from portal.applications.forms import FormDef, form_for
from portal.applications.models import Application
from portal.auth.models import Citizen
from portal.tenancy import Tenant


def form_or_404(tenant: Tenant, scheme: str) -> FormDef:
    form = form_for(tenant, scheme)
    if form is None:
        raise NotFoundException()
    return form


async def own_application(db: AsyncSession, tenant: Tenant, draft_id: uuid.UUID, citizen: Citizen) -> tuple[Application, FormDef]:
    """The citizen's own application, else 404 (never 403: do not confirm it exists)."""
    application = await service.get_own(db, draft_id, citizen.id)
    if application is None:
        raise NotFoundException()
    return application, form_or_404(tenant, application.scheme)


async def own_draft(db: AsyncSession, tenant: Tenant, draft_id: uuid.UUID, citizen: Citizen) -> tuple[Application, FormDef]:
    """The citizen's own application while it is still a draft, else 404."""
    application, form = await own_application(db, tenant, draft_id, citizen)
    if application.status != Application.DRAFT:
        raise NotFoundException()
    return application, form
