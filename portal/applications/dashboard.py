"""The "Mijn overzicht" sections: drafts not sent yet (with the removal notice), and what
the citizen can apply for (with the pre-check), so the overview is never a dead end."""

from __future__ import annotations

from datetime import timedelta

from portal import clock
from portal.applications import service
from portal.applications.forms import draft_settings, form_for


async def load_drafts(session, citizen, tenant) -> dict:
    settings = draft_settings(tenant)
    today = clock.today()
    drafts = []
    for application in await service.drafts_of(session, citizen.id):
        removal = service.removal_date(application, settings.retention_days)
        drafts.append({
            "application": application,
            "href": service.draft_path(application, tenant),
            "removal": removal,
            # The notice shows in the last week, so a forgotten draft is not lost unawares.
            "removal_soon": removal - today <= timedelta(days=settings.notice_days),
        })
    return {"drafts": drafts}


async def load_offer(session, citizen, tenant) -> dict:
    """The tenant's schemes that have an application form, in the tenant's order."""
    return {"schemes": [s.id for s in tenant.config.schemes if form_for(tenant, s.id) is not None]}
