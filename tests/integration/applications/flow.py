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


async def post(client, path: str, data: dict | None = None, files=None, *, expect: int, **checks):
    """A form post with the CSRF header; `expect` (and `redirect_to`) as on the client."""
    if "csrftoken" not in client.cookies:
        await client.get("/amsterdam/", expect=200)
    return await client.post(path, data=data or {}, files=files, headers=csrf(client), expect=expect, **checks)


def draft_path(slug: str) -> re.Pattern[str]:
    return re.compile(rf"/{re.escape(slug)}/apply/drafts/[0-9a-f-]{{36}}")


async def start(client, slug: str, scheme: str = "bijstand") -> str:
    """Start a draft; returns its path (/slug/apply/drafts/<id>)."""
    await client.get(f"/{slug}/apply/{scheme}", expect=200)
    response = await post(client, f"/{slug}/apply/{scheme}", expect=303, redirect_to=draft_path(slug))
    return response.headers["location"]


async def fill(client, draft: str, answers: dict = BIJSTAND, documents=DOCUMENTS) -> None:
    """Answer every section (each goes back to the task list) and upload the documents."""
    for section, data in answers.items():
        await post(client, f"{draft}/section/{section}", data, expect=303, redirect_to=draft)
    for doc_type in documents:
        await post(client, f"{draft}/documents", {"doc_type": doc_type}, expect=303, redirect_to=f"{draft}/documents",
                   files={"file": (f"{doc_type}.pdf", PDF, "application/pdf")})


async def key_of(client, draft: str) -> str:
    page = await client.get(f"{draft}/check", expect=200)
    return re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)


async def ready_draft(client, slug: str = "amsterdam", bsn: str | None = None) -> tuple[str, str]:
    await login_citizen(client, slug, bsn)
    draft = await start(client, slug)
    await fill(client, draft)
    return draft, await key_of(client, draft)
