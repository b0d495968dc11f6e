"""Case services the back office and the case page call: history, status, term, email."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from io import BytesIO
from sqlalchemy import select

from portal import clock
from portal.cases import actions, decisions, objections, views
from portal.cases.config import zaaktype
from portal.cases.deadlines import deadline_sort_value, next_working_day
from portal.cases.models import Case, CaseLetter
from portal.cases.service import CaseActionRefused, events_of
from portal.notifications.models import OutboxMessage


def term_end(case, tenant, *, days: int = 0, weeks: int = 0):
    """The decision term's end as the queue sorts it: the zaaktype's weeks (cases.toml) from the
    Amsterdam day of submission, plus what the test suspended or extended, on a working day."""
    end = clock.local_day(case.submitted_at) + zaaktype(tenant, case.scheme).term + timedelta(days=days, weeks=weeks)
    return deadline_sort_value(next_working_day(end))


async def mails(session):
    return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at))).all())


async def test_handling_records_events_and_tells_the_citizen(ams, case, people):
    await actions.assign(ams, case, people["worker"], people["worker"])
    await actions.start_handling(ams, case, people["worker"])
    events = await events_of(ams, case)
    assert [e.kind for e in events] == ["submitted", "assigned", "status"]
    assert events[1].internal and events[2].actor_id == people["worker"].id
    assert case.status == "in_progress" and case.assignee_id == people["worker"].id
    sent = await mails(ams)
    assert len(sent) == 1 and sent[0].payload["to"] == "sanne@example.org"
    body = sent[0].payload["body"]
    assert "Sanne" in body and f"/amsterdam/zaken/{case.id}" in body
    assert "Jansen" not in body and "bijstand" not in body.lower() and case.reference not in body


async def test_request_suspends_and_answer_resumes_the_term(ams, tenant, case, people):
    before = case.deadline_sort
    assert before == term_end(case, tenant)
    answer_by = actions.today() + timedelta(days=14)
    request = await actions.request_information(ams, case, people["worker"], question="Send your bank statements",
                                                documents=["Bank statements"], answer_by=answer_by)
    assert case.status == "info_needed"
    assert case.deadline_sort == term_end(case, tenant, days=14)
    with pytest.raises(CaseActionRefused):
        await actions.request_information(ams, case, people["worker"], question="More", documents=[], answer_by=answer_by)
    await actions.answer_request(ams, case, people["citizen"], request_id=request.id, text="Here they are", document_ids=[])
    assert case.status == "in_progress"
    assert case.deadline_sort == before  # answered the same day: nothing suspended
    state = await views.case_state(ams, case)
    assert state.open_request is None and state.requests[0].answer.text == "Here they are"
    with pytest.raises(CaseActionRefused):
        await actions.answer_request(ams, case, people["citizen"], request_id=request.id, text="again", document_ids=[])


async def test_refusals_name_their_field(ams, case, people):
    with pytest.raises(CaseActionRefused) as refused:
        await actions.request_information(ams, case, people["worker"], question="x", documents=[], answer_by=actions.today())
    assert refused.value.field == "answer_by"
    with pytest.raises(CaseActionRefused) as refused:
        await actions.request_information(ams, case, people["worker"], question=" ", documents=[],
                                          answer_by=actions.today() + timedelta(days=3))
    assert refused.value.field == "question"
    with pytest.raises(CaseActionRefused):
        await actions.start_handling(ams, case, people["admin"])  # an admin does not handle cases


async def test_another_citizen_cannot_answer_or_write(ams, case, people):
    with pytest.raises(LookupError):
        await actions.send_message(ams, case, people["other"], "hello")


async def test_messages_tell_the_other_side_without_content(ams, case, people):
    await actions.assign(ams, case, people["worker"], people["worker2"])
    await actions.send_message(ams, case, people["citizen"], "My secret question")
    await actions.send_message(ams, case, people["worker2"], "Our answer")
    await actions.add_note(ams, case, people["worker2"], "internal only")
    sent = await mails(ams)
    assert [m.payload["to"] for m in sent] == ["cw2@example.org", "sanne@example.org"]
    assert all("secret" not in m.payload["body"] and "Our answer" not in m.payload["body"] for m in sent)
    state = await views.case_state(ams, case)
    assert [m.text for m in state.messages] == ["My secret question", "Our answer"]
    assert all(not e.internal for e in state.messages)


async def test_term_extends_once(ams, tenant, case, people):
    await actions.extend_term(ams, case, people["worker"], "We are waiting for a report", 4)
    assert case.deadline_sort == term_end(case, tenant, weeks=4)
    with pytest.raises(CaseActionRefused) as refused:
        await actions.extend_term(ams, case, people["worker"], "again", 2)
    assert "once" in refused.value.msgid


async def test_grant_of_bijstand_waits_for_another_senior(ams, case, people):
    proposal = await decisions.propose_decision(ams, case, people["senior"], outcome="granted", amount="1401.50",
                                                start_date=date(2026, 3, 1), period_months=12)
    assert proposal.data["needs_approval"] and case.status == "received"
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.approve_decision(ams, case, people["senior"])
    assert "colleague" in refused.value.msgid
    with pytest.raises(CaseActionRefused):
        await decisions.approve_decision(ams, case, people["worker"])  # not a senior
    other_senior = people["worker2"]
    other_senior.roles = ["caseworker", "senior"]
    await decisions.send_back_decision(ams, case, other_senior, "Check the start date")
    assert decisions.pending_proposal(await events_of(ams, case)) is None
    await decisions.propose_decision(ams, case, people["worker"], outcome="granted", amount="1401.50",
                                     start_date=date(2026, 3, 1))
    decision = await decisions.approve_decision(ams, case, people["senior"])
    assert decision.kind == "decision" and case.status == "decided" and case.closed and case.deadline_sort is None
    letter = await ams.scalar(select(CaseLetter).where(CaseLetter.case_id == case.id))
    reader = PdfReader(BytesIO(letter.pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert case.reference in text and "1.401,50" in text and "bezwaar" in text
    assert reader.trailer["/Root"]["/Lang"] == "nl" and "/StructTreeRoot" in reader.trailer["/Root"]
    with pytest.raises(CaseActionRefused):
        await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="assets_too_high")


async def test_refusal_is_sent_at_once_and_needs_a_known_reason(ams, case, people):
    with pytest.raises(CaseActionRefused) as refused:
        await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="nonsense")
    assert refused.value.field == "reason_code"
    await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="assets_too_high",
                                     text="Your savings are 9.000 euro.")
    state = await views.case_state(ams, case)
    assert state.decision["outcome"] == "refused" and state.letter_id is not None
    assert state.decision["reason"].get("nl").startswith("Uw vermogen")


async def test_objection_opens_a_case_of_its_own_once(ams, case, people):
    with pytest.raises(CaseActionRefused):
        await objections.lodge_objection(ams, case, people["citizen"], reasons="No decision yet", document_ids=[])
    await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="income_too_high")
    with pytest.raises(CaseActionRefused) as refused:
        await objections.lodge_objection(ams, case, people["citizen"], reasons="  ", document_ids=[])
    assert refused.value.field == "reasons"
    objection = await objections.lodge_objection(ams, case, people["citizen"], reasons="My income was lower",
                                                 document_ids=[])
    assert objection.kind == "objection" and objection.parent_case_id == case.id and objection.reference != case.reference
    state = await views.case_state(ams, objection)
    assert state.zaaktype.scheme == "bezwaar" and state.steps[0].label == "Bezwaar ontvangen"
    with pytest.raises(CaseActionRefused):
        await objections.lodge_objection(ams, case, people["citizen"], reasons="again", document_ids=[])


async def test_entitlement_ends_only_for_a_granted_pass(ams, tenant, people):
    from portal.cases.service import open_case

    citizen = people["citizen"]
    case = await open_case(ams, tenant=tenant, scheme="stadspas", citizen_id=citizen.id, citizen_name=citizen.name, answers={})
    with pytest.raises(CaseActionRefused):
        await actions.end_entitlement(ams, case, people["worker"], end_date=date(2026, 12, 31), reason="Moved away")
    await decisions.propose_decision(ams, case, people["worker"], outcome="granted", start_date=date(2026, 1, 1))
    await actions.end_entitlement(ams, case, people["worker"], end_date=date(2026, 12, 31), reason="Moved away")
    state = await views.case_state(ams, case)
    assert case.status == "ended" and [s.code for s in state.steps] == ["received", "decided", "ended"]
    assert state.steps[-1].state == "current"


async def test_timeline_shows_done_current_and_to_come(ams, case, people):
    await actions.start_handling(ams, case, people["worker"])
    state = await views.case_state(ams, case)
    assert [(s.code, s.state) for s in state.steps] == [("received", "done"), ("in_progress", "current"), ("decided", "todo")]
    assert state.deadline is not None and deadline_sort_value(state.deadline) == case.deadline_sort
