"""The case file labels every submitted answer: no bare keys like `birth_date`."""

import html
import importlib
import re

from sqlalchemy import select

from portal.cases.models import Case
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import make_case

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
SECTION = re.compile(r'<section aria-labelledby="application-title">(.*?)</section>', re.S)


def _labels(page: str) -> list[str]:
    section = SECTION.search(page).group(1)
    return [html.unescape(t).strip() for t in re.findall(r"<dt>(.*?)</dt>", section, re.S)]


async def test_no_demo_case_shows_a_raw_key(client, app, database, settings):
    tenant = app.state.tenants["amsterdam"]
    for domain in ("auth", "cases", "backoffice"):  # the people first, then their cases
        await importlib.import_module(f"portal.{domain}.demo").load_demo(database, tenant, settings)
    async with database.session("amsterdam") as session:
        cases = (await session.scalars(select(Case))).all()
    kinds = {(c.kind, bool(c.answers.get("sections"))) for c in cases}
    # Form-style answers, an objection (answers without a form) and the back-office demo all occur.
    assert ("application", True) in kinds and ("objection", False) in kinds
    await login_employee(client, "amsterdam", "caseworker")
    for case in cases:
        page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
        labels = _labels(page.text)
        assert labels, case.answers
        assert not [label for label in labels if SNAKE.search(label)], (case.answers, labels)


async def test_answers_without_a_form_get_the_forms_labels_and_readable_values(client, app, database):
    case = await make_case(app, database=database, answers={
        "birth_date": "1980-05-14", "has_partner": False, "income": "1234.50", "child_2_birth_date": "2015-03-17",
        "municipality": "GM0363", "tenant_own_question": "ja"})
    await login_employee(client, "amsterdam", "caseworker")
    client.cookies.set("lang", "en")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    labels = _labels(page.text)
    # The caseworker's words for the citizen's questions ("Your date of birth" is what the citizen read).
    assert "Date of birth" in labels and "Has a partner" in labels and "Municipality" in labels
    assert "Date of birth of the child (child 2)" in labels and "Tenant own question" in labels
    section = SECTION.search(page.text).group(1)
    assert "May 14, 1980" in section and "€1,234.50" in section and ">No<" in section
    client.cookies.set("lang", "nl")
    dutch = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert "Geboortedatum" in _labels(dutch.text) and "Uw geboortedatum" not in _labels(dutch.text)
