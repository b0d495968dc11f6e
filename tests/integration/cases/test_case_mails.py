"""The emails of a case say what happened: a request needs an answer by a date, a
decision is ready; a reminder goes out before the answer-by date unless the answer came."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from portal import clock
from portal.cases import actions, decisions
from portal.i18n import load_catalogs
from portal.notifications.models import OutboxMessage

ASKED = datetime(2026, 6, 1, 10, 0, tzinfo=clock.AMSTERDAM)  # a Monday


async def _mails(session):
    return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at))).all())


async def test_the_request_mail_says_an_answer_is_needed_and_by_when_and_a_reminder_comes(ams, case, people, settings):
    load_catalogs(settings.locales_dir)  # the mails are in the citizen's language, as the app writes them
    with clock.moment(ASKED):
        request = await actions.request_information(ams, case, people["worker"], question="Uw bankafschriften?",
                                                    documents=[], answer_by=ASKED.date() + timedelta(days=14))
    asked, reminder = await _mails(ams)
    assert asked.payload["subject"] == "We hebben informatie van u nodig | Gemeente Amsterdam"
    assert "Geef uw antwoord uiterlijk 15 juni 2026." in asked.payload["body"]
    assert asked.ref is None  # goes out now
    assert reminder.payload["subject"] == "Herinnering: we hebben informatie van u nodig | Gemeente Amsterdam"
    assert "uiterlijk 15 juni 2026" in reminder.payload["body"]
    # Two days before (cases.toml), at nine in the morning in Amsterdam.
    due = reminder.next_attempt_at
    assert clock.to_local(due if due.tzinfo else due.replace(tzinfo=timezone.utc)) == datetime(2026, 6, 13, 9, 0,
                                                                                               tzinfo=clock.AMSTERDAM)
    assert reminder.ref == f"info-reminder:{request.id}"
    assert reminder.status == OutboxMessage.PENDING
    with clock.moment(ASKED + timedelta(days=3)):
        await actions.answer_request(ams, case, people["citizen"], request_id=request.id, text="Hier.", document_ids=[])
    await ams.refresh(reminder)
    assert reminder.status == OutboxMessage.CANCELLED  # answered: no reminder


async def test_the_decision_mail_says_a_decision_is_ready(ams, case, people, settings):
    load_catalogs(settings.locales_dir)
    await decisions.propose_decision(ams, case, people["worker"], outcome="refused", reason_code="income_too_high")
    [mail] = await _mails(ams)
    assert mail.payload["subject"] == "Ons besluit over uw aanvraag | Gemeente Amsterdam"
    assert "We hebben een besluit genomen over uw aanvraag." in mail.payload["body"]
    assert "status" not in mail.payload["body"].lower()
