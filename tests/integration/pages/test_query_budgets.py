"""Each page of the benchmark sends no more SQL statements than its budget (query_budgets.py)."""

from __future__ import annotations

import pytest

from tests.helpers.auth import login_citizen, login_employee
from tests.helpers.queries import counting_queries
from tests.integration.backoffice.helpers import make_case
from tests.integration.pages.query_budgets import BUDGETS

BSN = "111222333"
CITIZEN_PAGES = {
    "tenant home": "/amsterdam/",
    "check start": "/amsterdam/check",
    "mijn overzicht": "/amsterdam/mijn",
    "case page": "/amsterdam/zaken/{case}",
}
EMPLOYEE_PAGES = {
    "work queue": "/amsterdam/backoffice/queue",
    "case file": "/amsterdam/backoffice/cases/{case}",
}


async def _count(client, app, url: str) -> list[str]:
    await client.get(url, expect=200)  # the first request of a visitor may warm what is cached
    async with counting_queries(app) as queries:
        await client.get(url, expect=200)
    return queries


@pytest.mark.parametrize("page", list(CITIZEN_PAGES) + list(EMPLOYEE_PAGES))
async def test_a_page_stays_within_its_query_budget(client, app, database, backend, page):
    # Three cases: a page that reads something per case (N+1) shows it in its count.
    case, *_others = [await make_case(app, database=database, bsn=BSN, scheme=scheme)
                      for scheme in ("bijstand", "bijzondere-bijstand", "stadspas")]
    if page in CITIZEN_PAGES:
        await login_citizen(client, "amsterdam", BSN)
        url = CITIZEN_PAGES[page]
    else:
        await login_employee(client, "amsterdam", "caseworker")
        url = EMPLOYEE_PAGES[page]
    queries = await _count(client, app, url.format(case=case.id))
    budget = BUDGETS[page][backend]
    assert len(queries) <= budget, f"{page} sent {len(queries)} statements, budget {budget}:\n{queries.listing()}"
