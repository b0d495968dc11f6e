"""The cards of "Mijn overzicht": a decided case shows its outcome, no row repeats its own
word ("Besluit: Besluit uiterlijk …"), and on an Arabic page the reference and the dates
keep their own order."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen
from portal.cases import decisions
from portal.cases.service import open_case
from portal.tenancy.scope import tenant_of
from tests.helpers.auth import login_citizen
from tests.integration.cases.test_pages import BSN, act, make_case


async def another_case(database, scheme: str):
    async with database.session("amsterdam") as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == BSN))
        case = await open_case(session, tenant=tenant_of(session), scheme=scheme, citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        await session.commit()
        return case


def rows(html: str) -> list[tuple[str, str]]:
    found = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    clean = lambda text: unescape(re.sub(r"<[^>]+>|\s+", " ", text)).strip()  # noqa: E731
    return [(clean(k), clean(v)) for k, v in found]


async def test_decided_cards_show_the_outcome_and_no_row_repeats_itself(client, database):
    await login_citizen(client, "amsterdam", BSN)
    decided, worker = await make_case(database, scheme="stadspas")
    await another_case(database, "bijstand")
    await act(database, decisions.propose_decision, decided.id, worker, outcome="granted", start_date=clock.today())
    await client.get("/lang/nl", expect=302, redirect_to="/")
    page = await client.get("/amsterdam/mijn", expect=200)
    found = rows(page.text)
    assert any(k == "Uitkomst" and v.startswith("Toegekend op ") for k, v in found), found
    assert any(k == "Besluit" and v.startswith("Uiterlijk ") for k, v in found), found
    repeated = [(k, v) for k, v in found if v.lower().startswith(k.lower())]
    assert not repeated, repeated


async def test_on_an_arabic_overview_the_reference_is_isolated(client, database):
    await login_citizen(client, "amsterdam", BSN)
    case, _ = await make_case(database)
    await client.get("/lang/ar", expect=302, redirect_to="/")
    page = await client.get("/amsterdam/mijn", expect=200)
    assert f"\u2066{case.reference}\u2069" in page.text
