"""Drafts: which pages apply, validating and saving a page, the task list, prefill.

Answers are stored as clean strings keyed by question key (dates ISO, amounts
"1234.56", yes/no "yes"/"no"); a repeated section's keys get "__<n>" (child_name__1).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.applications import library
from portal.applications import validation as v
from portal.applications.forms import FormDef, Q, SectionDef, document_label, question, section_title
# The question library, for the back office that shows stored answers with their labels.
from portal.applications.library import QUESTIONS, STAFF_LABELS, STAFF_SECTIONS  # noqa: F401 - part of the public interface
from portal.applications.models import Application
from portal.applications.retention import ensure_scheduled
from portal.i18n import N_, gettext

REQUIRED = N_("Answer this question.")
REQUIRED_CHOICE = N_("Choose yes or no.")
# The same, naming the question: a page of three empty fields lists three different lines.
REQUIRED_NAMED = N_("Enter %(subject)s.")
CHOICE_NAMED = N_("Choose yes or no: %(question)s")


def truthy(answers: Mapping[str, str], key: str | None) -> bool:
    """show_if: the answer is "yes", or a number above zero."""
    if key is None:
        return True
    value = answers.get(key, "")
    if value == "yes":
        return True
    try:
        return float(value) > 0
    except ValueError:
        return False


def visible_sections(form: FormDef, answers: Mapping[str, str]) -> list[SectionDef]:
    return [s for s in form.sections if truthy(answers, s.show_if) and (not s.repeat or truthy(answers, s.repeat))]


def section_by_id(form: FormDef, section_id: str) -> SectionDef | None:
    return next((s for s in form.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Group:
    """Questions shown together: the whole page, or one child of a repeated section."""

    number: int | None
    questions: list[Q]


def section_groups(form: FormDef, section: SectionDef, answers: Mapping[str, str]) -> list[Group]:
    def shown(key: str) -> Q | None:
        q = question(form, key)
        return q if truthy(answers, q.show_if) else None

    if not section.repeat:
        return [Group(None, [q for key in section.questions if (q := shown(key))])]
    count = int(answers.get(section.repeat) or 0)
    return [
        Group(n, [q for key in section.questions if (q := shown(f"{key}__{n}"))])
        for n in range(1, count + 1)
    ]


def section_questions(form: FormDef, section: SectionDef, answers: Mapping[str, str]) -> list[Q]:
    return [q for g in section_groups(form, section, answers) for q in g.questions]


# Question types whose parser needs nothing but the typed text.
_SIMPLE_PARSERS = {
    "money": v.parse_money, "iban": v.parse_iban, "bsn": v.parse_bsn,
    "postcode": v.parse_postcode, "email": v.parse_email, "phone": v.parse_phone,
}


def parse_answer(q: Q, raw: str, today: date) -> str:
    """The clean value of one answer, or Invalid. An empty optional answer is ""."""
    raw = (raw or "").strip()
    if not raw:
        if q.required:
            raise v.Invalid(REQUIRED_CHOICE, CHOICE_NAMED) if q.type == "yesno" else v.Invalid(REQUIRED, REQUIRED_NAMED)
        return ""
    if q.type in _SIMPLE_PARSERS:
        return _SIMPLE_PARSERS[q.type](raw)
    match q.type:
        case "date":
            iso = v.parse_date(raw, today=today)
            return v.check_age(iso, today=today, under=q.under, at_least=q.at_least) if q.under or q.at_least else iso
        case "count":
            return v.parse_count(raw, maximum=q.maximum)
        case "yesno":
            return v.parse_choice(raw, ["yes", "no"])
        case "textarea":
            return v.parse_text(raw, max_length=2000)
        case _:
            return v.parse_text(raw)


def message(error: v.Invalid, q: Q | None = None) -> str:
    """The error in the reader's language, naming the question `q` where it can: by its
    subject ("Enter your date of birth."), a yes/no question by quoting it."""
    if q is not None and error.named:
        if "%(question)s" in error.named:
            return gettext(error.named, question=q.label, **error.variables)
        if q.subject:
            return gettext(error.named, subject=q.subject, **error.variables)
        if q.type == "yesno" and error.message == v.CHOICE:
            return gettext(CHOICE_NAMED, question=q.label)
    return gettext(error.message, **error.variables)


def validate(questions: list[Q], data: Mapping[str, Any], today: date) -> tuple[dict[str, str], dict[str, str]]:
    """(clean answers, translated errors) for the questions of one page."""
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for q in questions:
        try:
            clean[q.key] = parse_answer(q, str(data.get(q.key, "")), today)
        except v.Invalid as error:
            errors[q.key] = message(error, q)
    return clean, errors


def section_complete(form: FormDef, section: SectionDef, application: Application) -> bool:
    if section.id not in application.completed:
        return False
    return all(
        application.answers.get(q.key) or not q.required
        for q in section_questions(form, section, application.answers)
    )


async def save_section(
    session: AsyncSession, application: Application, form: FormDef, section: SectionDef, data: Mapping[str, Any], today: date
) -> dict[str, str]:
    """Validate a page; if all is well store it and commit. Returns translated errors.

    A page with errors changes nothing in the database: the citizen sees what they
    typed again, with the messages.
    """
    # Questions shown depend on answers on the page itself (a yes/no revealing more),
    # so evaluate visibility with the submitted values laid over the stored ones.
    merged = {**application.answers, **{k: str(val) for k, val in data.items() if isinstance(val, str)}}
    questions = section_questions(form, section, merged)
    clean, errors = validate(questions, data, today)
    if errors:
        return errors
    answers = dict(application.answers)
    answers.update(clean)
    application.answers = answers
    application.completed = sorted(set(application.completed) | {section.id})
    application.updated_at = clock.now()
    await session.commit()
    return {}


def required_documents(form: FormDef, answers: Mapping[str, str]) -> list[tuple[str, str]]:
    """(type id, label) of the documents this application needs."""
    return [(d.id, document_label(d)) for d in form.documents if truthy(answers, d.show_if)]


def documents_complete(form: FormDef, application: Application, documents: list) -> bool:
    have = {d.doc_type for d in documents}
    return all(doc_type in have for doc_type, _ in required_documents(form, application.answers))


def draft_path(application: Application, tenant) -> str:
    return f"{tenant.base_path}/apply/drafts/{application.id}"


def tasks(form: FormDef, application: Application, documents: list, tenant) -> list[dict]:
    base = draft_path(application, tenant)
    done, todo = gettext("Completed"), gettext("Not started yet")
    rows = []
    for section in visible_sections(form, application.answers):
        complete = section_complete(form, section, application)
        rows.append({"label": section_title(section), "href": f"{base}/section/{section.id}",
                     "status": "done" if complete else "todo", "status_label": done if complete else todo})
    if required_documents(form, application.answers):
        complete = documents_complete(form, application, documents)
        rows.append({"label": gettext("Documents"), "href": f"{base}/documents",
                     "status": "done" if complete else "todo", "status_label": done if complete else todo})
    ready = all(r["status"] == "done" for r in rows)
    rows.append({"label": gettext("Check your answers and send"), "href": f"{base}/check",
                 "status": "todo" if ready else "cannot-start",
                 "status_label": gettext("Ready to send") if ready else gettext("Cannot start yet")})
    return rows


def ready_to_submit(form: FormDef, application: Application, documents: list) -> bool:
    return all(section_complete(form, s, application) for s in visible_sections(form, application.answers)) and (
        documents_complete(form, application, documents)
    )


def shown_value(q: Q, value: str, locale: str) -> str:
    """An answer as the citizen reads it on the check page."""
    from portal.i18n import format_date, format_money, ltr

    if not value:
        return ""
    if q.type == "date":
        return format_date(date.fromisoformat(value), locale=locale)
    if q.type == "money":
        return format_money(value, locale=locale)
    if q.type == "yesno":
        return gettext("Yes") if value == "yes" else gettext("No")
    if q.type in ("iban", "phone", "bsn", "postcode", "email"):
        return ltr(value, locale)  # data: kept in its own order on a right-to-left page
    return value


def input_value(q: Q, value: str, locale: str) -> str:
    """A stored answer put back in its field, written the way the citizen would."""
    if not value:
        return ""
    if q.type == "date":
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    if q.type == "money" and locale != "en":
        return value.replace(".", ",")
    return value


def summary(form: FormDef, application: Application, tenant, locale: str) -> list[dict]:
    """Every visible answer, per section, with a change link back to the check page."""
    base = draft_path(application, tenant)
    out = []
    for section in visible_sections(form, application.answers):
        rows = []
        for group in section_groups(form, section, application.answers):
            for q in group.questions:
                label = q.label if group.number is None else f"{q.label} ({gettext('child %(n)s', n=group.number)})"
                rows.append({"key": q.key, "label": label,
                             "value": shown_value(q, application.answers.get(q.key, ""), locale),
                             "href": f"{base}/section/{section.id}?return=check#field-{q.key}"})
        out.append({"id": section.id, "title": section_title(section), "rows": rows})
    return out


def situation_of(form: FormDef, answers: Mapping[str, str]) -> dict[str, Any]:
    """The answers in portal.rules.situation.Situation keys, for the advice."""
    out: dict[str, Any] = {}
    for key in ("birth_date", "partner_birth_date"):
        if answers.get(key):
            out[key] = answers[key]
    for key in ("has_partner", "student_finance", "in_detention", "partner_in_detention", "partner_student_finance"):
        if answers.get(key) in ("yes", "no"):
            out[key] = answers[key] == "yes"
    # Participatiewet art. 11: Dutch nationality answers it; otherwise the caseworker reads
    # the residence status from the document (the case file asks for it).
    if answers.get("dutch_nationality") == "yes":
        out["residence_status"] = "dutch"
    for key in ("housemates_27_plus", "months_low_income"):
        if answers.get(key):
            out[key] = int(answers[key])
    for key in ("income", "partner_income", "assets", "debts", "home_equity", "special_costs"):
        if answers.get(key):
            out[key] = answers[key]
    if out.get("has_partner") is False:
        for key in ("partner_birth_date", "partner_income", "partner_in_detention", "partner_student_finance"):
            out.pop(key, None)
    count = int(answers.get("children_count") or 0)
    if "children_count" in answers:
        out["children"] = [answers[f"child_birth_date__{n}"] for n in range(1, count + 1) if answers.get(f"child_birth_date__{n}")]
    return out


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def prefill(situation: Mapping[str, Any] | None, email: str | None) -> dict[str, str]:
    """A known situation and email address as form answers (portal.applications.prefill
    says where they come from)."""
    out: dict[str, str] = {}
    if email:
        out["email"] = email
    s = dict(situation or {})
    for key in ("birth_date", "partner_birth_date"):
        if s.get(key):
            out[key] = str(s[key])
    for key in ("has_partner", "student_finance", "in_detention"):
        if isinstance(s.get(key), bool):
            out[key] = "yes" if s[key] else "no"
    for key in ("housemates_27_plus", "months_low_income"):
        if s.get(key) is not None:
            out[key] = str(int(s[key]))
    for key in ("income", "partner_income", "assets", "debts", "home_equity", "special_costs"):
        if s.get(key) not in (None, ""):
            try:
                out[key] = v.parse_money(str(s[key]))
            except v.Invalid:
                continue  # a prefill is a suggestion: an unreadable one is left for the citizen
    children = s.get("children")
    if isinstance(children, list):
        # The form asks for the children under 18 (the check for those under 27 at home).
        limit = library.QUESTIONS["child_birth_date"].under
        children = [born for born in children
                    if not _is_date(born) or v.age_on(date.fromisoformat(str(born)), clock.today()) < limit]
        out["children_count"] = str(len(children))
        for n, born in enumerate(children, start=1):
            out[f"child_birth_date__{n}"] = str(born)
    if out.get("has_partner") == "no":
        out.pop("partner_birth_date", None)
        out.pop("partner_income", None)
    return out


async def start_draft(
    session: AsyncSession, *, citizen_id: uuid.UUID, scheme: str, answers: dict[str, str]
) -> Application:
    application = Application(
        citizen_id=citizen_id,
        scheme=scheme,
        status=Application.DRAFT,
        answers=answers,
        completed=[],
        idempotency_key=secrets.token_urlsafe(32),
        lock_version=0,
    )
    session.add(application)
    # The daily purge is queued with the first draft of a tenant: no drafts, no job.
    await ensure_scheduled(session)
    await session.commit()
    return application


async def get_own(session: AsyncSession, application_id: uuid.UUID, citizen_id: uuid.UUID) -> Application | None:
    """The citizen's own application in this tenant (the session filters the tenant)."""
    return await session.scalar(
        select(Application).where(Application.id == application_id, Application.citizen_id == citizen_id)
    )


async def drafts_of(session: AsyncSession, citizen_id: uuid.UUID) -> list[Application]:
    rows = await session.scalars(
        select(Application)
        .where(Application.citizen_id == citizen_id, Application.status == Application.DRAFT)
        .order_by(Application.updated_at.desc())
    )
    return list(rows.all())


def removal_date(application: Application, retention_days: int) -> date:
    from portal.i18n import to_local

    return to_local(application.updated_at + timedelta(days=retention_days)).date()
