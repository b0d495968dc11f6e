"""Marking attendance in the back office's day view, over HTTP on both databases: a
caseworker marks an appointment that has begun, which shows on the day, in the case
history and in the audit log; a role that does not receive citizens (the tenant admin)
and an employee of another city are refused, and nothing changes.

Time comes from the portal's clock: the requests run inside `clock.moment(...)`."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.appointments import booking
from portal.appointments.models import Appointment
from portal.audit.models import AuditEntry
from portal.cases.models import CaseEvent
from tests.helpers.auth import demo_employee, login_employee
from tests.integration.appointments.conftest import MONDAY_0900, NOW, link_for, make_citizen

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
DAY = "/amsterdam/backoffice/appointments?location=centrum&day=2026-10-26"  # MONDAY_0900's day
DURING = MONDAY_0900 + timedelta(minutes=20)


@pytest.fixture
async def booked(app, database):
    """An intake on Monday 26 October at 09:00 at Stadsloket Centrum, for a case."""
    from portal.cases.service import open_case

    tenant = app.state.tenants["amsterdam"]
    async with database.session("amsterdam") as session:
        citizen = await make_citizen(session)
        case = await open_case(session, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        appointment = (await booking.book(session, tenant, type_id="intake-bijstand", location_id="centrum",
                                          start=MONDAY_0900, name=citizen.name, email=citizen.email, locale="nl",
                                          link_for=link_for, citizen_id=citizen.id, case_id=case.id, now=NOW)).appointment
        await session.commit()
    return appointment


def _action(appointment) -> str:
    return f"/amsterdam/backoffice/appointments/{appointment.id}/attendance"


async def _state(database, appointment):
    """The appointment's status and marks, its case's appointment events, and the audit's marks."""
    async with database.session("amsterdam") as session:
        stored = await session.get(Appointment, appointment.id)
        events = (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == appointment.case_id,
                                                                 CaseEvent.kind == "appointment")
                                        .order_by(CaseEvent.sequence))).all()
        audited = (await session.scalars(select(AuditEntry).where(AuditEntry.action.like("appointment.%")))).all()
        return stored, [e.data["action"] for e in events], audited


async def test_a_caseworker_marks_attendance_in_the_day_view(client, database, booked):
    with clock.moment(DURING):
        await login_employee(client, "amsterdam", "caseworker")
        day = await client.get(DAY, expect=200)
        assert f'action="{_action(booked)}"' in day.text  # begun, not marked: the buttons show
        token = html.unescape(CSRF.search(day.text).group(1))
        await client.post(_action(booked), data={"_csrf_token": token, "outcome": "attended"},
                          expect=303, redirect_to=f"{DAY}&marked={booked.id}")
        marked = await client.get(f"{DAY}&marked={booked.id}", expect=200)
    row = re.search(r'<tr class="row-marked">(.*?)</tr>', marked.text, re.S).group(1)
    assert "Sanne Jansen" in row and 'class="tag tag-done">Gekomen<' in row
    assert f'action="{_action(booked)}"' not in marked.text  # marked once: no buttons any more

    stored, events, audited = await _state(database, booked)
    async with database.session("amsterdam") as session:
        from portal.auth.models import Employee

        worker = await session.scalar(select(Employee).where(Employee.subject == demo_employee("amsterdam").subject))
    assert (stored.status, stored.marked_by, stored.marked_at) == (Appointment.ATTENDED, worker.id, DURING)
    assert events == ["booked", "attended"]
    assert [(e.actor_id, e.case_id, e.subject) for e in audited] == [(worker.id, booked.case_id, f"appointment:{booked.id}")]


@pytest.mark.parametrize("who", ["admin of this city", "caseworker of another city"])
async def test_who_may_not_mark_is_refused_and_nothing_changes(client, database, booked, who):
    with clock.moment(DURING):
        if who == "admin of this city":
            # An admin sees the day (and the agenda settings) but does not receive citizens.
            await login_employee(client, "amsterdam", "admin")
            day = await client.get(DAY, expect=200)
            assert f'action="{_action(booked)}"' not in day.text  # no buttons that would be refused
            token = html.unescape(CSRF.search(day.text).group(1))
            expect = 403
        else:
            await login_employee(client, "rotterdam", "caseworker")
            token = html.unescape(CSRF.search((await client.get("/rotterdam/backoffice/appointments", expect=200)).text).group(1))
            expect = 404
        await client.post(_action(booked), data={"_csrf_token": token, "outcome": "no_show"}, expect=expect)

    stored, events, audited = await _state(database, booked)
    assert (stored.status, stored.marked_by, stored.marked_at) == (Appointment.BOOKED, None, None)
    assert events == ["booked"]
    assert audited == []
