"""What a decision letter and the case page state comes from the data that decides it:
the objection term and the reply promise from the tenant's cases.toml, and whether
news comes by email from the citizen's email address on record (cases.notify mails
nobody without one)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen
from portal.cases import atw, decisions, views
from portal.cases.models import CaseLetter
from portal.cases.service import open_case
from portal.domains import load_tenants
from portal.i18n import format_date, load_catalogs
from portal.settings import PROJECT_ROOT
from portal.tenancy.scope import tenant_of
from tests.conftest import make_settings
from tests.helpers.auth import login_citizen
from tests.helpers.tenant_files import tenants_with

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
BSN = "111222333"


@pytest.fixture(autouse=True)
def catalogs():
    """The letter is Dutch: its texts come from the catalogs an app would load."""
    load_catalogs(PROJECT_ROOT / "locales")


@pytest.fixture
def tenant_edits():
    """(file, old, new) edits of the shipped tenants; a test parametrizes it."""
    return ()


@pytest.fixture
def tenants_dir(tmp_path, tenant_edits):
    return tenants_with(tmp_path, *tenant_edits)


@pytest.fixture
def settings(app_database_url, tmp_path, tenants_dir):
    return make_settings(app_database_url, tmp_path / "var", tenants_dir=tenants_dir)


@pytest.fixture
def tenants(tenants_dir):
    return load_tenants(tenants_dir)


def text_of(page) -> str:
    return " ".join(html.unescape(page.text).split())


@pytest.mark.parametrize("objection_weeks, tenant_edits", [
    (w, [("amsterdam/cases.toml", "objection_term_weeks = 6", f"objection_term_weeks = {w}")]) for w in (4, 9)
])
async def test_the_letter_states_the_objection_term_of_the_tenant(ams, case, people, objection_weeks):
    decision = await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="assets_too_high")
    letter = await ams.scalar(select(CaseLetter).where(CaseLetter.case_id == case.id))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(letter.pdf)).pages).split())
    # Awb 6:8: from the day after sending; a last day on a weekend or holiday moves on (Atw).
    last_day = atw.next_working_day(clock.local_day(decision.at) + timedelta(weeks=objection_weeks))
    assert (f"U heeft daarvoor {objection_weeks} weken, vanaf de dag nadat deze brief is verstuurd: "
            f"tot en met {format_date(last_day, locale='nl')}.") in text
    state = await views.case_state(ams, case)
    assert state.objection_until == last_day  # the case page and the objection form count to the same day


async def case_of(database, bsn: str, email: str | None):
    """A case of the logged-in citizen, whose email address on record is set to `email`
    (a DigiD login brings none; the demo data and the back office can set one)."""
    async with database.session("amsterdam") as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == bsn))
        citizen.email = email
        case = await open_case(session, tenant=tenant_of(session), scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        await session.commit()
        return case


@pytest.mark.parametrize("days, tenant_edits", [
    (d, [("amsterdam/cases.toml", "reply_within_working_days = 5", f"reply_within_working_days = {d}")]) for d in (3, 8)
])
async def test_the_message_form_promises_the_reply_term_of_the_tenant(client, database, days):
    await login_citizen(client, "amsterdam", BSN)
    case = await case_of(database, BSN, "sanne@example.org")
    page = text_of(await client.get(f"/amsterdam/zaken/{case.id}", expect=200))
    assert f"We antwoorden binnen {days} werkdagen. U krijgt een e-mail als er een antwoord is." in page


@pytest.mark.parametrize("email", ["sanne@example.org", None])
async def test_the_case_page_promises_an_email_only_to_a_citizen_with_an_address(client, database, email):
    await login_citizen(client, "amsterdam", BSN)
    case = await case_of(database, BSN, email)
    url = f"/amsterdam/zaken/{case.id}"
    page = await client.get(url, expect=200)
    await client.post(f"{url}/bericht", data={"_csrf_token": html.unescape(CSRF.search(page.text).group(1)),
                                              "message": "Wanneer hoor ik iets?"},
                      expect=303, redirect_to=f"{url}?sent=message#messages")
    after = text_of(await client.get(f"{url}?sent=message", expect=200))
    by_email = email is not None
    assert ("We antwoorden binnen 5 werkdagen. U krijgt een e-mail als er een antwoord is." in after) is by_email
    assert ("Uw bericht is verstuurd. U krijgt een e-mail als er een antwoord is." in after) is by_email
    assert ("We antwoorden binnen 5 werkdagen. We hebben geen e-mailadres van u: kijk op deze pagina voor ons antwoord."
            in after) is not by_email
    assert ("Uw bericht is verstuurd. Ons antwoord komt op deze pagina: we hebben geen e-mailadres van u." in after) is not by_email
