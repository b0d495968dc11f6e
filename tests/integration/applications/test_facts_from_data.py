"""What the confirmation page and mail state comes from the data that decides it: the
decision term from the tenant's cases.toml (not the form file, not the code), whether a
confirmation went out from the outbox, the search-period age from the form file."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.cases import atw
from portal.cases.models import Case
from portal.domains import load_tenants
from portal.i18n import format_date
from portal.notifications.models import OutboxMessage
from tests.conftest import make_settings
from tests.helpers.auth import NOT_A_DEMO_BSN, login_citizen
from tests.helpers.tenant_files import tenants_with
from tests.integration.applications.flow import BIJSTAND, fill, key_of, post, start

ZAAKTYPE_BIJSTAND = 'scheme = "bijstand"\ndoorlooptijd_weeks = 8\n'


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


async def submitted(client, answers=BIJSTAND, bsn: str | None = None) -> str:
    """Log in, fill in and send a bijstand application at Amsterdam; its confirmation path."""
    await login_citizen(client, "amsterdam", bsn)
    draft = await start(client, "amsterdam")
    await fill(client, draft, answers)
    key = await key_of(client, draft)
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
               redirect_to=f"{draft}/confirmation")
    return f"{draft}/confirmation"


@pytest.mark.parametrize("weeks, tenant_edits", [
    (w, [("amsterdam/cases.toml", ZAAKTYPE_BIJSTAND, ZAAKTYPE_BIJSTAND.replace("= 8", f"= {w}"))]) for w in (5, 11)
])
async def test_the_decision_term_in_the_mail_and_on_the_page_is_the_zaaktype_term(client, database, weeks):
    # The form file still says decision_term_weeks = 8: the case's zaaktype decides.
    confirmation = await submitted(client)
    page = text_of(await client.get(confirmation, expect=200))
    async with database.session("amsterdam") as session:
        case = await session.scalar(select(Case))
        mail = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "email"))
    last_day = atw.next_working_day(clock.local_day(case.submitted_at) + timedelta(weeks=weeks))
    by = format_date(last_day, locale="nl")
    assert f"We beslissen uiterlijk op {by} (binnen {weeks} weken)." in page
    assert f"We beslissen uiterlijk op {by} (binnen {weeks} weken). Hebben we meer informatie nodig" in mail.payload["body"]
    assert clock.local_day(case.deadline_sort) == last_day  # the same day the queue sorts on


async def test_the_page_names_the_address_the_confirmation_was_queued_for(client, database):
    confirmation = await submitted(client)
    page = text_of(await client.get(confirmation, expect=200))
    async with database.session("amsterdam") as session:
        mails = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))).all()
    assert [m.payload["to"] for m in mails] == ["applicant@example.org"]
    assert "We hebben een bevestiging gestuurd naar applicant@example.org." in page
    assert "We hebben geen e-mailadres van u" not in page


@pytest.mark.parametrize("tenant_edits", [[(
    "amsterdam/forms/bijstand.toml", '"birth_date", "dutch_nationality", "in_detention", "email", "phone"]',
    '"birth_date", "dutch_nationality", "in_detention", "phone"]',
)]])
async def test_without_an_email_address_no_mail_and_the_page_says_where_the_application_is(client, database):
    # A form without the email question and a citizen whose login brings no address.
    answers = {**BIJSTAND, "about_you": {"birth_date": "14-05-1980", "phone": ""}}
    confirmation = await submitted(client, answers, bsn=NOT_A_DEMO_BSN)
    page = text_of(await client.get(confirmation, expect=200))
    async with database.session("amsterdam") as session:
        assert (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email"))).all() == []
    assert "bevestiging gestuurd" not in page
    assert ("We hebben geen e-mailadres van u, dus we hebben geen bevestiging per e-mail gestuurd. Deze pagina is uw "
            "bevestiging: noteer uw kenmerk. U vindt uw aanvraag, met wat u ons stuurde, altijd terug onder Mijn overzicht.") in page


def _born_years_ago(years: int) -> str:
    today = clock.today()
    return today.replace(year=today.year - years, day=1).strftime("%d-%m-%Y")


@pytest.mark.parametrize("age_limit, tenant_edits", [
    (27, []),
    (30, [("amsterdam/forms/bijstand.toml", "search_period_under = 27", "search_period_under = 30")]),
])
async def test_the_search_period_notice_names_the_age_limit_of_the_form(client, age_limit):
    answers = {**BIJSTAND, "about_you": {**BIJSTAND["about_you"], "birth_date": _born_years_ago(25)}}
    page = text_of(await client.get(await submitted(client, answers), expect=200))
    assert f"U bent jonger dan {age_limit}" in page
    assert "Eerst zoekt u 4 weken naar werk of een opleiding." in page
