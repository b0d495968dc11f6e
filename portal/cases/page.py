"""Rendering the citizen's case pages: the context every state of the case page needs.

Parts owned by others come through their public modules: the appointments linked to the
case (`portal.appointments.service`) and "who saw my data" (`portal.audit`).
"""

from __future__ import annotations

from litestar import Request
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal.appointments.service import appointments_for_case
from portal.audit import views_of_case
from portal.cases.config import cases_config
from portal.cases.views import case_state
from portal.documents.service import documents_for_application, documents_for_case
from portal.i18n import N_
from portal.i18n.vocabulary import ROLE_LABELS

NOTICES = {
    "answer": N_("Thank you. We have received your answer; the time for our decision runs again."),
    "message": N_("Your message has been sent. We will tell you by email when there is a reply."),
    "objection": N_("We have received your objection. You can follow it on this page."),
}
# Nothing is mailed to a citizen without an email address (portal.cases.notify): these
# say where the news shows instead.
NOTICES_WITHOUT_EMAIL = {
    "message": N_("Your message has been sent. Our reply will be on this page: we have no email address of yours."),
}


def _notice(notice: str | None, citizen) -> str | None:
    if not notice:
        return None
    if not citizen.email and notice in NOTICES_WITHOUT_EMAIL:
        return NOTICES_WITHOUT_EMAIL[notice]
    return NOTICES.get(notice)


async def _documents(db: AsyncSession, case) -> list:
    found = {d.id: d for d in await documents_for_case(db, case.id)}
    if case.application_id is not None:
        for document in await documents_for_application(db, case.application_id):
            found.setdefault(document.id, document)
    return sorted(found.values(), key=lambda d: d.created_at)


async def case_context(request: Request, db: AsyncSession, tenant, citizen, case, *, errors=None, values=None,
                       notice=None) -> dict:
    locale = request.state.locale
    state = await case_state(db, case, locale)
    documents = await _documents(db, case)
    return {
        "tenant": tenant, "citizen": citizen, "case": case, "state": state, "locale": locale,
        "errors": errors or {}, "values": values or {},
        "notice": _notice(notice, citizen),
        "documents": documents,
        "documents_by_id": {str(d.id): d for d in documents},
        "appointments": await appointments_for_case(db, case.id),
        "views": await views_of_case(db, case.id),
        "role_labels": ROLE_LABELS,  # one vocabulary for roles (portal.i18n.vocabulary)
        "reply_within_working_days": cases_config(tenant).reply_within_working_days,
    }


async def render_case(request, db, tenant, citizen, case, *, errors=None, values=None, notice=None,
                      status_code: int = 200) -> Template:
    context = await case_context(request, db, tenant, citizen, case, errors=errors, values=values, notice=notice)
    return Template("cases/case.html", context=context, status_code=status_code)


async def render_messages(request, db, tenant, citizen, case, *, errors=None, values=None, notice=None,
                          status_code: int = 200) -> Template:
    """The messages block alone for htmx; the whole page otherwise."""
    if not request.headers.get("hx-request"):
        return await render_case(request, db, tenant, citizen, case, errors=errors, values=values,
                                 status_code=status_code)
    context = await case_context(request, db, tenant, citizen, case, errors=errors, values=values)
    context["message_notice"] = _notice(notice, citizen)
    # htmx swaps only 2xx answers by default: send the form with its errors as 200.
    return Template("cases/_messages.html", context=context, status_code=200)


async def render_objection(request, db, tenant, citizen, case, *, errors=None, values=None,
                           status_code: int = 200) -> Template:
    context = await case_context(request, db, tenant, citizen, case, errors=errors, values=values)
    return Template("cases/objection.html", context=context, status_code=status_code)
