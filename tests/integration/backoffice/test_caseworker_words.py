"""The back office in the caseworker's words: the rules' advice as facts answered yes or no
("Woont in Amsterdam: ja"), the citizen's answers under third-person labels, Dutch texts of
record marked lang="nl" for a reader in another language, and admin settings with
fieldsets, textareas for reasons, colour swatches and contrast figures."""

from __future__ import annotations

import re

from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import make_case

FROZEN = {"sections": [{"id": "about_you", "title": "Over u", "rows": [
    {"key": "birth_date", "label": "Uw geboortedatum", "value": "14 mei 1980"},
    {"key": "house_number", "label": "Huisnummer", "value": "12 A"}]}],
    "answers": {"birth_date": "1980-05-14", "house_number": "12 A"},
    "situation": {"birth_date": "1980-05-14", "has_partner": False, "income": "0.00"}}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


async def test_the_advice_reads_as_facts_for_the_caseworker(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    advice = _text(page.text.split('id="advice-title"')[1].split("</section>")[0])
    assert "Woont in Amsterdam: ja" in advice and "18 jaar of ouder: ja" in advice
    assert "U woont" not in advice and "Voldaan" not in advice
    assert "studiefinanciering" not in advice  # born in 1980: the under-27 rules do not concern them


async def test_answers_show_third_person_labels_and_mark_dutch_for_an_english_reader(client, app, database):
    case = await make_case(app, database=database, answers=FROZEN)
    await login_employee(client, "amsterdam", "caseworker")
    dutch = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert "<h3>Aanvrager</h3>" in dutch.text and "Geboortedatum" in dutch.text and "Uw geboortedatum" not in dutch.text
    await client.get("/lang/en", expect=302, redirect_to="/")
    english = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert "<h3>Applicant</h3>" in english.text
    assert '<bdi>May 14, 1980</bdi>' in english.text  # a coded value in the reader's language
    assert '<bdi lang="nl">12 A</bdi>' in english.text  # free text as frozen, in Dutch


async def test_admin_settings_group_colours_with_swatches_and_contrast(client, app):
    await login_employee(client, "amsterdam", "admin")
    page = await client.get("/amsterdam/backoffice/settings", expect=200)
    assert '<legend>Kleuren</legend>' in page.text and '<legend>Teksten van de melding</legend>' in page.text
    assert '<textarea id="field-reason_0_nl"' in page.text
    branding = app.state.tenants["amsterdam"].config.branding
    assert f"#swatch-primary {{ background: {branding.primary}; }}" in page.text
    row = page.text.split('data-contrast-fg="text" data-contrast-bg="background"')[1].split("</tr>")[0]
    from portal.tenancy.contrast import contrast_ratio

    expected = f"{round(contrast_ratio(branding.text, branding.background), 1):.1f}".replace(".", ",")
    assert f"{expected} : 1" in row and "voldoende" in row
