"""Demo cases: two demo citizens per tenant whose cases stand in every status.

Each of the first two demo citizens (Sanne Jansen and Mark de Vries in Amsterdam, as
the README promises) has open cases (received, being handled, waiting for their
answer) and decided ones (a fresh decision with its letter and the objection term
running, a decision under objection, one closed long ago, and for a city pass an
ended entitlement). Histories are replayed through the real case
services at moments in the past, so timelines, terms and letters are what they would
be. Idempotent: a citizen who has demo cases already is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.auth.people import demo_people
from portal.cases import actions, decisions, objections
from portal.cases.models import Case
from portal.cases.events import open_case

DEMO = "cases-demo"


# Frozen answers are kept with Dutch labels, the language of record (as applications do).
SCHEME_LABELS = {"bijstand": "Bijstand", "bijzondere-bijstand": "Bijzondere bijstand",
                 "inkomenstoeslag": "Individuele inkomenstoeslag", "stadspas": "Stadspas"}


def _answers(scheme: str, rows: list[tuple[str, str]], situation: dict | None = None) -> dict:
    out = {"demo": DEMO, "sections": [
        {"title": "Uw aanvraag", "rows": [{"key": "scheme", "label": "Regeling", "value": SCHEME_LABELS[scheme]}]},
        {"title": "Uw situatie", "rows": [{"key": k, "label": k, "value": v} for k, v in rows]},
    ]}
    if situation is not None:
        out["situation"] = situation
    return out


def _money_of(text: str) -> str:
    """'Bril, € 240,00' -> '240.00' (the frozen Dutch amount as the rules read it)."""
    amount = text.rsplit("€", 1)[-1].strip()
    return amount.replace(".", "").replace(",", ".")


def _situation(tenant, citizen, scheme: str, rows: list[tuple[str, str]]) -> dict | None:
    """The rules' input of a demo case, as an application stores it: the demo person's
    household, the answers the forms ask for a decision (Dutch nationality, not in
    detention; issue #15) and what the case's own rows say."""
    person = next((p for p in demo_people(tenant).citizens if p.bsn == citizen.bsn), None)
    if person is None:
        return None
    situation = dict(person.household or {}) | {"residence_status": "dutch", "in_detention": False}
    if situation.get("has_partner"):
        situation |= {"partner_in_detention": False, "partner_student_finance": False}
    if scheme == "bijstand":
        situation.setdefault("home_equity", "0.00")
    for label, value in rows:
        if label == "Netto inkomen per maand":
            situation["income"] = _money_of(value)
        elif label == "Kosten":
            situation["special_costs"] = _money_of(value)
        elif label == "Jaren met een laag inkomen":
            situation["months_low_income"] = int(value) * 12
    return situation


async def _people(session, tenant):
    # The first two demo citizens as listed in tenants/<slug>/demo-people.toml.
    bsns = [person.bsn for person in demo_people(tenant).citizens[:2]]
    rows = {c.bsn: c for c in (await session.scalars(select(Citizen).where(Citizen.bsn.in_(bsns)))).all()}
    citizens = [rows[bsn] for bsn in bsns if bsn in rows]
    employees = list((await session.scalars(select(Employee))).all())
    worker = next((e for e in employees if e.has_role("caseworker")), None)
    senior = next((e for e in employees if e.has_role("senior")), None)
    return citizens, worker, senior


async def _has_demo(session, citizen) -> bool:
    cases = (await session.scalars(select(Case).where(Case.citizen_id == citizen.id))).all()
    return any(c.answers.get("demo") == DEMO for c in cases)


def _ago(days: int, hour: int = 9) -> datetime:
    moment = clock.now() - timedelta(days=days)
    return moment.replace(hour=hour, minute=15, second=0, microsecond=0, tzinfo=timezone.utc)


async def _case(session, tenant, citizen, scheme, days_ago, rows):
    with clock.moment(_ago(days_ago)):
        return await open_case(session, tenant=tenant, scheme=scheme, citizen_id=citizen.id, citizen_name=citizen.name,
                               answers=_answers(scheme, rows, _situation(tenant, citizen, scheme, rows)))


def _applied(case):
    """The day of the application: where a grant starts. Not `_ago(n)` inside `_at`, which
    counts from the shifted clock (it made an application of May start in December)."""
    return clock.local_day(case.submitted_at)


async def _at(days_ago: int, coroutine_factory):
    with clock.moment(_ago(days_ago, 10)):
        return await coroutine_factory()


async def _open_cases(session, tenant, citizen, worker) -> None:
    if tenant.config.offers("stadspas"):
        await _case(session, tenant, citizen, "stadspas", 2, [("Netto inkomen per maand", "€ 1.150,00")])
    handled = await _case(session, tenant, citizen, "bijstand", 12, [("Netto inkomen per maand", "€ 0,00")])
    await _at(10, lambda: actions.start_handling(session, handled, worker))
    await _at(9, lambda: actions.send_message(session, handled, citizen, "Moet ik nog iets opsturen?"))
    await _at(8, lambda: actions.send_message(session, handled, worker, "Nee, we hebben alles. U hoort binnenkort van ons."))
    waiting = await _case(session, tenant, citizen, "bijzondere-bijstand", 20, [("Kosten", "Bril, € 240,00")])
    await _at(18, lambda: actions.start_handling(session, waiting, worker))
    await _at(5, lambda: actions.request_information(
        session, waiting, worker, question="Stuur ons de rekening van de opticien.",
        documents=["Rekening van de bril"], answer_by=(_ago(5) + timedelta(days=14)).date()))


async def _decided_cases(session, tenant, citizen, worker, senior) -> None:
    fresh = await _case(session, tenant, citizen, "inkomenstoeslag", 30, [("Jaren met een laag inkomen", "4")])
    await _at(27, lambda: actions.start_handling(session, fresh, worker))
    await _at(3, lambda: decisions.propose_decision(session, fresh, worker, outcome="granted", amount="350.00",
                                                    start_date=_applied(fresh)))
    objected = await _case(session, tenant, citizen, "bijzondere-bijstand", 60, [("Kosten", "Wasmachine, € 480,00")])
    await _at(58, lambda: actions.start_handling(session, objected, worker))
    await _at(30, lambda: decisions.propose_decision(session, objected, worker, outcome="refused",
                                                     reason_code="costs_not_necessary",
                                                     text="U kunt deze kosten betalen van uw inkomen."))
    objection = await _at(20, lambda: objections.lodge_objection(
        session, objected, citizen, reasons="Mijn oude wasmachine is kapot en ik heb geen spaargeld.", document_ids=[]))
    # Someone who had no part in the contested decision handles the objection (Awb 7:5).
    await _at(15, lambda: actions.start_handling(session, objection, senior))
    closed = await _case(session, tenant, citizen, "bijstand", 200, [("Netto inkomen per maand", "€ 0,00")])
    await _at(195, lambda: actions.start_handling(session, closed, worker))
    await _at(150, lambda: decisions.propose_decision(session, closed, worker, outcome="granted", amount="1401.50",
                                                      start_date=_applied(closed), period_months=12))
    await _at(148, lambda: decisions.approve_decision(session, closed, senior))
    if tenant.config.offers("stadspas"):
        ended = await _case(session, tenant, citizen, "stadspas", 400, [("Netto inkomen per maand", "€ 1.100,00")])
        await _at(390, lambda: decisions.propose_decision(session, ended, worker, outcome="granted",
                                                          start_date=_applied(ended)))
        end_date = _ago(10).date()  # outside `_at`: ten days ago from today, not from the shifted clock
        await _at(40, lambda: actions.end_entitlement(session, ended, worker, end_date=end_date,
                                                      reason="Uw inkomen is nu hoger dan de grens voor de pas."))


async def load_demo(database, tenant, settings) -> None:
    async with database.session(tenant.slug) as session:
        citizens, worker, senior = await _people(session, tenant)
        if len(citizens) < 2 or worker is None or senior is None:
            return  # no demo people loaded for this tenant
        for citizen in citizens[:2]:
            if not await _has_demo(session, citizen):
                await _open_cases(session, tenant, citizen, worker)
                await _decided_cases(session, tenant, citizen, worker, senior)
        await session.commit()

