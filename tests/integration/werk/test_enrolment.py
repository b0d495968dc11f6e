"""Offers have a capacity: enrolling past it puts you on the waiting list, two citizens
racing for the last place get one place and one waiting-list entry (SQLite and
PostgreSQL), enrolling twice is one enrolment, and a cancelled place goes to the first
on the waiting list."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from portal.auth.models import Citizen
from portal.werk import service
from portal.werk.models import WerkEnrolment


async def _citizens(database, slug: str, n: int) -> list:
    async with database.session(slug) as session:
        people = [Citizen(bsn=f"{900000000 + i}", name=f"Burger {i}", first_name="Burger", locale="nl") for i in range(n)]
        session.add_all(people)
        await session.commit()
        return [p.id for p in people]


def _smallest_offer(tenants, slug):
    from portal import clock

    offers = [o for o in tenants[slug].section("werk").offers if o.ends_on >= clock.today()]
    return min(offers, key=lambda o: o.capacity)


async def test_two_citizens_racing_for_the_last_place_get_one_place_and_one_waiting_list_entry(database, tenants):
    offer = _smallest_offer(tenants, "utrecht")
    ids = await _citizens(database, "utrecht", offer.capacity + 1)
    earlier, (first, second) = ids[:-2], ids[-2:]
    for citizen_id in earlier:  # every place but the last is taken
        async with database.session("utrecht") as session:
            assert (await service.enrol(session, citizen_id=citizen_id, offer_id=offer.id)).status == "enrolled"

    async def enrol(citizen_id):
        async with database.session("utrecht") as session:
            row = await service.enrol(session, citizen_id=citizen_id, offer_id=offer.id)
            return row.status

    statuses = await asyncio.gather(enrol(first), enrol(second))
    assert sorted(statuses) == ["enrolled", "waiting"]
    async with database.session("utrecht") as session:
        seats = (await session.scalars(select(WerkEnrolment.seat).where(WerkEnrolment.offer_id == offer.id,
                                                                       WerkEnrolment.status == "enrolled"))).all()
        assert sorted(seats) == list(range(1, offer.capacity + 1))


async def test_enrolling_twice_is_one_enrolment_and_a_cancelled_place_goes_to_the_waiting_list(database, tenants):
    offer = _smallest_offer(tenants, "rotterdam")
    ids = await _citizens(database, "rotterdam", offer.capacity + 1)
    rows = []
    for citizen_id in ids:
        async with database.session("rotterdam") as session:
            rows.append(await service.enrol(session, citizen_id=citizen_id, offer_id=offer.id))
    assert [r.status for r in rows] == ["enrolled"] * offer.capacity + ["waiting"]
    async with database.session("rotterdam") as session:
        again = await service.enrol(session, citizen_id=ids[0], offer_id=offer.id)
        assert again.id == rows[0].id
        assert await session.scalar(select(func.count()).select_from(WerkEnrolment).where(WerkEnrolment.offer_id == offer.id)) == len(ids)
        await service.cancel_enrolment(session, citizen_id=ids[0], enrolment_id=rows[0].id)
    async with database.session("rotterdam") as session:
        waiting = await session.get(WerkEnrolment, rows[-1].id)
        cancelled = await session.get(WerkEnrolment, rows[0].id)
        assert (waiting.status, waiting.seat, cancelled.status, cancelled.seat) == ("enrolled", rows[0].seat, "cancelled", None)


async def test_an_unknown_offer_is_refused_and_writes_nothing(database):
    ids = await _citizens(database, "amsterdam", 1)
    async with database.session("amsterdam") as session:
        try:
            await service.enrol(session, citizen_id=ids[0], offer_id="no-such-offer")
        except service.WerkRefused as refused:
            assert refused.field == "offer_id"
        else:
            raise AssertionError("an unknown offer was accepted")
        assert await session.scalar(select(func.count()).select_from(WerkEnrolment)) == 0
