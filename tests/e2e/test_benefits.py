"""The running benefit in a real browser, in each city: the demo citizen declares work
income with a payslip and sees the expected payment, a caseworker approves it, a senior
runs the month's payments, and the citizen opens the specification and downloads its
PDF, whose figures match the page and the expected payment."""

import io
import re

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from portal import clock
from portal.benefits.service import declarable_month
from tests.e2e.conftest import assert_page_ok, cities, watch_navigations
from tests.helpers.auth import login_citizen_in_browser, login_employee_in_browser

TENANTS = {
    "amsterdam": "Gemeente Amsterdam",
    "rotterdam": "Gemeente Rotterdam",
    "den-haag": "Gemeente Den Haag",
    "utrecht": "Gemeente Utrecht",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAYSLIP = [{"name": "loonstrook.pdf", "mimeType": "application/pdf", "buffer": PDF}]
AMOUNT = re.compile(r"€\s?[\d.]+,\d\d")


def _page(browser, live_url, live_server):
    context = browser.new_context(base_url=live_url, viewport={"width": 320, "height": 800}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, live_server)
    return context, context.new_page()


def _figures(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".benefit-figures dd").all_inner_texts()]


@pytest.mark.parametrize("slug", cities(TENANTS, "amsterdam"))
def test_declare_approve_pay_and_download_the_specification(browser, live_url, live_server, slug):
    name = TENANTS[slug]
    month = declarable_month(clock.today())
    month_name = format_date(month, "LLLL y", locale="nl")
    citizen_context, page = _page(browser, live_url, live_server)
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/uitkering")
    assert_page_ok(page, name)
    page.get_by_role("link", name="Geef uw inkomsten door").click()
    page.wait_for_url(f"**/{slug}/uitkering/opgave")
    assert_page_ok(page, name)
    page.get_by_label("Inkomsten uit werk").check()
    page.get_by_label("Nettobedrag in euro").fill("500,00")
    page.locator("#field-payslip-applicant").set_input_files(PAYSLIP)
    page.get_by_role("button", name="Toon de verwachte betaling").click()
    page.locator(".benefit-expected").wait_for()
    assert_page_ok(page, name)
    expected = " ".join(AMOUNT.search(page.locator(".benefit-expected").inner_text()).group(0).split())
    preview = _figures(page)
    assert any("500,00" in f for f in preview)
    page.locator("#field-payslip-applicant").set_input_files(PAYSLIP)
    page.get_by_role("button", name="Opgave versturen").click()
    page.wait_for_url(re.compile(rf"/{slug}/uitkering\?sent="))
    assert_page_ok(page, name)

    worker_context, worker = _page(browser, live_url, live_server)
    login_employee_in_browser(worker, slug, "caseworker")
    worker.goto(f"/{slug}/backoffice/uitkeringen")
    assert_page_ok(worker, name)
    worker.locator("table a").first.click()
    worker.get_by_role("button", name="Goedkeuren").wait_for()
    assert_page_ok(worker, name)
    worker.get_by_role("button", name="Goedkeuren").click()
    worker.wait_for_url(f"**/{slug}/backoffice/uitkeringen")
    worker_context.close()

    senior_context, senior = _page(browser, live_url, live_server)
    login_employee_in_browser(senior, slug, "senior")
    senior.goto(f"/{slug}/backoffice/uitkeringen")
    senior.get_by_label("Maand (JJJJ-MM)").fill(f"{month:%Y-%m}")
    senior.get_by_role("button", name="Deze maand betalen").click()
    senior.wait_for_url(re.compile(rf"/{slug}/backoffice/uitkeringen\?paid=1&"))
    assert_page_ok(senior, name)
    senior_context.close()

    page.goto(f"/{slug}/uitkering")
    page.get_by_role("link", name=month_name).click()
    page.wait_for_url(re.compile(rf"/{slug}/uitkering/betalingen/"))
    assert_page_ok(page, name)
    shown = _figures(page)
    assert shown == preview and expected in shown[-1]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de specificatie (pdf)").click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages)
    for figure in shown:
        assert AMOUNT.search(figure).group(0).replace("€", "").strip() in text
    citizen_context.close()
