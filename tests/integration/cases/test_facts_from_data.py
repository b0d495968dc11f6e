"""What a decision letter and the case page state comes from the data that decides it:
the objection term from the tenant's cases.toml (objection_term_weeks)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal import clock
from portal.cases import atw, decisions, views
from portal.cases.models import CaseLetter
from portal.domains import load_tenants
from portal.i18n import format_date, load_catalogs
from portal.settings import PROJECT_ROOT
from tests.helpers.tenant_files import tenants_with


@pytest.fixture(autouse=True)
def catalogs():
    """The letter is Dutch: its texts come from the catalogs an app would load."""
    load_catalogs(PROJECT_ROOT / "locales")


@pytest.fixture
def tenants(tmp_path, objection_weeks):
    return load_tenants(tenants_with(tmp_path, (
        "amsterdam/cases.toml", "objection_term_weeks = 6", f"objection_term_weeks = {objection_weeks}")))


@pytest.mark.parametrize("objection_weeks", [4, 9])
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
