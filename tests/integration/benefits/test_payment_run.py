"""The payment run: one payment per benefit and month, a pain.001 file that validates
against the XSD and sums to the run, held months with their reason, resumable."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sepaxml
import xmlschema
from sqlalchemy import func, select

from portal.auth.models import Citizen
from portal.benefits import service
from portal.benefits.models import Payment, PaymentRun
from portal.benefits.payments import SCHEMA, run_payments
from tests.integration.benefits.conftest import granted_case

XSD = Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"
NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"}
FEB = date(2026, 2, 1)


@pytest.fixture
def tenant(tenants):
    return tenants["amsterdam"]


@pytest.fixture
async def ams(tenant_session):
    return tenant_session("amsterdam")


async def _benefit(ams, tenant, bsn, **kw):
    person = Citizen(bsn=bsn, name=f"Burger {bsn}", first_name="Burger", email=None, locale="nl")
    ams.add(person)
    await ams.flush()
    case, decision = await granted_case(ams, tenant, person, **kw)
    benefit = await service.start_benefit(ams, case, decision)
    await ams.commit()
    return benefit


async def _approved(ams, benefit, cents, key, worker):
    kind = "work" if cents else "none"
    declaration, _ = await service.declare(ams, benefit, FEB, [{"person": "applicant", "kind": kind, "cents": cents,
                                                                "document_id": None}], key)
    await service.approve(ams, declaration, worker)
    await ams.commit()
    return declaration


@pytest.fixture
async def worker(ams):
    from portal.auth.models import Employee

    employee = Employee(subject="pay-worker", name="W", email="w@example.org", roles=["caseworker"])
    ams.add(employee)
    await ams.flush()
    return employee


def _transactions(xml: str) -> list[tuple[str, Decimal]]:
    root = ElementTree.fromstring(xml)
    return [(tx.find("p:PmtId/p:EndToEndId", NS).text, Decimal(tx.find("p:Amt/p:InstdAmt", NS).text))
            for tx in root.iterfind(".//p:CdtTrfTxInf", NS)]


async def test_the_run_pays_each_benefit_once_in_a_file_that_validates_and_sums(ams, tenant, worker):
    working = await _benefit(ams, tenant, "111222333")
    idle = await _benefit(ams, tenant, "111238171")
    silent = await _benefit(ams, tenant, "123456782")
    await _approved(ams, working, 80000, "k1", worker)
    await _approved(ams, idle, 0, "k2", worker)

    first = await run_payments(ams, tenant, FEB)
    assert first.paid == 2
    assert [(b.id, reason) for b, reason in first.held] == [(silent.id, "no_declaration")]
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(first.run.sepa_xml)  # raises on any violation
    txs = _transactions(first.run.sepa_xml)
    assert sorted(amount for _, amount in txs) == [Decimal("761.42"), Decimal("1331.42")]
    root = ElementTree.fromstring(first.run.sepa_xml)
    assert Decimal(root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text) == first.run.total == Decimal("2092.84")
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text == "2"

    # The missing declaration comes in and is approved: the second run pays only that one.
    await _approved(ams, silent, 41250, "k3", worker)
    second = await run_payments(ams, tenant, FEB)
    assert second.paid == 1 and second.held == []
    schema.validate(second.run.sepa_xml)
    again = _transactions(second.run.sepa_xml)
    assert len(again) == 1 and not {e for e, _ in again} & {e for e, _ in txs}
    # A third run: nothing left to pay, no file.
    third = await run_payments(ams, tenant, FEB)
    assert third.paid == 0 and third.run.sepa_xml is None
    assert await ams.scalar(select(func.count()).select_from(Payment).where(Payment.status == Payment.PAID)) == 3
    payment = await ams.scalar(select(Payment).where(Payment.benefit_id == working.id))
    assert payment.amount == Decimal("761.42") and payment.figures["disregard"] == "200.00"
    assert payment.paid_on == date(2026, 3, 27)


async def test_a_late_unchecked_declaration_and_an_invalid_iban_are_held_with_the_reason(ams, tenant, worker):
    from datetime import datetime, timezone

    from portal import clock

    late = await _benefit(ams, tenant, "111222333")
    no_iban = await _benefit(ams, tenant, "111238171", iban="NL00FOUT0000000000")
    with clock.moment(datetime(2026, 3, 12, 9, 0, tzinfo=timezone.utc)):
        await service.declare(ams, late, FEB, [{"person": "applicant", "kind": "none", "cents": 0}], "late")
    await _approved(ams, no_iban, 0, "iban", worker)
    result = await run_payments(ams, tenant, FEB)
    assert result.paid == 0
    assert sorted(reason for _, reason in result.held) == ["late_declaration", "no_iban"]
    held = (await ams.scalars(select(Payment).where(Payment.status == Payment.HELD))).all()
    assert {p.hold_reason for p in held} == {"late_declaration", "no_iban"} and all(p.amount_cents == 0 for p in held)


async def test_a_crashed_run_is_resumed_and_its_payments_go_in_the_next_file(ams, tenant, worker, monkeypatch):
    from portal.benefits import payments

    one = await _benefit(ams, tenant, "111222333")
    two = await _benefit(ams, tenant, "111238171")
    await _approved(ams, one, 0, "a", worker)
    await _approved(ams, two, 0, "b", worker)

    async def crash(*args, **kwargs):
        raise RuntimeError("power cut before the file")

    monkeypatch.setattr(payments, "finish_run", crash)
    with pytest.raises(RuntimeError):
        await run_payments(ams, tenant, FEB)
    monkeypatch.undo()
    assert await ams.scalar(select(func.count()).select_from(Payment).where(Payment.status == Payment.PAID)) == 2
    resumed = await run_payments(ams, tenant, FEB)
    assert resumed.paid == 0  # nobody paid twice
    assert len(_transactions(resumed.run.sepa_xml)) == 2  # but the file holds the crashed run's payments
    runs = (await ams.scalars(select(PaymentRun))).all()
    assert all(r.finished_at is not None for r in runs)
