"""A change: a housemate of 30 moving in lowers the norm from that month through the
cost-sharer rule (Participatiewet art. 22a), and a month already paid shows the overpayment."""

from datetime import date
from decimal import Decimal

import pytest

from portal.auth.models import Citizen, Employee
from portal.benefits import changes, service
from portal.benefits.payments import run_payments
from tests.integration.benefits.conftest import granted_case


@pytest.fixture
async def ams(tenant_session):
    return tenant_session("amsterdam")


async def test_a_housemate_of_30_lowers_the_norm_and_the_paid_month_shows_the_overpayment(ams, tenants):
    tenant = tenants["amsterdam"]
    person = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email=None, locale="nl")
    worker = Employee(subject="chg", name="W", email="w@example.org", roles=["caseworker"])
    ams.add_all([person, worker])
    await ams.flush()
    case, decision = await granted_case(ams, tenant, person)
    benefit = await service.start_benefit(ams, case, decision)
    await ams.commit()
    declaration, _ = await service.declare(ams, benefit, date(2026, 2, 1), [{"person": "applicant", "kind": "none", "cents": 0}], "k")
    await service.approve(ams, declaration, worker)
    await ams.commit()
    await run_payments(ams, tenant, date(2026, 2, 1))  # February paid at the single norm: 1.331,42

    happened_on, data = changes.validate("housemate_in", "2026-02-01", "1996-01-15", date(2026, 3, 5))
    months = await changes.effect(ams, benefit, "housemate_in", happened_on, data)
    february = months[0]
    assert february.month == date(2026, 2, 1)
    assert (february.norm_before, february.norm_after) == (Decimal("1401.50"), Decimal("1001.07"))  # (40+30x2)/200 x 2.002,13
    assert february.paid == Decimal("1331.42") and february.amount_after == Decimal("951.02")
    assert february.difference == Decimal("380.40")  # overpaid
    assert months[1].month == date(2026, 3, 1) and months[1].paid is None and months[1].amount_after == Decimal("951.02")

    # A housemate of 25 is no cost-sharer: nothing changes.
    _, young = changes.validate("housemate_in", "2026-02-01", "2001-01-15", date(2026, 3, 5))
    assert (await changes.effect(ams, benefit, "housemate_in", happened_on, young))[0].difference == Decimal("0.00")

    change = await changes.report(ams, benefit, "housemate_in", happened_on, data, "chg-key")
    assert (await changes.report(ams, benefit, "housemate_in", happened_on, data, "chg-key")).id == change.id
    await changes.confirm(ams, change, worker)
    await ams.commit()
    march = await service.expected(ams, benefit, date(2026, 3, 1), [])
    assert march.norm == Decimal("1001.07")
    january = await service.expected(ams, benefit, date(2026, 1, 1), [])
    assert january.norm == Decimal("1401.50")  # before the change: the old household


def test_bad_change_input_names_each_field():
    with pytest.raises(changes.ChangeRefused) as refused:
        changes.validate("housemate_in", "15-03-2026", "", date(2026, 3, 5))
    assert set(refused.value.errors) == {"happened_on", "birth_date"}
    with pytest.raises(changes.ChangeRefused) as refused:
        changes.validate("burglary", "2026-03-01", "", date(2026, 3, 5))
    assert set(refused.value.errors) == {"kind"}
