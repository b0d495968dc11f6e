"""A granted bijstand case starts a benefit; a declaration is kept once; the amount's figures."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.auth.models import Citizen
from portal.benefits import service
from portal.benefits.models import Benefit, Declaration
from tests.integration.benefits.conftest import granted_case


@pytest.fixture
def tenant(tenants):
    return tenants["amsterdam"]


@pytest.fixture
async def ams(tenant_session):
    return tenant_session("amsterdam")


@pytest.fixture
async def citizen(ams):
    person = Citizen(bsn="111222333", name="Sanne Jansen", first_name="Sanne", email=None, locale="nl")
    ams.add(person)
    await ams.flush()
    return person


async def test_the_grant_starts_a_benefit_with_the_household_iban_norm_and_payment_day(ams, tenant, citizen):
    case, _decision = await granted_case(ams, tenant, citizen)
    assert await ams.scalar(select(Benefit).where(Benefit.case_id == case.id)) is None
    await service.start_benefits_round(ams)
    await service.start_benefits_round(ams)  # a second round starts nothing more
    benefits = (await ams.scalars(select(Benefit).where(Benefit.case_id == case.id))).all()
    assert len(benefits) == 1
    benefit = benefits[0]
    assert benefit.start_date == date(2026, 1, 1)
    assert benefit.household["birth_date"] == "1986-04-12" and benefit.household["complete"]
    assert benefit.iban == "NL91ABNA0417164300"
    assert benefit.payment_day == tenant.section("benefits").payment_day == 27
    assert benefit.start_norm == Decimal("1401.50")  # single, 21 to AOW age, 1 January 2026


async def test_a_refused_or_other_scheme_starts_nothing(ams, tenant, citizen):
    case, decision = await granted_case(ams, tenant, citizen)
    decision.data = dict(decision.data, outcome="refused")
    assert await service.start_benefit(ams, case, decision) is None


async def test_the_same_declaration_twice_is_kept_once_and_a_second_for_the_month_is_refused(ams, tenant, citizen):
    case, decision = await granted_case(ams, tenant, citizen)
    benefit = await service.start_benefit(ams, case, decision)
    await ams.commit()
    lines = [{"person": "applicant", "kind": "work", "cents": 80000, "document_id": None}]
    first, new = await service.declare(ams, benefit, date(2026, 2, 1), lines, "key-1")
    again, new_again = await service.declare(ams, benefit, date(2026, 2, 1), lines, "key-1")
    assert new and not new_again and again.id == first.id
    with pytest.raises(service.DeclarationRefused):
        await service.declare(ams, benefit, date(2026, 2, 1), lines, "key-2")
    assert await ams.scalar(select(func.count()).select_from(Declaration)) == 1
    assert first.late is False  # 5 March, due 10 March


async def test_expected_amount_with_work_income_has_its_reasons(ams, tenant, citizen):
    case, decision = await granted_case(ams, tenant, citizen)
    benefit = await service.start_benefit(ams, case, decision)
    amount = await service.expected(ams, benefit, date(2026, 2, 1),
                                    [{"person": "applicant", "kind": "work", "cents": 80000}])
    assert (amount.norm, amount.disregard, amount.counted_income, amount.reserve, amount.to_pay) == (
        Decimal("1401.50"), Decimal("200.00"), Decimal("600.00"), Decimal("40.08"), Decimal("761.42"))
    assert {line.code: line.source for line in amount.lines}["disregard"] == "Participatiewet art. 31 lid 2 onder n"


async def test_a_late_declaration_is_marked_late(ams, tenant, citizen):
    from portal import clock
    from datetime import datetime, timezone

    case, decision = await granted_case(ams, tenant, citizen)
    benefit = await service.start_benefit(ams, case, decision)
    await ams.commit()
    with clock.moment(datetime(2026, 3, 11, 9, 0, tzinfo=timezone.utc)):
        declaration, _ = await service.declare(ams, benefit, date(2026, 2, 1), [], "late-key")
    assert declaration.late


def test_dates_of_the_frozen_answers_are_read():
    from portal.benefits.household import parse_day

    assert parse_day("5 maart 1990") == date(1990, 3, 5)
    assert parse_day("1990-03-05") == date(1990, 3, 5)
    assert parse_day("05-03-1990") == date(1990, 3, 5)
    assert parse_day("31 februari 1990") is None and parse_day("") is None
