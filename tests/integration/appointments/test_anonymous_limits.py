"""Booking without logging in cannot be used to fill the agenda or a stranger's mailbox:
daily limits per email address and per computer (appointments.toml), and no web or mail
address in the name the city's mail greets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.appointments import booking
from portal.appointments.models import Appointment
from portal.notifications.models import OutboxMessage
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for

CLIENT = booking.client_key("test-secret", "198.51.100.7")


async def _start(session, tenant, n: int):
    """The n-th slot of debt-help meetings in the week of MONDAY_0900."""
    from portal import clock
    from portal.appointments.schedule import load_schedule, slot_starts

    config = tenant.section("appointments")
    kind, location = config.type("schuldhulp"), config.location("centrum")
    schedule = await load_schedule(session, location)
    day = clock.local_day(MONDAY_0900)
    starts = [start for offset in range(5) for start in slot_starts(schedule, kind, day + timedelta(days=offset))]
    return starts[n]


async def _anonymous(session, tenant, n: int, *, email="stranger@example.org", client=CLIENT, name="Noor Hendriks", now=NOW):
    """An anonymous booking in the n-th slot."""
    return await booking.book(session, tenant, type_id="schuldhulp", location_id="centrum",
                              start=await _start(session, tenant, n), name=name, email=email, locale="nl",
                              link_for=link_for, now=now, client=client)


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_an_email_address_gets_at_most_the_tenants_number_of_anonymous_bookings_a_day(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    assert tenant.section("appointments").anonymous_per_address_per_day == 3
    for n in range(3):
        await _anonymous(session, tenant, n, client=booking.client_key("test-secret", f"198.51.100.{n}"))
    mails = await _count(session, OutboxMessage)
    with pytest.raises(booking.BookingError) as refused:
        await _anonymous(session, tenant, 3, email="Stranger@Example.org", client=booking.client_key("test-secret", "203.0.113.1"))
    assert refused.value.field == "email"
    assert refused.value.message == ("Vandaag zijn met dit e-mailadres al 3 afspraken gemaakt zonder in te loggen. "
                                     "Log in met DigiD om nog een afspraak te maken, of bel ons.")
    assert await _count(session, Appointment) == 3 and await _count(session, OutboxMessage) == mails
    # Tomorrow the address may book again.
    await _anonymous(session, tenant, 4, now=NOW + timedelta(days=1))


async def test_a_computer_gets_at_most_the_tenants_number_of_anonymous_bookings_a_day(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    limit = tenant.section("appointments").anonymous_per_client_per_day
    for n in range(limit):
        await _anonymous(session, tenant, n, email=f"person{n}@example.org")
    with pytest.raises(booking.BookingError) as refused:
        await _anonymous(session, tenant, limit, email="someone.else@example.org")
    assert refused.value.message == (f"Vandaag zijn vanaf deze computer al {limit} afspraken gemaakt zonder in te loggen. "
                                     "Log in met DigiD om nog een afspraak te maken, of bel ons.")
    # A cancelled booking no longer counts.
    first = (await session.scalars(select(Appointment).order_by(Appointment.start_at))).first()
    await booking.cancel(session, tenant, first.id, now=NOW)
    await _anonymous(session, tenant, limit, email="someone.else@example.org")


def test_the_limits_are_tenant_settings(tenants):
    from portal.appointments.config import check

    config = tenants["amsterdam"].section("appointments")
    import msgspec

    wrong = msgspec.structs.replace(config, anonymous_per_address_per_day=0, anonymous_per_client_per_day=101)
    assert ("anonymous_per_address_per_day", "must be between 1 and 100") in check(wrong, tenants["amsterdam"])
    assert ("anonymous_per_client_per_day", "must be between 1 and 100") in check(wrong, tenants["amsterdam"])


@pytest.mark.parametrize("name", [
    "https://digid-verificatie.example/inloggen?code=123 Jansen",
    "www.digid-check.nl Jansen",
    "Jansen digid-check.nl/login",
    "Jansen via jansen@example.org",
    "Kijk op digid-hulp.com",
])
def test_a_web_or_mail_address_in_the_name_is_refused(name):
    assert booking.contact_errors(name, "a@example.org") == {"name": "Vul alleen uw naam in, zonder web- of e-mailadres."}


@pytest.mark.parametrize("name", ["J.P. de Vries", "Noor Hendriks-El Amrani", "A. B. Çelik", "Ümit O'Brien"])
def test_ordinary_names_pass(name):
    assert booking.contact_errors(name, "a@example.org") == {}


async def test_over_the_web_the_name_is_checked_and_the_computer_counted(client, database):
    from tests.integration.appointments.test_pages import BOOKED_BY_LINK, csrf, walk_to_check

    page, fields = await walk_to_check(client, "amsterdam", "schuldhulp", "centrum")
    refused = await client.post("/amsterdam/appointments/book", expect=422, data={
        **fields, "_csrf_token": csrf(page), "name": "https://digid-verificatie.example/inloggen?code=1 Jansen",
        "email": "stranger@example.org"})
    assert "Vul alleen uw naam in, zonder web- of e-mailadres." in refused.text
    await client.post("/amsterdam/appointments/book", expect=303, redirect_to=BOOKED_BY_LINK, data={
        **fields, "_csrf_token": csrf(page), "name": "Noor Hendriks", "email": "noor@example.org"})
    async with database.session("amsterdam") as session:
        [appointment] = (await session.scalars(select(Appointment))).all()
    assert appointment.client_key == booking.client_key(client.app.state.settings.secret_key, "testclient")
