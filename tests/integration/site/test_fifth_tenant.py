"""A fifth municipality, made by copying tenants/utrecht to `groningen` and changing only
data (tests/helpers/fifth_tenant.py), works end to end with no code change: home page
and host name, the check, logging in, an application with its reference, a booking,
the back office, the rules from the command line, and the landing page's footer."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from portal.app import create_app
from portal.cases.models import Case
from tests.helpers.auth import login_citizen, login_employee, logout
from tests.helpers.client import checked_client
from tests.helpers.fifth_tenant import HOST, REFERENCE_PREFIX, tenants_with_groningen
from tests.integration.applications.flow import post, ready_draft
from tests.integration.appointments.test_pages import csrf, walk_to_check
from tests.integration.checks.test_check import ANSWERS, _post as answer_check

SLUG = "groningen"


@pytest.fixture
def five_tenants(tmp_path):
    return tenants_with_groningen(tmp_path)


@pytest.fixture
async def groningen(settings, five_tenants):
    app = create_app(settings.with_overrides(tenants_dir=five_tenants))
    async with checked_client(app) as client:
        yield app, client


async def test_a_fifth_tenant_works_end_to_end(groningen, database):
    app, client = groningen
    # Home, by path and by its own host name; the landing page names all five.
    home = await client.get(f"/{SLUG}/", expect=200)
    assert "Gemeente Groningen" in home.text and "#1F5C3A" in home.text
    by_host = await client.get("/", headers={"host": HOST}, expect=200)
    assert "Gemeente Groningen" in by_host.text
    landing = await client.get("/", expect=200)
    assert "Een dienst van Amsterdam, Den Haag, Groningen, Rotterdam en Utrecht." in landing.text

    # The check, with Groningen's (copied) rule parameters.
    for step, form in ANSWERS.items():
        await answer_check(client, SLUG, step, form)
    result = await client.get(f"/{SLUG}/check-result", expect=200)
    assert f'href="/{SLUG}/apply/bijstand?from=check"' in result.text

    # Logging in, applying: the case carries Groningen's reference prefix.
    draft, key = await ready_draft(client, SLUG)
    await post(client, f"{draft}/submit", {"idempotency_key": key, "declaration": "yes"}, expect=303,
               redirect_to=f"{draft}/confirmation")
    confirmation = await client.get(f"{draft}/confirmation", expect=200)
    reference = re.search(rf"{REFERENCE_PREFIX}-\d{{4}}-000001", confirmation.text).group(0)

    # Booking an appointment that needs the login.
    page, fields = await walk_to_check(client, SLUG, "intake-bijstand", "stadskantoor")
    await client.post(f"/{SLUG}/appointments/book", data={**fields, "_csrf_token": csrf(page), "email": "a@example.org"},
                      expect=303, redirect_to=re.compile(rf"/{SLUG}/appointments/[0-9a-f-]{{36}}\?done=booked"))
    await logout(client, SLUG)

    # The back office: Groningen's caseworker sees the case; Utrecht's does not.
    async with database.session(SLUG) as session:
        case = await session.scalar(select(Case))
    assert case.reference == reference
    await login_employee(client, SLUG, "caseworker")
    queue = await client.get(f"/{SLUG}/backoffice/queue", expect=200)
    assert reference in queue.text
    await client.get(f"/{SLUG}/backoffice/cases/{case.id}", expect=200)
    await logout(client, SLUG)
    await login_employee(client, "utrecht", "caseworker")
    await client.get(f"/{SLUG}/backoffice/cases/{case.id}", expect=404)
    utrecht_queue = await client.get("/utrecht/backoffice/queue", expect=200)
    assert reference not in utrecht_queue.text


def test_the_rules_command_takes_the_fifth_tenant(five_tenants, monkeypatch, tmp_path):
    from portal.cli import main
    from portal.settings import PROJECT_ROOT

    monkeypatch.setenv("PORTAL_TENANTS_DIR", str(five_tenants))
    household = json.loads((PROJECT_ROOT / "examples" / "households" / "single.json").read_text())
    outcomes = {}
    for slug in (SLUG, "utrecht"):
        living_there = tmp_path / f"{slug}.json"
        living_there.write_text(json.dumps({**household, "municipality": slug}))
        result = CliRunner().invoke(main, ["rules", "evaluate", "--tenant", slug, "--date", "2026-12-01", str(living_there)])
        assert result.exit_code == 0, result.output
        outcomes[slug] = json.loads(result.output)
    assert outcomes[SLUG]["tenant"] == SLUG
    # Copied parameters: the same outcome and amount as in Utrecht, scheme by scheme.
    found = {slug: [(s["scheme"], s["outcome"], s["amount"]) for s in outcome["schemes"]] for slug, outcome in outcomes.items()}
    assert found[SLUG] == found["utrecht"]
    assert found[SLUG][0] == ("bijstand", "likely", "951.50")
