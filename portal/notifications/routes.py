"""The development mail page: mail kept in the database when no SMTP server is set.

Refused (404) in production, where mail goes out over SMTP and nobody should read
other people's mail in a web page.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.notifications.models import DevMailboxEntry
from portal.settings import Settings
from portal.tenancy import Tenant


class DevMailController(Controller):
    path = "/{tenant_slug:str}/dev"

    @get("/mail", name="notifications:dev_mail")
    async def dev_mail(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> Template:
        if settings.production:
            raise NotFoundException()
        mails = (await db.scalars(select(DevMailboxEntry).order_by(DevMailboxEntry.created_at.desc()).limit(100))).all()
        return Template("notifications/dev_mail.html", context={"tenant": tenant, "mails": mails})


ROUTE_HANDLERS = (DevMailController,)
