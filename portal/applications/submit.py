"""Submitting a draft: case, first status, deadline and confirmation email in one
transaction, exactly once however often it is attempted."""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.applications import service
from portal.applications.forms import FormDef
from portal.applications.models import Application
from portal.cases.service import DecisionTerm, decision_term, open_case
from portal.documents.models import Document
from portal.documents.service import documents_for_application
from portal.i18n import gettext as _
from portal.i18n import format_date, to_local, use_locale
from portal.notifications.email import queue_email, queued_email_to

SEARCH_PERIOD = timedelta(weeks=4)  # Participatiewet art. 41 lid 4
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submitted:
    """The outcome, the same for every attempt."""

    application_id: uuid.UUID
    case_id: uuid.UUID
    reference: str


class NotFound(Exception):
    """No such draft for this citizen (or a tampered idempotency key)."""


class NotReady(Exception):
    """Sections or documents are missing: back to the task list."""


@dataclass(frozen=True)
class Applicant:
    """What submitting needs of the citizen, read before the transaction starts."""

    id: uuid.UUID
    name: str
    first_name: str
    email: str | None
    locale: str


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def search_period_until(form: FormDef, application: Application) -> date | None:
    """Under the form's age limit (bijstand: 27) the application is handled only after
    four weeks of searching for work or study, counted from the application."""
    if not form.search_period_under or not application.submitted_at or not application.answers.get("birth_date"):
        return None
    submitted = to_local(application.submitted_at).date()
    if age_on(date.fromisoformat(application.answers["birth_date"]), submitted) >= form.search_period_under:
        return None
    return submitted + SEARCH_PERIOD


def frozen_answers(form: FormDef, application: Application, tenant, documents: list[Document]) -> dict:
    """What the case keeps: the answers with their Dutch labels (the language of record),
    the Situation for the rules engine, and the documents."""
    with use_locale("nl"):
        sections = service.summary(form, application, tenant, "nl")
    return {
        # The id lets the back office title a section in its own words (STAFF_SECTIONS).
        "sections": [{"id": s["id"], "title": s["title"], "rows": [{k: r[k] for k in ("key", "label", "value")} for r in s["rows"]]}
                     for s in sections],
        "answers": {k: val for s in sections for r in s["rows"] for k, val in [(r["key"], application.answers.get(r["key"], ""))]},
        "situation": service.situation_of(form, application.answers),
        "documents": [{"id": str(d.id), "type": d.doc_type, "filename": d.filename} for d in documents],
    }


def confirmation_ref(application_id: uuid.UUID) -> str:
    """The outbox ref of an application's confirmation email: the confirmation page
    looks it up to say whether (and where) a confirmation went."""
    return f"application-confirmation:{application_id}"


def confirmation_email(session: AsyncSession, application: Application, applicant: Applicant, tenant, public_url: str,
                       to: str, term: DecisionTerm) -> None:
    link = f"{public_url}{tenant.base_path}/zaken/{application.submitted_case_id}"
    with use_locale(applicant.locale):
        subject = _("We have received your application")
        body = "\n\n".join([
            _("Dear %(name)s,", name=applicant.first_name),
            _("We have received your application. You can follow it on your page: %(link)s", link=link),
            _("We decide by %(date)s at the latest (within %(weeks)s weeks). If we need more information, we will let you know.",
              date=format_date(term.last_day), weeks=term.weeks),
            _("Kind regards,") + "\n" + tenant.name,
            _("This is an automatic email. Please do not reply to it."),
        ])
    queue_email(session, to=to, subject=subject, body=body, ref=confirmation_ref(application.id))


async def confirmation_facts(session: AsyncSession, form: FormDef, application: Application) -> dict:
    """What the confirmation page states, each from the record that decides it: the
    decision term from the case (its zaaktype in cases.toml, its history), the address
    from the confirmation email in the outbox (None: no email was queued)."""
    term = await decision_term(session, application.submitted_case_id)
    return {
        "decision_weeks": term.weeks,
        "decision_by": term.last_day,
        "confirmation_to": await queued_email_to(session, confirmation_ref(application.id)),
        "search_period_until": search_period_until(form, application),
        "search_period_under": form.search_period_under,
        "search_period_weeks": SEARCH_PERIOD.days // 7,
    }


async def submit(
    session: AsyncSession,
    *,
    tenant,
    form: FormDef,
    application_id: uuid.UUID,
    applicant: Applicant,
    idempotency_key: str,
    public_url: str,
) -> Submitted:
    """Submit once; after a database error, tell what the database holds.

    A connection that drops after COMMIT reached the server loses only the reply: the
    case exists and its mail is queued. So on any database error the submission is
    looked up by its idempotency key before answering; only when it is not there does
    the error go on (and the citizen is told nothing was sent).
    """
    try:
        return await _submit_once(session, tenant=tenant, form=form, application_id=application_id,
                                  applicant=applicant, idempotency_key=idempotency_key, public_url=public_url)
    except (SQLAlchemyError, OSError) as error:
        done = await submitted_with_key(session, application_id, applicant.id, idempotency_key)
        if done is None:
            raise
        log.warning("submit of %s: %s, but the database has it as %s", application_id, error, done.reference)
        return done


async def submitted_with_key(
    session: AsyncSession, application_id: uuid.UUID, citizen_id: uuid.UUID, idempotency_key: str
) -> Submitted | None:
    """The submission made with this key, if the database has it; None when it has not
    or cannot say (it is away)."""
    try:
        with contextlib.suppress(SQLAlchemyError, OSError):
            await session.rollback()  # the failed transaction; its connection may be gone
        found = (await session.execute(
            select(Application.submitted_case_id, Application.submitted_reference).where(
                Application.id == application_id,
                Application.citizen_id == citizen_id,
                Application.idempotency_key == idempotency_key,
                Application.status == Application.SUBMITTED,
            )
        )).first()
        await session.rollback()
    except (SQLAlchemyError, OSError):
        return None
    return Submitted(application_id, found.submitted_case_id, found.submitted_reference) if found else None


async def _submit_once(
    session: AsyncSession,
    *,
    tenant,
    form: FormDef,
    application_id: uuid.UUID,
    applicant: Applicant,
    idempotency_key: str,
    public_url: str,
) -> Submitted:
    """Submit once. Every further attempt (double click, reload, second tab) gets the
    same application back, with the case it became.

    The first statement is an UPDATE of the draft row: it takes the row lock on
    PostgreSQL and the database write lock on SQLite, so a concurrent attempt waits
    here until this one has committed, and then sees it submitted.
    """
    if session.in_transaction():
        await session.rollback()  # a read transaction begun earlier would hold an old snapshot
    mine = (Application.id == application_id, Application.citizen_id == applicant.id)
    await session.execute(
        update(Application).where(*mine).values(lock_version=Application.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    application = await session.scalar(select(Application).where(*mine).execution_options(populate_existing=True))
    if application is None or application.idempotency_key != idempotency_key:
        await session.rollback()
        raise NotFound()
    if application.status == Application.SUBMITTED:
        done = Submitted(application.id, application.submitted_case_id, application.submitted_reference)
        await session.rollback()
        return done
    documents = await documents_for_application(session, application.id)
    if not service.ready_to_submit(form, application, documents):
        await session.rollback()
        raise NotReady()
    now = clock.now()
    case = await open_case(
        session,
        tenant=tenant,
        scheme=application.scheme,
        citizen_id=applicant.id,
        citizen_name=applicant.name,
        answers={},
        application_id=application.id,
        submitted_at=now,
        decision_term=form.decision_term,
    )
    application.status = Application.SUBMITTED
    application.submitted_case_id = case.id
    application.submitted_reference = case.reference
    application.submitted_at = now
    application.updated_at = now
    case.answers = frozen_answers(form, application, tenant, documents)
    if (until := search_period_until(form, application)) is not None:
        case.answers["search_period_until"] = until.isoformat()
    await session.execute(
        update(Document).where(Document.application_id == application.id).values(case_id=case.id)
        .execution_options(synchronize_session=False)
    )
    to = application.answers.get("email") or applicant.email
    if to:
        confirmation_email(session, application, applicant, tenant, public_url, to, await decision_term(session, case))
    await session.commit()
    return Submitted(application.id, case.id, case.reference)
