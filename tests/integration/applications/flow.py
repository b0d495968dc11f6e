"""Filling in an application over HTTP, as a browser without JavaScript would."""

from __future__ import annotations

import re

from tests.helpers.auth import login_citizen

# A minimal real PDF: the portal checks the content, not the name.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BIJSTAND = {
    "about_you": {"birth_date": "14-05-1980", "email": "applicant@example.org", "phone": ""},
    "household": {"has_partner": "yes", "children_count": "1", "housemates_27_plus": "0"},
    "partner": {"partner_name": "Piet Jansen", "partner_bsn": "111222333", "partner_birth_date": "01-02-1982"},
    "children": {"child_name__1": "Kees Jansen", "child_bsn__1": "123456782", "child_birth_date__1": "03-04-2015"},
    "living": {"postcode": "1011pn", "house_number": "1", "housing_costs": "750,00"},
    "income": {"income": "0", "partner_income": "1.234,56", "student_finance": "no"},
    "assets": {"assets": "1200", "debts": "0", "home_equity": "0"},
    "bank": {"iban": "NL91 ABNA 0417 1643 00", "account_holder": "S. Jansen"},
}
DOCUMENTS = ("identity", "partner_identity", "bank_statements")


def csrf(client) -> dict:
    return {"x-csrftoken": client.cookies.get("csrftoken", "")}


async def post(client, path: str, data: dict | None = None, files=None):
    if "csrftoken" not in client.cookies:
        await client.get("/amsterdam/")
    return await client.post(path, data=data or {}, files=files, headers=csrf(client), follow_redirects=False)


async def start(client, slug: str, scheme: str = "bijstand") -> str:
    """Start a draft; returns its path (/slug/apply/drafts/<id>)."""
    await client.get(f"/{slug}/apply/{scheme}")
    response = await post(client, f"/{slug}/apply/{scheme}")
    assert response.status_code == 303, response.text
    return response.headers["location"]


async def fill(client, draft: str, answers: dict = BIJSTAND, documents=DOCUMENTS) -> None:
    for section, data in answers.items():
        response = await post(client, f"{draft}/section/{section}", data)
        assert response.status_code == 303, f"{section}: {re.findall(r'error-message[^>]*>(.*?)</p>', response.text, re.S)}"
    for doc_type in documents:
        response = await post(client, f"{draft}/documents", {"doc_type": doc_type},
                              files={"file": (f"{doc_type}.pdf", PDF, "application/pdf")})
        assert response.status_code == 303, response.text


async def key_of(client, draft: str) -> str:
    page = await client.get(f"{draft}/check")
    assert page.status_code == 200, page.status_code
    return re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)


async def ready_draft(client, slug: str = "amsterdam", bsn: str | None = None) -> tuple[str, str]:
    await login_citizen(client, slug, bsn)
    draft = await start(client, slug)
    await fill(client, draft)
    return draft, await key_of(client, draft)
