"""A citizen of each tenant applies for bijstand end to end in a real browser: with a
partner and a child, uploading a PDF; axe finds nothing on any page, errors included."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_page_ok
from tests.helpers.auth import login_citizen_in_browser
from tests.integration.applications.flow import PDF

NAMES = {"amsterdam": "Gemeente Amsterdam", "rotterdam": "Gemeente Rotterdam", "den-haag": "Gemeente Den Haag",
         "utrecht": "Gemeente Utrecht"}
PAGES = [
    ("about_you", {"birth_date": "14-05-1990", "email": "e2e@example.org"}, {}),
    ("household", {"children_count": "1", "housemates_27_plus": "0"}, {"has_partner": 1}),
    ("partner", {"partner_name": "Piet Jansen", "partner_bsn": "111222333", "partner_birth_date": "01-02-1988"}, {}),
    ("children", {"child_name__1": "Kees Jansen", "child_bsn__1": "123456782", "child_birth_date__1": "03-04-2015"}, {}),
    ("living", {"postcode": "1011 PN", "house_number": "1", "housing_costs": "750,00"}, {}),
    ("income", {"income": "0", "partner_income": "1.234,56"}, {"student_finance": 2}),
    ("assets", {"assets": "1200", "debts": "0", "home_equity": "0"}, {}),
    ("bank", {"iban": "NL91 ABNA 0417 1643 00", "account_holder": "Jansen"}, {}),
]


@pytest.mark.parametrize("slug", list(NAMES))
def test_a_citizen_applies_for_bijstand(page, slug, tmp_path):
    name = NAMES[slug]
    login_citizen_in_browser(page, slug)
    page.goto(f"/{slug}/")
    page.locator(f'a[href="/{slug}/apply/bijstand"]').click()
    assert_page_ok(page, name)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/apply/drafts/[0-9a-f-]+$"))
    draft = page.url
    assert_page_ok(page, name)

    # A page with errors first: the summary links to the field, the input is kept.
    page.goto(f"{draft}/section/living")
    page.fill("#field-postcode", "12345")
    page.fill("#field-house_number", "1")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary a[href='#field-postcode']")
    summary.wait_for()
    assert page.input_value("#field-house_number") == "1"
    assert_page_ok(page, name, expect=400)

    for section, fields, radios in PAGES:
        page.goto(f"{draft}/section/{section}")
        for key, value in fields.items():
            page.fill(f"#field-{key}", value)
        for key, index in radios.items():
            page.check(f"#field-{key}-{index}")
        assert_page_ok(page, name)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(draft)

    page.goto(f"{draft}/documents")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(PDF)
    for doc_type in ("identity", "partner_identity", "bank_statements"):
        page.set_input_files(f"#field-file-{doc_type}", str(pdf))
        page.locator(f"#field-file-{doc_type}").locator("xpath=ancestor::form").locator("button[type=submit]").click()
        page.wait_for_url(f"{draft}/documents")
    assert page.locator(".file-list a").count() == 3
    assert_page_ok(page, name)

    page.goto(f"{draft}/check")
    assert "Piet Jansen" in page.content()
    page.locator("main form button[type=submit]").click()  # without the declaration
    page.locator(".error-summary a[href='#field-declaration']").wait_for()
    assert_page_ok(page, name, expect=400)
    page.check("#field-declaration-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{draft}/confirmation")
    reference = page.locator(".reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{2,4}-20\d\d-\d{6}", reference)
    assert_page_ok(page, name)

    page.goto(f"/{slug}/mijn")
    assert reference in page.content()
    assert_page_ok(page, name)
