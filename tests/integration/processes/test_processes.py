"""A Wmo melding and a debt-help request from the citizen's side to the decision in the
back office, through the pages; idempotent submits, bad input, and nobody else gets in."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from portal.cases.service import Case
from portal.processes.models import ProcessSubmission
from tests.helpers.auth import login_citizen, login_employee

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
SANNE, MARK = "111222333", "111238171"


def token(text: str) -> str:
    return html.unescape(CSRF.search(text).group(1))


async def _cases(database, slug="amsterdam"):
    async with database.session(slug) as session:
        return list((await session.scalars(select(Case).where(Case.scheme.in_(["wmo", "schuldhulp"])))).all())


async def _melding(client, slug="amsterdam"):
    page = await client.get(f"/{slug}/hulp/wmo", expect=200)
    data = {"_csrf_token": token(page.text), "idempotency_key": KEY.search(page.text).group(1),
            "hulpvraag": "Ik kan het huishouden niet meer alleen.", "telefoon": "0612345678", "gesprek_thuis": "yes"}
    return page, data


async def test_a_wmo_melding_goes_through_conversation_report_application_and_decision(client, database, app):
    await login_citizen(client, "amsterdam", SANNE)
    page, data = await _melding(client)
    first = await client.post("/amsterdam/hulp/wmo", data=data, expect=303, redirect_to=re.compile(r"/amsterdam/hulp/zaak/.*"))
    # A double click or a reload of the post: the same case, not a second one.
    again = await client.post("/amsterdam/hulp/wmo", data=data, expect=303, redirect_to=re.compile(r"/amsterdam/hulp/zaak/.*"))
    assert first.headers["location"] == again.headers["location"]
    (case,) = await _cases(database)
    assert case.status == "melding" and case.answers["answers"]["gesprek_thuis"] == "yes"
    url = f"/amsterdam/hulp/zaak/{case.id}"
    overview = await client.get("/amsterdam/mijn", expect=200)
    assert f'href="{url}">Hulp thuis (Wmo)</a>' in overview.text
    mine = await client.get(url, expect=200)
    assert "Melding ontvangen" in mine.text and "Gesprek" in mine.text
    assert "Onderzoek klaar" in mine.text  # the six-week research term, with its last day

    await login_employee(client, "amsterdam")
    back = f"/amsterdam/backoffice/proces/{case.id}"
    file = await client.get(back, expect=200)
    assert "Ik kan het huishouden niet meer alleen." in file.text
    # A step the definition does not allow from here: refused, nothing written.
    await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "besluit"}, expect=400)
    await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "gesprek"}, expect=303, redirect_to=back)
    await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "verslag"}, expect=303, redirect_to=back)
    await client.post(f"{back}/document", data={"_csrf_token": token(file.text), "document": "verslag", "text": ""},
                     expect=400)
    await client.post(f"{back}/document", data={"_csrf_token": token(file.text), "document": "verslag",
                                               "text": "Mevrouw heeft hulp nodig bij schoonmaken."},
                     expect=303, redirect_to=back)

    await login_citizen(client, "amsterdam", SANNE)
    report = await client.get(url, expect=200)
    assert "Mevrouw heeft hulp nodig bij schoonmaken." in report.text
    await client.post(f"{url}/reactie", data={"_csrf_token": token(report.text), "document": "verslag", "comment": ""},
                      expect=400)
    await client.post(f"{url}/reactie", data={"_csrf_token": token(report.text), "document": "verslag",
                                              "comment": "Ook boodschappen zijn lastig."},
                      expect=303, redirect_to=f"{url}?sent=comment")
    # The application: its question is required.
    bad = await client.post(f"{url}/stap", data={"_csrf_token": token(report.text), "to": "aanvraag", "voorziening": ""},
                            expect=400)
    assert 'href="#field-voorziening"' in bad.text
    await client.post(f"{url}/stap", data={"_csrf_token": token(report.text), "to": "aanvraag",
                                           "voorziening": "Huishoudelijke hulp"},
                      expect=303, redirect_to=f"{url}?sent=step")

    await login_employee(client, "amsterdam")
    back = f"/amsterdam/backoffice/proces/{case.id}"
    file = await client.get(back, expect=200)
    assert "Ook boodschappen zijn lastig." in file.text
    await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "besluit"}, expect=400)
    await client.post(f"{back}/stap", data={"_csrf_token": token(file.text), "to": "besluit", "decision": "toegekend"},
                     expect=303, redirect_to=back)
    await login_citizen(client, "amsterdam", SANNE)
    done = await client.get(url, expect=200)
    assert "U krijgt hulp thuis" in done.text
    (case,) = await _cases(database)
    assert case.closed and case.status == "besluit"


async def test_bad_input_keeps_what_was_typed_and_writes_nothing(client, database):
    await login_citizen(client, "amsterdam", SANNE)
    page, data = await _melding(client)
    data.update(hulpvraag="", gesprek_thuis="misschien")
    bad = await client.post("/amsterdam/hulp/wmo", data=data, expect=400)
    assert 'href="#field-hulpvraag"' in bad.text and 'href="#field-gesprek_thuis"' in bad.text
    assert "0612345678" in bad.text
    assert await _cases(database) == []
    async with database.session("amsterdam") as session:
        assert (await session.scalars(select(ProcessSubmission))).all() == []


async def test_an_urgent_debt_help_request_is_flagged_with_its_three_working_day_term(client, database):
    await login_citizen(client, "amsterdam", SANNE)
    page = await client.get("/amsterdam/hulp/schuldhulp", expect=200)
    data = {"_csrf_token": token(page.text), "idempotency_key": KEY.search(page.text).group(1),
            "situatie": "Huurachterstand van drie maanden.", "telefoon": "0612345678",
            "huisuitzetting": "yes", "afsluiting": "no", "zorgverzekering": "no"}
    await client.post("/amsterdam/hulp/schuldhulp", data=data, expect=303, redirect_to=re.compile(r"/amsterdam/hulp/zaak/.*"))
    (case,) = await _cases(database)
    assert case.answers["urgent"] is True and case.answers["flags"] == ["urgent"]
    from portal.cases.service import is_working_day
    from portal.clock import local_day

    day, count = local_day(case.submitted_at), 0
    from datetime import timedelta
    while count < 3:
        day += timedelta(days=1)
        count += is_working_day(day)
    assert case.deadline_sort is not None and local_day(case.deadline_sort) == day
    page = await client.get(f"/amsterdam/hulp/zaak/{case.id}", expect=200)
    assert "Eerste gesprek (spoed)" in page.text


async def test_nobody_else_gets_the_case(client, database, app):
    await login_citizen(client, "amsterdam", SANNE)
    page, data = await _melding(client)
    await client.post("/amsterdam/hulp/wmo", data=data, expect=303, redirect_to=re.compile(r"/amsterdam/hulp/zaak/.*"))
    (case,) = await _cases(database)
    await login_citizen(client, "amsterdam", MARK)
    await client.get(f"/amsterdam/hulp/zaak/{case.id}", expect=404)
    own = await client.get("/amsterdam/hulp/wmo", expect=200)
    await client.post(f"/amsterdam/hulp/zaak/{case.id}/reactie", data={"_csrf_token": token(own.text), "comment": "x"},
                      expect=404)
    await login_citizen(client, "rotterdam")
    await client.get(f"/rotterdam/hulp/zaak/{case.id}", expect=404)
    await client.get(f"/amsterdam/hulp/zaak/{case.id}", expect=404)
    await login_employee(client, "rotterdam")
    await client.get(f"/rotterdam/backoffice/proces/{case.id}", expect=404)
    await client.get(f"/amsterdam/backoffice/proces/{case.id}", expect=404)
    # Inburgering is opened by the municipality, not by the citizen; an unknown process is nothing.
    await client.get("/amsterdam/hulp/inburgering", expect=404)
    await client.get("/amsterdam/hulp/bijstand", expect=404)
    await client.get("/amsterdam/hulp/onbekend", expect=404)


async def test_process_cases_are_in_the_work_queue_and_the_case_file(client, database):
    await login_citizen(client, "amsterdam", SANNE)
    page = await client.get("/amsterdam/hulp/schuldhulp", expect=200)
    data = {"_csrf_token": token(page.text), "idempotency_key": KEY.search(page.text).group(1),
            "situatie": "Energierekening niet betaald.", "telefoon": "0612345678",
            "huisuitzetting": "no", "afsluiting": "yes", "zorgverzekering": "no"}
    await client.post("/amsterdam/hulp/schuldhulp", data=data, expect=303, redirect_to=re.compile(r"/amsterdam/hulp/zaak/.*"))
    (case,) = await _cases(database)
    await login_employee(client, "amsterdam")
    queue = await client.get("/amsterdam/backoffice/queue", expect=200)
    row = re.search(rf'<tr class="queue-item[^"]*">(?:(?!</tr>).)*{case.reference}(?:(?!</tr>).)*</tr>', queue.text, re.S).group(0)
    assert f"/amsterdam/backoffice/proces/{case.id}" in row and "Spoed" in row and "Hulp bij schulden" in row
    # The generic case file sends a process case to its own page; the income actions do nothing to it.
    await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=303, redirect_to=f"/amsterdam/backoffice/proces/{case.id}")
    await client.post(f"/amsterdam/backoffice/cases/{case.id}/propose", data={"_csrf_token": token(queue.text)},
                      expect=303, redirect_to=f"/amsterdam/backoffice/proces/{case.id}")
    async with database.session("amsterdam") as session:
        assert (await session.get(type(case), case.id)).status == case.status
    # First on the back office's home: the urgent request with its three-working-day term.
    home = await client.get("/amsterdam/backoffice", expect=200)
    assert home.text.index("Spoedaanvragen") < home.text.index(case.reference)
    assert "Eerste gesprek (spoed): uiterlijk op" in home.text
    # A citizen finds the two requests on the city's home page.
    start = await client.get("/amsterdam/", expect=200)
    assert "/amsterdam/hulp/wmo" in start.text and "/amsterdam/hulp/schuldhulp" in start.text
