"""The declaration reminders: before the due day, after it when nothing came, each once."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen
from portal.benefits import service
from portal.benefits.reminders import reminder_round
from portal.notifications.models import OutboxMessage
from tests.integration.benefits.conftest import granted_case


@pytest.fixture
async def ams(tenant_session):
    return tenant_session("amsterdam")


async def test_a_reminder_before_and_after_the_due_day_once_each_and_none_after_declaring(ams, tenants):
    person = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email="sanne@example.org", locale="nl")
    ams.add(person)
    await ams.flush()
    case, decision = await granted_case(ams, tenants["amsterdam"], person)
    benefit = await service.start_benefit(ams, case, decision)
    await ams.commit()
    # Amsterdam: due on the 10th, reminders 3 days before and 2 days after.
    with clock.moment(datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)):
        assert await reminder_round(ams) == 0
    with clock.moment(datetime(2026, 3, 7, 9, 0, tzinfo=timezone.utc)):
        assert await reminder_round(ams) == 1
        assert await reminder_round(ams) == 0  # once
    with clock.moment(datetime(2026, 3, 12, 9, 0, tzinfo=timezone.utc)):
        assert await reminder_round(ams) == 1
    mails = (await ams.scalars(select(OutboxMessage).where(OutboxMessage.ref.like("benefit-reminder:%")))).all()
    assert len(mails) == 2
    body = " ".join(str(m.payload) for m in mails)
    assert "Sanne" in body and "Jansen" not in body and "/amsterdam/uitkering/opgave" in body
    with clock.moment(datetime(2026, 4, 7, 9, 0, tzinfo=timezone.utc)):
        await service.declare(ams, benefit, date(2026, 3, 1), [], "k")
        assert await reminder_round(ams) == 0  # declared: no reminder
