"""An objection handled by the Awb, on both databases: its documents in its own file, not
handled by who decided (7:5), heard or not (7:2, 7:3), its term (7:10) and its own
decision letter with appeal to the court as the remedy."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal import clock
from portal.cases import actions, decisions, objections, views
from portal.cases.config import cases_config, zaaktype
from portal.cases.deadlines import deadline_sort_value, next_working_day, objection_deadline
from portal.cases.models import CaseLetter
from portal.cases.service import CaseActionRefused, events_of
from portal.documents.models import Document

DECIDED_AT = datetime(2026, 3, 3, 10, 0, tzinfo=clock.AMSTERDAM)


async def _decided(ams, case, people, *, approved: bool = True):
    """The contested decision: a grant of bijstand proposed by worker, approved by senior."""
    with clock.moment(DECIDED_AT - timedelta(hours=1)):
        await decisions.propose_decision(ams, case, people["worker"], outcome="granted", amount="1200.00",
                                         start_date=date(2026, 3, 1), period_months=12)
    with clock.moment(DECIDED_AT):
        await decisions.approve_decision(ams, case, people["senior"])


async def _lodged(ams, case, people, document_ids=()):
    with clock.moment(DECIDED_AT + timedelta(days=10)):
        return await objections.lodge_objection(ams, case, people["citizen"], reasons="Mijn huur is hoger.",
                                                document_ids=list(document_ids))


async def test_documents_sent_with_an_objection_are_in_the_objection_file(ams, case, people):
    await _decided(ams, case, people)
    document = Document(citizen_id=people["citizen"].id, case_id=case.id, doc_type="objection",
                        filename="huurcontract.pdf", content_type="application/pdf", size=2048, sha256="0" * 64,
                        storage_key="k1")
    earlier = Document(citizen_id=people["citizen"].id, case_id=case.id, doc_type="income",
                       filename="loonstrook.pdf", content_type="application/pdf", size=2048, sha256="1" * 64,
                       storage_key="k2")
    ams.add_all([document, earlier])
    await ams.flush()
    objection = await _lodged(ams, case, people, [document.id])
    on = {d.filename: d.case_id for d in (await ams.scalars(select(Document))).all()}
    assert on == {"huurcontract.pdf": objection.id, "loonstrook.pdf": case.id}


async def test_who_decided_or_approved_cannot_take_or_decide_the_objection(ams, case, people):
    await _decided(ams, case, people)
    objection = await _lodged(ams, case, people)
    for employee in (people["worker"], people["senior"]):
        with pytest.raises(CaseActionRefused) as refused:
            await actions.assign(ams, objection, employee, employee)
        assert "Awb 7:5" in refused.value.msgid
        with pytest.raises(CaseActionRefused):
            await actions.start_handling(ams, objection, employee)
    with pytest.raises(CaseActionRefused) as refused:  # nor given to them by a colleague
        await actions.assign(ams, objection, people["worker2"], people["worker"])
    assert refused.value.field == "assignee" and refused.value.variables == {"name": "cw1"}
    await actions.assign(ams, objection, people["worker2"], people["worker2"])
    await objections.waive_hearing(ams, objection, people["worker2"], ground="declined", reason="Telefonisch afgezien.")
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.propose_decision(ams, objection, people["worker"], outcome="unfounded", text="Grond.")
    assert "Awb 7:5" in refused.value.msgid
    await decisions.propose_decision(ams, objection, people["worker2"], outcome="unfounded", text="De huur telt niet.")
    assert objection.closed


async def test_a_hearing_is_planned_or_waived_before_the_decision(ams, case, people):
    await _decided(ams, case, people)
    objection = await _lodged(ams, case, people)
    worker = people["worker2"]
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.propose_decision(ams, objection, worker, outcome="unfounded", text="Grond.")
    assert refused.value.field == "outcome" and "7:2" in refused.value.msgid
    with pytest.raises(CaseActionRefused):  # the application itself has no hearing
        await objections.plan_hearing(ams, case, worker, start=clock.now() + timedelta(days=7), location_id="centrum")
    with pytest.raises(CaseActionRefused) as refused:
        await objections.plan_hearing(ams, objection, worker, start=clock.now() - timedelta(hours=1), location_id="centrum")
    assert refused.value.field == "start"
    start = clock.now() + timedelta(days=7)
    planned = await objections.plan_hearing(ams, objection, worker, start=start, location_id="centrum")
    assert planned.data["location_name"] == "Stadsloket Centrum" and planned.data["address"].startswith("Amstel 1")
    with pytest.raises(CaseActionRefused) as refused:  # still to come
        await decisions.propose_decision(ams, objection, worker, outcome="unfounded", text="Grond.")
    assert "still to come" in refused.value.msgid
    with pytest.raises(CaseActionRefused) as refused:
        await objections.waive_hearing(ams, objection, worker, ground="because", reason="x")
    assert refused.value.field == "ground"
    waived = await objections.waive_hearing(ams, objection, worker, ground="manifestly_unfounded",
                                            reason="Het bezwaar gaat over een andere regeling.")
    assert waived.data == {"ground": "manifestly_unfounded", "article": "7:3 b"}
    assert objections.hearing_of(await events_of(ams, objection)).kind == "hearing_waived"


async def test_the_objection_term_counts_from_the_end_of_the_objection_term(ams, tenant, case, people):
    await _decided(ams, case, people)
    objection = await _lodged(ams, case, people)
    bezwaar = zaaktype(tenant, "bezwaar")
    assert (bezwaar.term_from, bezwaar.doorlooptijd_weeks, bezwaar.verlenging_weeks) == ("objection_term_end", 12, 6)
    term_end = objection_deadline(DECIDED_AT, cases_config(tenant).objection_term_weeks)
    assert term_end == date(2026, 4, 14)
    expected = next_working_day(term_end + timedelta(weeks=12))  # Awb 7:10 lid 1, not from 13 March
    assert objection.deadline_sort == deadline_sort_value(expected)
    assert (await views.case_state(ams, objection)).deadline == expected
    worker = people["worker2"]
    with clock.moment(DECIDED_AT + timedelta(days=20)):  # before the term began: suspends nothing
        await actions.assign(ams, objection, worker, worker)
        early = await actions.request_information(ams, objection, worker, question="Uw huurcontract?",
                                                  documents=["Huurcontract"], answer_by=date(2026, 3, 30))
        await actions.answer_request(ams, objection, people["citizen"], request_id=early.id, text="Bijgevoegd.",
                                     document_ids=[])
    assert objection.deadline_sort == deadline_sort_value(expected)
    with clock.moment(datetime(2026, 4, 22, 10, 0, tzinfo=clock.AMSTERDAM)):  # in the term: 7 days on hold (lid 2)
        await actions.request_information(ams, objection, worker, question="Uw loonstrook?",
                                          documents=["Loonstrook"], answer_by=date(2026, 4, 29))
    assert objection.deadline_sort == deadline_sort_value(next_working_day(term_end + timedelta(weeks=12, days=7)))
    with pytest.raises(CaseActionRefused):  # lid 3: at most 6 weeks
        await actions.extend_term(ams, objection, worker, "Advies van de commissie", weeks=7)
    await actions.extend_term(ams, objection, worker, "Advies van de commissie", weeks=6)
    assert objection.deadline_sort == deadline_sort_value(next_working_day(term_end + timedelta(weeks=18, days=7)))


async def test_the_decision_on_an_objection_is_its_own_letter_with_appeal_to_the_court(ams, tenant, case, people,
                                                                                        settings):
    from portal.i18n import load_catalogs

    load_catalogs(settings.locales_dir)  # the letter is in Dutch, as the app writes it
    await _decided(ams, case, people)
    objection = await _lodged(ams, case, people)
    worker = people["worker2"]
    await objections.waive_hearing(ams, objection, worker, ground="declined", reason="U liet weten niet te komen.")
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.propose_decision(ams, objection, worker, outcome="granted", text="Grond.")
    assert refused.value.field == "outcome"
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.propose_decision(ams, objection, worker, outcome="unfounded", text=" ")
    assert refused.value.field == "text"
    await decisions.propose_decision(ams, objection, worker, outcome="unfounded",
                                     text="Uw woonlasten zijn meegenomen in de norm.")
    letter = await ams.scalar(select(CaseLetter).where(CaseLetter.case_id == objection.id))
    assert letter.filename == f"beslissing-op-bezwaar-{objection.reference}.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(letter.pdf)).pages)
    text = " ".join(text.split())
    assert "Besluit op uw bezwaar" in text
    assert f"{case.reference} van 3 maart 2026" in text  # the contested decision
    assert "ongegrond" in text and "Uw woonlasten zijn meegenomen in de norm." in text
    assert "artikel 7:3 c" in text and "niet gehoord wilde worden" in text
    assert "beroep instellen bij de rechtbank: Rechtbank Amsterdam" in text
    appeal_until = objection_deadline(clock.now(), 6)
    assert f"tot en met {appeal_until.day} " in text
    assert "bezwaar maken" not in text.lower().replace("niet opnieuw bezwaar maken", "")  # no second objection
    state = await views.case_state(ams, objection)
    assert state.decision["outcome"] == "unfounded" and state.decision["court"] == "Rechtbank Amsterdam"
    assert state.decision["contested"]["reference"] == case.reference and not state.can_object
