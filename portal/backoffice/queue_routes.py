"""The work queue's page context, and its one form: take a case, or (a senior) give
several to a colleague at once.

For employees of the tenant in the URL only: the `employee` dependency gives 404 to
citizens and to employees of other tenants, and the tenant-scoped session does not find
another tenant's case, so a stranger's post assigns nothing and gets 404.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth.guards import requires_role
from portal.auth.models import Employee
from portal.backoffice import casefile
from portal.backoffice.actions import assign_from_queue, perform
from portal.backoffice.labels import STATUS_LABELS, queue_options
from portal.backoffice.queue import QueueFilter, queue_page
from portal.cases.service import STATUS_CODES, CaseActionRefused, may_approve
from portal.tenancy import Tenant


async def queue_context(request: Request, tenant: Tenant, db: AsyncSession, employee: Employee, params=None,
                        errors: dict | None = None) -> dict:
    """Everything the queue page (and its htmx fragment) shows, for the filters in `params`
    (the query string by default)."""
    params = request.query_params if params is None else params
    schemes = [s.id for s in tenant.config.schemes]
    f = QueueFilter.from_query(params, schemes=schemes, statuses=list(STATUS_CODES))
    page = await queue_page(db, f, me=employee.id, cursor=params.get("after"))
    base = f"{tenant.base_path}/backoffice/queue"
    query = f.as_query()
    people = {e.id: e for e in (await db.scalars(select(Employee))).all()}
    return {
        "tenant": tenant, "employee": employee, "filter": f, "page": page, "people": people,
        "options": queue_options(tenant, schemes, STATUS_CODES, page.counts, senior=may_approve(tenant, employee)),
        "status_labels": STATUS_LABELS,
        "values": {"scheme": f.scheme or "", "status": f.status or "", "deadline": f.deadline or "",
                   "assignee": query.get("assignee", ""), "approval": f.approval or "", "q": f.q,
                   "state": query.get("state", "")},
        "now": clock.now(),
        "first_url": f"{base}?{urlencode(query)}" if params.get("after") else None,
        "next_url": f"{base}?{urlencode({**query, 'after': page.next_cursor})}" if page.next_cursor else None,
        "errors": errors or {},
    }


class QueueAssignController(Controller):
    path = "/{tenant_slug:str}/backoffice/queue/assign"
    guards = [requires_role(*casefile.HANDLER_ROLES)]

    @post("/", name="backoffice:queue-assign")
    async def assign(
        self, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession], employee: NamedDependency[Employee],
        request: Request,
    ) -> Template | Redirect:
        form = await request.form()
        queue = f"{tenant.base_path}/backoffice/queue"
        # Back to the queue as it was filtered: only its own filters, never another address.
        back = {k: v for k, v in parse_qsl(str(form.get("back") or "")) if k in QueueFilter.__dataclass_fields__}
        take = form.get("take")
        if take:  # one case, to me: then on to its file
            case = await casefile.find_case(db, take)
            if case is None:
                raise NotFoundException()
            try:
                await perform(db, case, employee, "assign", {"assignee": "me"})
            except CaseActionRefused as refused:
                await db.rollback()
                return await _refused(request, tenant, db, employee, back, refused.message)
            return Redirect(f"{tenant.base_path}/backoffice/cases/{case.id}?done=assign#result", status_code=303)
        if not employee.has_role("senior"):
            raise PermissionDeniedException()
        try:
            cases = await assign_from_queue(db, employee, list(form.getall("case", [])), form.get("assignee"))
        except CaseActionRefused as refused:
            await db.rollback()  # none of them, not half
            return await _refused(request, tenant, db, employee, back, refused.message)
        except LookupError:
            await db.rollback()
            raise NotFoundException() from None
        return Redirect(f"{queue}?{urlencode({**back, 'assigned': len(cases)})}#result", status_code=303)


async def _refused(request: Request, tenant: Tenant, db: AsyncSession, employee: Employee, back: dict,
                   message: str) -> Template:
    await db.refresh(employee)  # the rollback expired it; reading it lazily would need IO
    context = await queue_context(request, tenant, db, employee, params=back, errors={"case": message})
    return Template("backoffice/queue.html", context=context, status_code=400)
