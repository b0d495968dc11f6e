"""A citizen whose login carries only a BSN (as DigiD's does: names come from the BRP).

They are asked once how to address them and how to reach them; after that they book a
login-only appointment and apply like anyone, under the name they gave; they can change
it later; and a connected registry adapter (the BRP, later) fills the name instead.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.appointments.models import Appointment
from portal.auth.models import Citizen
from portal.auth.registry import RegisteredPerson
from portal.cases.models import Case
from portal.notifications.models import OutboxMessage
from tests.helpers.auth import demo_people_of, login_citizen, login_employee, logout
from tests.integration.applications.flow import BIJSTAND, csrf, fill, key_of, post, start
from tests.integration.appointments.test_pages import csrf as form_csrf
from tests.integration.appointments.test_pages import walk_to_check

SLUG = "den-haag"
PROFILE = f"/{SLUG}/mijn/gegevens"


def _bsn_only() -> str:
    return demo_people_of(SLUG).bsn_only[0].bsn


async def _give_details(client, *, name="Fatima el Amrani", email="fatima@example.org", next_url=f"/{SLUG}/mijn"):
    page = await client.get(f"{PROFILE}?next={next_url}", expect=200)
    assert "DigiD geeft ons uw burgerservicenummer, niet uw naam." in page.text
    await post(client, f"{PROFILE}?next={next_url}", {"name": name, "email": email, "phone": ""},
               expect=303, redirect_to=next_url)


async def test_a_bsn_only_citizen_is_asked_once_then_books_and_applies(client, database):
    await login_citizen(client, SLUG, _bsn_only(), details=None)
    # Every page that needs the name sends them to their details first, and back after.
    await client.get(f"/{SLUG}/mijn", expect=303, redirect_to=f"{PROFILE}?next=%2F{SLUG}%2Fmijn")
    refused = await post(client, f"{PROFILE}?next=/{SLUG}/mijn", {"name": "", "email": "not-an-address", "phone": "12"},
                         expect=400)
    for message in ("Vul uw naam in.", "Vul een e-mailadres in, zoals naam@voorbeeld.nl.", "Vul een telefoonnummer in"):
        assert message in refused.text
    await _give_details(client)
    overview = await client.get(f"/{SLUG}/mijn", expect=200)
    assert "Fatima" in overview.text

    # A login-only appointment: no name field on the form, the name given is used.
    page, fields = await walk_to_check(client, SLUG, "intake-bijstand", "spui")
    assert 'name="name"' not in page.text
    await client.post(f"/{SLUG}/appointments/book", data={**fields, "_csrf_token": form_csrf(page),
                                                          "email": "fatima@example.org"},
                      expect=303, redirect_to=re.compile(rf"/{SLUG}/appointments/[0-9a-f-]{{36}}\?done=booked"))

    # An application, sent: the case and its confirmation mail carry that name.
    draft = await start(client, SLUG)
    await fill(client, draft, {**BIJSTAND, "about_you": {**BIJSTAND["about_you"], "email": "fatima@example.org"}})
    await post(client, f"{draft}/submit", {"idempotency_key": await key_of(client, draft), "declaration": "yes"},
               expect=303, redirect_to=f"{draft}/confirmation")
    async with database.session(SLUG) as session:
        appointment = await session.scalar(select(Appointment))
        case = await session.scalar(select(Case))
        mail = await session.scalar(select(OutboxMessage).where(OutboxMessage.ref.like("application-confirmation:%")))
    assert appointment.name == "Fatima el Amrani"
    assert case.citizen_name == "Fatima el Amrani"
    assert mail.payload["body"].startswith("Beste Fatima,")

    # Asked once: the next login goes straight on.
    await logout(client, SLUG)
    await login_citizen(client, SLUG, _bsn_only(), details=None)
    await client.get(f"/{SLUG}/mijn", expect=200)


async def test_the_details_can_be_changed_and_are_nobody_elses_business(client, database):
    await login_citizen(client, SLUG, _bsn_only(), details=None)
    await _give_details(client)
    page = await client.get(PROFILE, expect=200)
    assert 'value="fatima@example.org"' in page.text
    await post(client, PROFILE, {"name": "F. el Amrani", "email": "f.elamrani@example.org", "phone": "06 12345678"},
               expect=303, redirect_to=f"{PROFILE}?done=saved")
    saved = await client.get(f"{PROFILE}?done=saved", expect=200)
    assert "Uw gegevens zijn opgeslagen." in saved.text and 'value="06 12345678"' in saved.text
    async with database.session(SLUG) as session:
        me = await session.scalar(select(Citizen).where(Citizen.bsn == _bsn_only()))
    assert (me.name, me.first_name, me.email, me.phone) == ("F. el Amrani", "F.", "f.elamrani@example.org", "06 12345678")
    await logout(client, SLUG)

    # Another citizen of the city sees their own details only; a citizen and an employee of
    # another city get nothing; nobody logged in is sent to log in.
    await login_citizen(client, SLUG)
    other = await client.get(PROFILE, expect=200)
    assert "f.elamrani@example.org" not in other.text and "F. el Amrani" not in other.text
    await logout(client, SLUG)
    await login_citizen(client, "rotterdam")
    await client.get(PROFILE, expect=404)
    await post(client, PROFILE, {"name": "X", "email": "x@example.org", "phone": ""}, expect=404)
    await logout(client, "rotterdam")
    await login_employee(client, "utrecht")
    await client.get(PROFILE, expect=404)
    await logout(client, "utrecht")
    await client.get(PROFILE, expect=303, redirect_to=f"/{SLUG}/login?next=%2F{SLUG}%2Fmijn%2Fgegevens")
    async with database.session(SLUG) as session:
        assert (await session.scalar(select(Citizen).where(Citizen.bsn == _bsn_only()))).name == "F. el Amrani"


class _Registry:
    """A registry adapter as the BRP's would be: it knows this one person."""

    def __init__(self, bsn: str):
        self.bsn = bsn

    async def lookup(self, tenant, bsn: str):
        return RegisteredPerson(name="Fatima el Amrani", first_name="Fatima") if bsn == self.bsn else None


async def test_a_registry_adapter_fills_the_name_so_nothing_is_asked(app, client):
    app.state.person_registry = _Registry(_bsn_only())
    await login_citizen(client, SLUG, _bsn_only(), details=None)
    overview = await client.get(f"/{SLUG}/mijn", expect=200)
    assert "Hallo Fatima." in overview.text
    assert csrf(client)  # the session works on as for anyone
