"""/<slug>/check: the anonymous "Check what you could get". Answers live only in the session."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from portal import clock
from portal.rules.engine import RulesEngine
from portal.tenancy import Tenant

from portal.appointments.service import booking_link

from . import service

# The appointment type of the municipalities' debt help (appointments.toml): offered on
# every result page, most of all when nothing looks likely.
DEBT_HELP_TYPE = "schuldhulp"


def _today() -> date:
    # Amsterdam's date, not the machine's: age limits and parameter dates follow it.
    return clock.today()


def _answers(request: Request) -> dict[str, Any]:
    return dict(request.session.get(service.SESSION_KEY) or {})


def _page_or_404(step: str) -> service.Page:
    try:
        return service.page(step)
    except KeyError:
        raise NotFoundException() from None


def _step_context(tenant: Tenant, p: service.Page, answers, values, errors) -> dict[str, Any]:
    on = _today()
    visible = p.visible(answers, on)
    return {
        "follow_up_keys": {k for q in p.questions for k in q.reveals},
        "followups_of": {q.key: [f for f in visible if f.key in q.reveals] for q in p.questions if q.reveals},
        "tenant": tenant,
        "page": p,
        "questions": visible,
        "values": values,
        "errors": errors,
        "step_number": service.PAGE_SLUGS.index(p.slug) + 1,
        "step_count": len(service.PAGE_SLUGS),
        "previous": service.previous_page(p.slug),
        "children_count": service._children_count(answers),
    }


def _translate(p: service.Page, errors: dict[str, str]) -> dict[str, str]:
    return {k: service.message(p, k, v) for k, v in errors.items()}


class CheckController(Controller):
    """The anonymous pre-check: its start, one page per step, and the result."""

    path = "/{tenant_slug:str}"

    @get("/check", name="checks:start", sync_to_thread=False)
    def start(self, tenant: NamedDependency[Tenant]) -> Template:
        return Template("checks/start.html", context={"tenant": tenant, "first": service.PAGE_SLUGS[0]})

    @get("/check/{step:str}", name="checks:step", sync_to_thread=False)
    def show_step(self, tenant: NamedDependency[Tenant], step: FromPath[str], request: Request) -> Template:
        p = _page_or_404(step)
        answers = _answers(request)
        values = service.form_values(answers)
        return Template("checks/step.html", context=_step_context(tenant, p, answers, values, {}))

    @get("/check/{step:str}/follow-up/{key:str}", name="checks:follow_up", sync_to_thread=False)
    def follow_up(self, tenant: NamedDependency[Tenant], step: FromPath[str], key: FromPath[str], request: Request) -> Template:
        """htmx: the follow-up questions of one answer, for the values currently in the form."""
        p = _page_or_404(step)
        controller = next((q for q in p.questions if q.key == key and q.reveals), None)
        if controller is None:
            raise NotFoundException()
        form = {k: v for k, v in request.query_params.items()}
        submission = service.submit_page(tenant.slug, step, form, _answers(request), _today(), rendered=())
        visible = {q.key for q in p.visible(submission.answers, _today())}
        context = _step_context(tenant, p, submission.answers, submission.values, {})
        if not request.headers.get("hx-request"):
            return Template("checks/step.html", context=context)  # same data as a full page
        context["controller"] = controller
        context["followups"] = [q for q in p.questions if q.key in controller.reveals and q.key in visible]
        return Template("checks/_followups.html", context=context)

    @post("/check/{step:str}", name="checks:submit")
    async def submit_step(self, tenant: NamedDependency[Tenant], step: FromPath[str], request: Request) -> Template | Redirect:
        p = _page_or_404(step)
        form = dict(await request.form())
        rendered = str(form.pop("_rendered", "")).split()
        form.pop("_csrf_token", None)
        submission = service.submit_page(tenant.slug, step, form, _answers(request), _today(), rendered=rendered)
        request.session[service.SESSION_KEY] = submission.answers
        if not submission.complete:
            context = _step_context(tenant, p, submission.answers, submission.values, _translate(p, submission.errors))
            return Template("checks/step.html", context=context, status_code=400 if submission.errors else 200)
        following = service.next_page(step)
        target = f"/{tenant.slug}/check/{following}" if following else f"/{tenant.slug}/check-result"
        return Redirect(target, status_code=303)

    @get("/check-result", name="checks:result", sync_to_thread=False)
    def result(self, tenant: NamedDependency[Tenant], request: Request, rules_engine: NamedDependency[RulesEngine]) -> Template | Redirect:
        answers = _answers(request)
        if not answers:
            return Redirect(f"/{tenant.slug}/check", status_code=303)
        evaluation = service.evaluate(rules_engine, tenant.slug, answers, _today())
        offered = [s.id for s in tenant.config.schemes]
        outcomes = [o for o in evaluation.schemes if o.scheme in offered]
        return Template("checks/result.html", context={"tenant": tenant, "outcomes": outcomes, "on": evaluation.on,
                                                       "next_steps": service.next_steps(outcomes, answers),
                                                       "first_step": service.PAGE_SLUGS[0],
                                                       "debt_help_href": booking_link(tenant, DEBT_HELP_TYPE)})


ROUTE_HANDLERS = (CheckController,)
