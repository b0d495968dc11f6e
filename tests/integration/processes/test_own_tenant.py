"""A process defined only in a test's own tenant folder runs end to end: a fifth city made
from Utrecht's folder (tests/helpers/fifth_tenant.py) with one more case type in its
processes/ folder, and no code change: the check, the citizen's request, the back
office's steps and decision; the other cities do not have it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from portal.app import create_app
from portal.cases.service import Case
from portal.domains import load_tenants
from tests.helpers.auth import login_citizen, login_employee
from tests.helpers.client import checked_client
from tests.helpers.fifth_tenant import tenants_with_groningen

SLUG = "groningen"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')

# Mantelzorgwaardering: a yearly appreciation for carers, a municipal scheme (Wmo 2015
# art. 2.1.6 asks the council to regulate it); the decision term is the Awb's default.
MANTELZORG = '''
id = "mantelzorg"
law = "Wmo 2015 art. 2.1.6 (BWBR0035362); Awb 4:13"
start = "aanvraag"
name = { nl = "Mantelzorgwaardering", en = "Carer appreciation" }

[[steps]]
id = "aanvraag"
actor = "municipality"
form = "aanvraag"
to = ["beoordeling"]
title = { nl = "Aanvraag ontvangen", en = "Application received" }
now = { nl = "We hebben uw aanvraag voor de mantelzorgwaardering.", en = "We have your application." }
later = { nl = "U vraagt de mantelzorgwaardering aan.", en = "You apply." }

[[steps]]
id = "beoordeling"
actor = "partner"
to = ["besluit"]
title = { nl = "Beoordeling door het steunpunt", en = "Assessment by the carers' centre" }
now = { nl = "Het steunpunt mantelzorg bekijkt uw aanvraag.", en = "The carers' centre looks at it." }
later = { nl = "Het steunpunt mantelzorg bekijkt uw aanvraag.", en = "The carers' centre looks at it." }

[[steps]]
id = "besluit"
actor = "municipality"
decisions = ["ja"]
title = { nl = "Besluit", en = "Decision" }
now = { nl = "We hebben besloten.", en = "We have decided." }
later = { nl = "U krijgt ons besluit.", en = "You get our decision." }

[[terms]]
id = "besluit"
from = "aanvraag"
until = "besluit"
length = 8
unit = "weeks"
label = { nl = "Besluit mantelzorgwaardering", en = "Decision" }
source = { article = "Awb, art. 4:13 lid 2", url = "https://wetten.overheid.nl/BWBR0005537/", confirmed = true }

[[forms]]
id = "aanvraag"
title = { nl = "Mantelzorgwaardering aanvragen", en = "Apply for the carer appreciation" }

[[forms.fields]]
id = "voor_wie"
kind = "text"
label = { nl = "Voor wie zorgt u?", en = "Whom do you care for?" }

[[decisions]]
id = "ja"
outcome = "granted"
letter = "ja"
label = { nl = "Toegekend", en = "Granted" }

[[letters]]
id = "ja"
subject = { nl = "U krijgt de mantelzorgwaardering", en = "You get the carer appreciation" }
body = { nl = "Dank u voor uw zorg.", en = "Thank you for your care." }
'''


@pytest.fixture
def folder(tmp_path):
    folder = tenants_with_groningen(tmp_path)
    (folder / SLUG / "processes" / "mantelzorg.toml").write_text(MANTELZORG, encoding="utf-8")
    return folder


def token(text: str) -> str:
    import html

    return html.unescape(CSRF.search(text).group(1))


def test_the_check_takes_the_new_process_and_names_its_file_when_it_is_wrong(folder):
    from portal.cli import main

    assert CliRunner().invoke(main, ["tenants", "check", "--dir", str(folder)]).exit_code == 0
    file = folder / SLUG / "processes" / "mantelzorg.toml"
    file.write_text(MANTELZORG.replace('until = "besluit"', 'until = "uitbetaling"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["tenants", "check", "--dir", str(folder)])
    assert result.exit_code == 1 and f"{file}: terms[0].until: 'uitbetaling' is not a step" in result.output


async def test_a_process_of_only_this_tenant_runs_end_to_end(folder, settings, database):
    assert "mantelzorg" in {d.id for d in load_tenants(folder)[SLUG].section("processes").values()}
    app = create_app(settings.with_overrides(tenants_dir=folder))
    async with checked_client(app) as client:
        await login_citizen(client, SLUG)
        home = await client.get(f"/{SLUG}/", expect=200)
        assert f"/{SLUG}/hulp/mantelzorg" in home.text
        page = await client.get(f"/{SLUG}/hulp/mantelzorg", expect=200)
        await client.post(f"/{SLUG}/hulp/mantelzorg", data={"_csrf_token": token(page.text),
                                                             "idempotency_key": KEY.search(page.text).group(1),
                                                             "voor_wie": "Mijn moeder"},
                          expect=303, redirect_to=re.compile(rf"/{SLUG}/hulp/zaak/.*"))
        async with database.session(SLUG) as session:
            case = await session.scalar(select(Case).where(Case.scheme == "mantelzorg"))
        assert case.reference.startswith("GRO-") and case.status == "aanvraag"
        mine = await client.get(f"/{SLUG}/hulp/zaak/{case.id}", expect=200)
        assert "Besluit mantelzorgwaardering: uiterlijk op" in mine.text

        await login_employee(client, SLUG)
        queue = await client.get(f"/{SLUG}/backoffice/queue", expect=200)
        assert case.reference in queue.text and "Mantelzorgwaardering" in queue.text
        back = f"/{SLUG}/backoffice/proces/{case.id}"
        file = await client.get(back, expect=200)
        await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "beoordeling"},
                          expect=303, redirect_to=back)
        await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "besluit", "decision": "ja"},
                          expect=303, redirect_to=back)
        await login_citizen(client, SLUG)
        done = await client.get(f"/{SLUG}/hulp/zaak/{case.id}", expect=200)
        assert "U krijgt de mantelzorgwaardering" in done.text
        # Utrecht, whose folder it was copied from, has no such process.
        await login_citizen(client, "utrecht")
        await client.get("/utrecht/hulp/mantelzorg", expect=404)
