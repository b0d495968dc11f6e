"""Decision letters (beschikkingen) as tagged PDF (PDF/UA-1), in the tenant's branding.

The letter is in Dutch, the language of record (the case page shows the same decision
in the citizen's own language). It is rendered once, when the decision is sent, and
kept as sent.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader

from portal.cases import deadlines
from portal.cases.config import cases_config, refusal_reasons, text_of
from portal.i18n import N_, use_locale
from portal.i18n.jinja import configure_environment
from portal.i18n.vocabulary import scheme_name
from portal.cases.links import case_url
from portal.cases.objections import WAIVER_TEXTS
from portal.tenancy.scope import site_of, tenant_of

LETTER_LOCALE = "nl"
AMOUNT_UNITS = {"bijstand": N_("per month"), "inkomenstoeslag": N_("one payment"), "bijzondere-bijstand": N_("one payment")}


@lru_cache(maxsize=4)
def _environment(templates_dir: str) -> Environment:
    env = Environment(loader=FileSystemLoader(templates_dir))
    configure_environment(env, {"scheme_name": scheme_name})
    return env


def _reason_text(tenant, data: dict):
    """The refusal reason as decided (kept with the decision), else as configured now."""
    if data.get("reason_label"):
        return text_of(data["reason_label"], fallback=data.get("reason_code", ""))
    reason = next((r for r in refusal_reasons(tenant) if r.code == data.get("reason_code")), None)
    return reason.label if reason else None


def decision_facts(tenant, case, decision) -> dict:
    """What a decision says, shared by the letter and the case page."""
    data = decision.data
    reason = _reason_text(tenant, data)
    config = cases_config(tenant)
    objection_weeks = config.objection_term_weeks
    objection = {}
    if case.kind == "objection":
        # The remedy after a decision on an objection is appeal to the court (Awb 8:1),
        # within the appeal term (Awb 6:7, counted as the objection term: 6:8).
        contested = data.get("contested") or {}
        objection = {
            "contested": contested | ({"sent_at": datetime.fromisoformat(contested["sent_at"])}
                                      if contested.get("sent_at") else {}),
            "hearing": _hearing(data.get("hearing")),
            "appeal_term_weeks": config.appeal_term_weeks,
            "appeal_until": deadlines.objection_deadline(decision.at, config.appeal_term_weeks),
            "court": config.court,
        }
    return objection | {
        "outcome": data["outcome"],
        "amount": Decimal(data["amount"]) if data.get("amount") else None,
        "amount_unit": AMOUNT_UNITS.get(case.scheme),
        "start_date": date.fromisoformat(data["start_date"]) if data.get("start_date") else None,
        "period_months": data.get("period_months"),
        "reason": reason,
        "text": decision.text,
        "sent_at": decision.at,
        "objection_term_weeks": objection_weeks,
        "objection_until": deadlines.objection_deadline(decision.at, objection_weeks),
    }


def _hearing(data: dict | None) -> dict | None:
    if not data:
        return None
    return data | ({"start": datetime.fromisoformat(data["start"])} if data.get("start") else {})


def letter_html(case, decision, citizen) -> str:
    tenant = tenant_of(case)
    env = _environment(str(site_of(case).templates_dir))
    # The decision on an objection is a letter of its own: other facts, another remedy.
    template = "cases/objection_letter.html" if case.kind == "objection" else "cases/letter.html"
    with use_locale(LETTER_LOCALE):
        return env.get_template(template).render(
            tenant=tenant, case=case, citizen=citizen, facts=decision_facts(tenant, case, decision),
            locale=LETTER_LOCALE, case_url=case_url(case), waiver_grounds=WAIVER_TEXTS,
        )


def _pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


async def render_decision_letter(case, decision, citizen) -> bytes:
    html = letter_html(case, decision, citizen)
    # WeasyPrint is CPU-bound and synchronous: keep the event loop free meanwhile.
    return await asyncio.to_thread(_pdf, html, str(site_of(case).templates_dir))
