"""The back office: attendance goes into the case history; the admin's agenda changes
are audited and never drop a booking silently."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.appointments import agenda, booking
from portal.appointments.models import Appointment
from portal.appointments.schedule import load_schedule
from portal.auth.models import Employee
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for, make_citizen


async def _employee(session, roles):
    employee = Employee(subject=f"e-{roles[0]}", name="Kim de Boer", roles=roles)
    session.add(employee)
    await session.flush()
    return employee


async def test_attendance_is_recorded_in_the_case_history(tenant_session, tenants):
    from portal.cases.models import CaseEvent
    from portal.cases.service import open_case

    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    citizen = await make_citizen(session)
    case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id, citizen_name=citizen.name, answers={})
    appointment = (await booking.book(session, tenant, type_id="intake-bijstand", location_id="centrum", start=MONDAY_0900,
                                      name=citizen.name, email=citizen.email, locale="nl", link_for=link_for,
                                      citizen_id=citizen.id, case_id=case.id, now=NOW)).appointment
    caseworker = await _employee(session, ["caseworker"])
    with pytest.raises(ValueError):  # not started yet
        await agenda.mark_attendance(session, appointment.id, "attended", employee=caseworker, now=NOW)
    await agenda.mark_attendance(session, appointment.id, "no_show", employee=caseworker, now=MONDAY_0900 + timedelta(minutes=20))
    assert appointment.status == Appointment.NO_SHOW and appointment.marked_by == caseworker.id
    events = (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "appointment")
                                     .order_by(CaseEvent.sequence))).all()
    assert [e.data["action"] for e in events] == ["booked", "no_show"]
    assert events[-1].actor_kind == "employee" and events[-1].actor_id == caseworker.id
    from portal.audit.models import AuditEntry

    audited = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "appointment.no_show"))).all()
    assert len(audited) == 1 and audited[0].case_id == case.id


async def test_a_change_of_hours_lists_the_bookings_it_leaves_out_and_is_audited(tenant_session, tenants):
    session = tenant_session("amsterdam")
    tenant = tenants["amsterdam"]
    config = tenant.section("appointments")
    citizen = await make_citizen(session)
    appointment = (await booking.book(session, tenant, type_id="intake-bijstand", location_id="centrum", start=MONDAY_0900,
                                      name=citizen.name, email=citizen.email, locale="nl", link_for=link_for,
                                      citizen_id=citizen.id, now=NOW)).appointment
    admin = await _employee(session, ["admin"])
    form = {f"hours-{d}": "09:00-12:30, 13:30-17:00" for d in ("tue", "wed", "thu")}
    form.update({"hours-mon": "13:00-17:00", "closed": "2026-12-24\n2026-12-31",
                 "counter-intake-bijstand": "1", "counter-inkomensconsulent": "2", "counter-werkcoach": "1",
                 "counter-schuldhulp": "1"})
    values, errors = agenda.parse_settings(config, "centrum", form)
    assert errors == {}
    affected = await agenda.save_settings(session, tenant, "centrum", values, employee=admin, now=NOW)
    assert [(a.id, why) for a, why in affected] == [(appointment.id, "hours")]
    # Still booked: the admin handles it, nothing is dropped.
    assert (await session.get(Appointment, appointment.id)).status == Appointment.BOOKED
    schedule = await load_schedule(session, config.location("centrum"))
    assert schedule.hours["mon"] == ["13:00-17:00"] and schedule.capacity("intake-bijstand") == 1
    from portal.audit.models import AuditEntry

    entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "appointments.agenda_changed"))).one()
    assert entry.subject == "location:centrum"


def test_bad_settings_are_named_per_field(tenants):
    config = tenants["amsterdam"].section("appointments")
    values, errors = agenda.parse_settings(config, "centrum", {
        "hours-mon": "9 to 5", "closed": "24-12-2026", "counter-intake-bijstand": "-1"})
    assert values is None
    assert set(errors) >= {"hours-mon", "closed", "counter-intake-bijstand", "counter-werkcoach"}
