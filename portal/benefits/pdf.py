"""The payment's specification (uitkeringsspecificatie) as a tagged PDF (PDF/UA-1), in the
tenant's branding, with the same figures as the page (the payment's figures as paid)."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader

from portal.i18n import use_locale
from portal.i18n.jinja import configure_environment


@lru_cache(maxsize=4)
def _environment(templates_dir: str) -> Environment:
    env = Environment(loader=FileSystemLoader(templates_dir))
    configure_environment(env, {})
    return env


def specification_html(templates_dir, tenant, benefit, payment, locale: str) -> str:
    with use_locale(locale):
        return _environment(str(templates_dir)).get_template("benefits/specification_pdf.html").render(
            tenant=tenant, benefit=benefit, payment=payment, figs=payment.figures, locale=locale,
            month_name=format_date(payment.month, "LLLL y", locale=locale))


def _pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


async def specification_pdf(templates_dir, tenant, benefit, payment, locale: str) -> bytes:
    html = specification_html(templates_dir, tenant, benefit, payment, locale)
    return await asyncio.to_thread(_pdf, html, str(templates_dir))
