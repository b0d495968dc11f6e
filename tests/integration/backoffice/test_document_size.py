"""Document sizes in the case file: a small file reads "1 kB", never "0 kB"."""

from tests.helpers.auth import login_employee
from tests.integration.backoffice.test_pages import PDF, make_case_with_files


async def test_a_small_document_is_not_0_kb(client, app, database, settings):
    case, document, _letter = await make_case_with_files(app, database, settings)
    assert document.size == len(PDF) < 512  # rounded to the nearest kB this was "0 kB"
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    listed = page.text.split(f'/documents/{document.id}">')[1].split("</li>")[0]
    assert "(1 kB)" in listed and "(0 kB)" not in page.text
