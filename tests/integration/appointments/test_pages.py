"""The appointment pages over HTTP: booking step by step without JavaScript, the
manage link, moving and cancelling, and who gets a 404."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from portal import clock
from portal.appointments.config import config_of
from portal.appointments.models import Appointment
from tests.helpers.auth import login_citizen, login_employee, logout

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
DAY_LINK = re.compile(r'<td class="calendar-free"><a href="([^"]+)"')
TIME = re.compile(r'name="time" value="([0-9:]+)"')
# An anonymous booking ends on its confirmation, reached by the link that only the email has.
BOOKED_BY_LINK = re.compile(r"/amsterdam/appointments/link/[A-Za-z0-9_-]+\?done=booked")


def csrf(page) -> str:
    return html.unescape(CSRF.search(page.text).group(1))


def changeable_from(app, slug: str, type_id: str) -> date:
    """The first day whose every slot starts past the type's change limit (the tenant's
    appointments.toml), so an appointment booked there can still be moved."""
    kind = config_of(app.state.tenants[slug]).type(type_id)
    return clock.local_day(clock.now() + timedelta(hours=kind.change_limit_hours)) + timedelta(days=1)


def first_day_link(text: str, earliest: date, avoid: str | None = None) -> str | None:
    """The first day the calendar offers as free, from `earliest` on and other than `avoid`."""
    for link in (html.unescape(m) for m in DAY_LINK.findall(text)):
        day = re.search(r"day=([0-9-]+)", link).group(1)
        if day >= earliest.isoformat() and day != avoid:
            return link
    return None


async def free_day(client, url: str, earliest: date | None = None, avoid: str | None = None) -> str:
    """Look through this month and the next for such a day; without `earliest`, past the
    change limit of the type the URL names."""
    if earliest is None:
        parts = urlsplit(url)
        earliest = changeable_from(client.app, parts.path.split("/")[1], parse_qs(parts.query)["type"][0])
    page = await client.get(url, expect=200)
    link = first_day_link(page.text, earliest, avoid)
    if link is None:
        following = re.search(r'<ul class="calendar-nav">.*?<a href="([^"]+)">[^<]*<span class="visually-hidden">: [^<]*</span></a></li>\s*</ul>', page.text, re.S)
        page = await client.get(html.unescape(following.group(1)), expect=200)
        link = first_day_link(page.text, earliest, avoid)
    assert link is not None, f"no free day from {earliest} on (other than {avoid}) this month or the next"
    return link


async def walk_to_check(client, slug, type_id, location_id):
    """Type → location → day (first free) → time (first) → check page, as links and GET forms."""
    page = await client.get(f"/{slug}/appointments", expect=200)
    assert 'name="type"' in page.text
    page = await client.get(f"/{slug}/appointments", params={"step": "type", "type": type_id}, expect=200)
    if 'name="location"' in page.text:
        page = await client.get(f"/{slug}/appointments", params={"step": "location", "type": type_id, "location": location_id},
                                expect=200)
    page = await client.get(await free_day(client, str(page.url)), expect=200)
    first_time = TIME.search(page.text).group(1)
    params = dict(re.findall(r'type="hidden" name="(type|location|day|case)" value="([^"]*)"', page.text))
    page = await client.get(f"/{slug}/appointments", params={**params, "step": "time", "time": first_time}, expect=200)
    assert 'action="/' + slug + '/appointments/book"' in page.text
    fields = dict(re.findall(r'type="hidden" name="(type|location|day|time|case)" value="([^"]*)"', page.text))
    return page, fields


async def test_an_anonymous_citizen_books_moves_and_cancels_through_the_link(client, database):
    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    # Forgetting name and email: messages next to the fields, the choices kept, nothing stored.
    refused = await client.post("/amsterdam/appointments/book", data={**fields, "_csrf_token": csrf(page), "email": "x"}, expect=422)
    assert 'id="error-name"' in refused.text and 'id="error-email"' in refused.text
    assert 'href="#field-name"' in refused.text
    async with database.session("amsterdam") as session:
        assert (await session.scalars(select(Appointment))).all() == []

    done = await client.post("/amsterdam/appointments/book", data={
        **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"},
        expect=303, redirect_to=BOOKED_BY_LINK)
    link = done.headers["location"]
    confirmation = await client.get(link, expect=200)
    # The page says where the confirmation went (and so where the link to this page is).
    assert "Wij hebben een bevestiging met een agendabestand gestuurd naar noor@example.org." in confirmation.text
    assert "panel-success" in confirmation.text
    base = link.split("?")[0]
    ics = await client.get(base + "/calendar.ics", expect=200)
    assert b"BEGIN:VCALENDAR" in ics.content

    # Another day than the booked one: never the slot the appointment already has.
    move = await client.get(await free_day(client, base + "/move", changeable_from(client.app, "amsterdam", "schuldhulp"),
                                           avoid=fields["day"]), expect=200)
    times = TIME.findall(move.text)
    day = re.search(r'name="day" value="([0-9-]+)"', move.text).group(1)
    await client.post(base + "/move", data={"_csrf_token": csrf(move), "day": day, "time": times[-1]},
                      expect=303, redirect_to=base + "?done=moved")

    cancel = await client.get(base + "/cancel", expect=200)
    await client.post(base + "/cancel", data={"_csrf_token": csrf(cancel)}, expect=303, redirect_to=base + "?done=cancelled")
    async with database.session("amsterdam") as session:
        [appointment] = (await session.scalars(select(Appointment))).all()
        assert appointment.status == "cancelled" and appointment.sequence == 2
    # A made-up link finds nothing.
    await client.get("/amsterdam/appointments/link/not-a-real-token", expect=404)


async def test_a_missing_choice_is_named_next_to_the_field(client):
    page = await client.get("/rotterdam/appointments", params={"step": "type"}, expect=200)
    assert 'id="error-type"' in page.text and 'href="#field-type"' in page.text
    page = await client.get("/rotterdam/appointments", params={"step": "location", "type": "schuldhulp"}, expect=200)
    assert 'id="error-location"' in page.text and 'href="#field-location"' in page.text


async def test_a_type_that_needs_login_sends_the_anonymous_visitor_to_log_in(client):
    await client.get("/utrecht/appointments", params={"type": "intake-bijstand"}, expect=303,
                     redirect_to="/utrecht/login?next=%2Futrecht%2Fappointments%3Ftype%3Dintake-bijstand")


async def test_a_logged_in_citizen_books_and_others_cannot_reach_it(client, app):
    await login_citizen(client, "den-haag")
    page, fields = await walk_to_check(client, "den-haag", "intake-bijstand", "spui")
    done = await client.post("/den-haag/appointments/book", data={**fields, "_csrf_token": csrf(page), "email": "sanne@example.org"},
                             expect=303, redirect_to=re.compile(r"/den-haag/appointments/[0-9a-f-]{36}\?done=booked"))
    own = done.headers["location"].split("?")[0]
    await client.get(own, expect=200)  # the owner reaches each of these paths; below, nobody else does
    mine = await client.get("/den-haag/appointments/mine", expect=200)
    assert own in mine.text
    paths = [own, own + "/move", own + "/cancel", own + "/calendar.ics"]

    # Another citizen of the same city.
    await logout(client, "den-haag")
    other = [c for c in __import__("tests.helpers.auth", fromlist=["x"]).demo_people_of("den-haag").citizens][1]
    await login_citizen(client, "den-haag", other.bsn)
    for path in paths:
        await client.get(path, expect=404)
    cancel = await client.get("/den-haag/appointments/mine", expect=200)
    await client.post(own + "/cancel", data={"_csrf_token": csrf(cancel)}, expect=404)
    await logout(client, "den-haag")

    # A citizen of another city, and an employee of another city.
    await login_citizen(client, "rotterdam")
    for path in paths:
        await client.get(path, expect=404)
    await logout(client, "rotterdam")
    await login_employee(client, "utrecht", "caseworker")
    for path in paths + ["/den-haag/backoffice/appointments"]:
        await client.get(path, expect=404)


async def test_the_day_view_is_for_this_tenants_employees(client):
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get("/amsterdam/backoffice/appointments", params={"location": "centrum", "day": "2026-12-01"}, expect=200)
    assert "Stadsloket Centrum" in page.text
    await client.get("/amsterdam/backoffice/appointments/settings", expect=403)
    await logout(client, "amsterdam")
    await login_employee(client, "rotterdam", "admin")
    await client.get("/amsterdam/backoffice/appointments", expect=404)
    await client.get("/amsterdam/backoffice/appointments/settings", expect=404)
    await logout(client, "rotterdam")
    await login_citizen(client, "amsterdam")
    await client.get("/amsterdam/backoffice/appointments", expect=404)


async def test_the_back_office_home_shows_todays_appointments_per_location(client, app):
    await login_employee(client, "den-haag", "caseworker")
    response = await client.get("/den-haag/backoffice/", expect=200)
    assert "Afspraken vandaag" in response.text
    for location in app.state.tenants["den-haag"].section("appointments").locations:
        assert f"/den-haag/backoffice/appointments?location={location.id}" in response.text
    assert "/den-haag/backoffice/appointments/settings" not in response.text  # admins only


async def test_an_intake_booked_from_the_case_page_is_linked_to_the_case(client, app, database):
    from portal.auth.models import Citizen
    from portal.cases.service import open_case

    await login_citizen(client, "den-haag")
    tenant = app.state.tenants["den-haag"]
    async with database.session("den-haag") as session:
        citizen = await session.scalar(select(Citizen))
        case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        await session.commit()
    case_page = await client.get(f"/den-haag/zaken/{case.id}", expect=200)
    link = html.unescape(re.search(r'href="(/den-haag/appointments\?case=[^"]+)"', case_page.text).group(1))
    assert f"case={case.id}" in link and "type=intake-bijstand" in link
    await client.get(link, expect=200)
    page = await client.get("/den-haag/appointments", params={"step": "location", "type": "intake-bijstand", "location": "spui", "case": str(case.id)},
                            expect=200)
    page = await client.get(await free_day(client, str(page.url)), expect=200)
    first_time = TIME.search(page.text).group(1)
    params = dict(re.findall(r'type="hidden" name="(type|location|day|case)" value="([^"]*)"', page.text))
    assert params.get("case") == str(case.id)
    page = await client.get("/den-haag/appointments", params={**params, "step": "time", "time": first_time}, expect=200)
    fields = dict(re.findall(r'type="hidden" name="(type|location|day|time|case)" value="([^"]*)"', page.text))
    done = await client.post("/den-haag/appointments/book", data={**fields, "_csrf_token": csrf(page), "email": "sanne@example.org"},
                             expect=303, redirect_to=re.compile(r"/den-haag/appointments/[0-9a-f-]{36}\?done=booked"))
    appointment_path = done.headers["location"].split("?")[0]
    case_page = await client.get(f"/den-haag/zaken/{case.id}", expect=200)
    assert appointment_path in case_page.text

    # Someone else's case cannot be used to book.
    await logout(client, "den-haag")
    other = __import__("tests.helpers.auth", fromlist=["x"]).demo_people_of("den-haag").citizens[1]
    await login_citizen(client, "den-haag", other.bsn)
    await client.get(link, expect=404)


async def test_looking_at_the_day_view_is_audited(client, database):
    from portal.audit.models import AuditEntry

    await login_employee(client, "rotterdam", "caseworker")
    await client.get("/rotterdam/backoffice/appointments", expect=200)
    async with database.session("rotterdam") as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "appointments.day_viewed" in actions


async def test_a_booking_inside_the_change_limit_does_not_promise_a_link_to_move_it(client, app, database, settings):
    """Booked for soon: the confirmation must not tell the citizen the link can still move or
    cancel it, and the confirmation mail with its calendar file shows on the dev mail page."""
    from portal.notifications.outbox import DeliveryContext, drain

    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    done = await client.post("/amsterdam/appointments/book", data={
        **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"},
        expect=303, redirect_to=BOOKED_BY_LINK)
    link = done.headers["location"]
    promise = "verzetten of afzeggen zonder DigiD"  # part of the Dutch promise
    assert "zonder DigiD bekijken, verzetten of afzeggen" in (await client.get(link, expect=200)).text

    async with database.session("amsterdam") as session:
        appointment = await session.scalar(select(Appointment))
        length = appointment.end_at - appointment.start_at
        appointment.start_at = clock.now() + timedelta(hours=2)
        appointment.end_at = appointment.start_at + length
        await session.commit()
    soon = await client.get(link, expect=200)
    assert "Alleen met de link daarin kunt u deze afspraak zonder DigiD bekijken." in soon.text
    assert promise not in soon.text and "bekijken, verzetten" not in soon.text
    assert "Bel dan 14 020" in soon.text  # whom to call instead

    async with database.session("amsterdam") as session:
        await drain(DeliveryContext(settings=settings, session=session, tenant=app.state.tenants["amsterdam"],
                                    handlers=app.state.registry.outbox_handlers))
    mail = await client.get("/amsterdam/dev/mail", expect=200)
    assert "Uw afspraak is gemaakt" in mail.text
    assert "Bijlagen: afspraak.ics (text/calendar)" in mail.text


async def test_the_day_view_names_each_column_in_every_cell_for_the_phone_layout(client):
    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    await client.post("/amsterdam/appointments/book", data={
        **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"},
        expect=303, redirect_to=BOOKED_BY_LINK)
    await login_employee(client, "amsterdam", "caseworker")
    day = await client.get("/amsterdam/backoffice/appointments", params={"location": "centrum", "day": fields["day"]}, expect=200)
    assert "Noor Hendriks" in day.text
    for label in ("Tijd", "Wie", "Wat", "Zaak", "Aanwezig"):
        assert f'data-label="{label}"' in day.text, label
