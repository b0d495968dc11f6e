"""A realistic work queue per tenant: about fifty cases over all schemes, statuses and
assignees, some overdue and some due this week, each with a document.

Built through the real services (portal.cases, portal.documents) at moments in the
past, so histories, deadlines and audit entries are what real work would leave.
Idempotent: the cases carry a fixed application id per tenant and number, and a tenant
that has the first one already is left alone.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.auth.people import demo_people
from portal.auth.templating import situation_label
from portal.cases.service import Case, actions, decisions, open_case
from portal.i18n import format_date, format_money, use_locale

COUNT = 50
NAMESPACE = uuid.UUID("6f1d2c1e-5b7a-4d0e-9a53-0b5f3c2d7e10")
# (days ago submitted, what happened): the term is 8 weeks, so 57+ days is overdue
# while open, and 50-55 days is due within a week.
PLAN = [
    (60, "received"), (58, "in_progress"), (57, "info_answered"), (54, "in_progress"), (52, "received"),
    (51, "pending"), (50, "in_progress"), (45, "info_needed"), (40, "in_progress"), (35, "received"),
    (30, "decided_refused"), (28, "in_progress"), (21, "pending"), (14, "received"), (10, "info_needed"),
    (7, "in_progress"), (5, "received"), (3, "decided_granted"), (2, "received"), (1, "received"),
]


def _pdf(title: str) -> bytes:
    """A one-page PDF with a line of text: enough to view inline in a browser."""
    text = title.replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


# Queue cases belong to citizens of their own, so the demo people one logs in as keep
# the few, curated cases of the cases demo instead of fifty.
QUEUE_NAMES = [
    "Anouk van Dijk", "Ricardo Meijer", "Maria Santos", "Samir Bouzid", "Ilse Peters", "Naima Hoekstra",
    "Daan Bos", "Priya Ramsaran", "Kevin de Graaf", "Fatma Kaya", "Joost van Leeuwen", "Ayaan Hassan",
]


def _queue_bsn(tenant_slug: str, number: int) -> str:
    """A deterministic 9-digit number that passes the elfproef (never a real person's BSN
    by design of the range: these start with 9)."""
    base = 90000000 + (sum(map(ord, tenant_slug)) * 1000 + number * 37) % 9999999
    for candidate in range(base, base + 100):
        digits = [int(d) for d in f"{candidate:08d}"]
        total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits))
        last = total % 11
        if last < 10:
            return f"{candidate:08d}{last}"
    raise ValueError("no elfproef number found")


async def _queue_citizens(session, tenant, people) -> list:
    """One citizen per queue name, each with the household of a demo person."""
    pairs = []
    for number, name in enumerate(QUEUE_NAMES):
        person = people.citizens[number % len(people.citizens)]
        bsn = _queue_bsn(tenant.slug, number)
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == bsn))
        if citizen is None:
            citizen = Citizen(bsn=bsn, name=name, first_name=name.split()[0], locale="nl",
                              email=f"{name.split()[0].lower()}@example.org")
            session.add(citizen)
            await session.flush()
        pairs.append((person, citizen))
    return pairs


def _ago(days: float) -> datetime:
    # The process clock, not clock.now(): inside clock.moment() that is already shifted.
    return (clock.process_now() - timedelta(days=days)).replace(microsecond=0)


def _own_day(iso: str, number: int) -> str:
    """Another birthday in the same year: the queue citizen's own, so two citizens built on
    one demo person do not share a birth date (and the age groups stay what they were)."""
    day = date.fromisoformat(iso)
    return date(day.year, 1 + number % 12, 1 + (number * 7) % 28).isoformat()


def _answers(person, scheme: str, number: int) -> dict:
    """The demo person's kind of household, with the queue citizen's own birth dates:
    a case shows its own citizen's household, not the demo person's."""
    household = dict(person.household or {})
    birth_date = _own_day(person.birth_date, number)
    household["birth_date"] = birth_date
    if household.get("partner_birth_date"):
        household["partner_birth_date"] = _own_day(household["partner_birth_date"], number + 5)
    # Frozen as a submitted form freezes them: display values in Dutch, the language of record.
    with use_locale("nl"):
        rows = [("birth_date", "Geboortedatum", format_date(date.fromisoformat(birth_date))),
                ("situation", "Situatie", situation_label(person.situation)),
                ("income", "Netto inkomen per maand", format_money(Decimal(str(household.get("income", "0.00"))))),
                ("assets", "Vermogen", format_money(Decimal(str(household.get("assets", "0.00")))))]
    return {
        "demo": "backoffice-demo",
        "sections": [{"title": "Uw situatie", "rows": [{"key": k, "label": label, "value": v} for k, label, v in rows]}],
        "situation": household | _decisive(scheme, household, number) | {"municipality": None},
    }


def _decisive(scheme: str, household: dict, number: int) -> dict:
    """What the scheme's form asks for a decision besides the household (issue #15), as a
    citizen answers it. Two in twelve have no Dutch nationality: their residence status is
    for the caseworker to answer from the residence document, so the advice waits for it."""
    out: dict = {"in_detention": False}
    if number % 6 != 3:
        out["residence_status"] = "dutch"
    if household.get("has_partner"):
        out |= {"partner_in_detention": False, "partner_student_finance": False}
    if scheme == "bijstand":
        out["home_equity"] = "0.00"
    elif scheme == "inkomenstoeslag":
        out["months_low_income"] = 30 + 2 * number  # some below the 36 months most cities ask
    elif scheme == "bijzondere-bijstand":
        out["special_costs"] = f"{150 + 35 * number}.00"  # a few below the city's minimum
    return out


async def load_demo(database, tenant, settings) -> None:
    people = demo_people(tenant)
    async with database.session(tenant.slug) as session:
        if await session.scalar(select(Case.id).where(Case.application_id == uuid.uuid5(NAMESPACE, f"{tenant.slug}-0"))):
            return
        employees = list((await session.scalars(select(Employee).order_by(Employee.subject))).all())
        workers = [e for e in employees if e.has_role("caseworker")]
        senior = next((e for e in employees if e.has_role("senior")), None)
        if not workers or senior is None or not people.citizens:
            return  # the auth demo (people) did not run for this tenant
        demo_citizens = await _queue_citizens(session, tenant, people)
        schemes = [s.id for s in tenant.config.schemes]
        assignees = [None, workers[0], workers[-1], senior, workers[0]]
        try:
            from portal.documents.service import store_upload
            from portal.documents.store import engine_of, store_for

            store = store_for(settings, engine_of(session))
        except ImportError:
            store = None
        for i in range(COUNT):
            days, state = PLAN[i % len(PLAN)]
            days = days + (i // len(PLAN)) * 0.3  # spread the same plan a little
            number = i % len(demo_citizens)
            person, citizen = demo_citizens[number]
            scheme = schemes[i % len(schemes)]
            await _one(session, tenant, i, scheme, person, citizen, days, state, assignees[i % len(assignees)],
                       workers[i % len(workers)], senior, store, number)
        await session.commit()


async def _one(session, tenant, i, scheme, person, citizen, days, state, assignee, worker, senior, store,
               number: int) -> None:
    with clock.moment(_ago(days)):
        case = await open_case(session, tenant=tenant, scheme=scheme, citizen_id=citizen.id, citizen_name=citizen.name,
                               answers=_answers(person, scheme, number), application_id=uuid.uuid5(NAMESPACE, f"{tenant.slug}-{i}"))
        if store is not None:
            from portal.documents.service import store_upload

            await store_upload(session, store, tenant_id=tenant.slug, citizen_id=citizen.id, doc_type="income",
                               filename=f"loonstrook-{case.reference}.pdf", data=_pdf(f"Loonstrook {citizen.name}"),
                               case_id=case.id)
    handler = assignee or worker
    if state == "received":
        if assignee is not None:
            with clock.moment(_ago(days - 0.5)):
                await actions.assign(session, case, assignee, assignee)
        return
    with clock.moment(_ago(days - 1)):
        await actions.start_handling(session, case, handler)
    if state in ("info_needed", "info_answered"):
        with clock.moment(_ago(days - 2)):
            await actions.request_information(session, case, handler, question="Stuur uw bankafschriften van de laatste 3 maanden.",
                                              documents=["Bankafschriften"], answer_by=(_ago(days - 2) + timedelta(days=14)).date())
        if state == "info_answered":
            request = (await actions.events_of(session, case))[-1]
            with clock.moment(_ago(days - 6)):
                await actions.answer_request(session, case, citizen, request_id=request.id,
                                             text="Hierbij mijn afschriften.", document_ids=[])
    elif state == "pending":
        with clock.moment(_ago(max(days - 10, 0.5))):
            await decisions.propose_decision(session, case, handler, outcome="granted", amount="1401.50",
                                             start_date=clock.local_day(case.submitted_at), period_months=12)
    elif state.startswith("decided"):
        with clock.moment(_ago(max(days - 2, 0.2))):
            if state == "decided_refused":
                from portal.cases.service import refusal_reasons

                await decisions.propose_decision(session, case, handler, outcome="refused",
                                                 reason_code=refusal_reasons(tenant)[0].code)
            else:
                await decisions.propose_decision(session, case, handler, outcome="granted", amount="150.00",
                                                 start_date=clock.local_day(case.submitted_at), period_months=12)
            if decisions.pending_proposal(await actions.events_of(session, case)) is not None:
                await decisions.approve_decision(session, case, senior)
