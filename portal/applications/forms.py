"""Form definitions per scheme, read from `tenants/<slug>/forms/<scheme>.toml`.

A form is a list of sections (one topic per page), each naming questions from the
library, and the documents to upload. A tenant adds a question without code by
declaring it under `[questions.<key>]` with its texts per language and naming it in a
section. Bad files stop start-up (through the tenant loader) with file, key and reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


from portal.applications import library
from portal.i18n import get_locale, gettext
from portal.tenancy import section
from portal.tenancy.schema import SCHEME_IDS, Strict

SCHEMES = SCHEME_IDS


class CustomQuestion(Strict, kw_only=True):
    type: str
    label: dict[str, str]
    hint: dict[str, str] = {}
    required: bool = True
    show_if: str | None = None
    maximum: int = 20
    # How an error message names it: {nl = "uw lidmaatschapsnummer", en = "your membership number"}.
    subject: dict[str, str] = {}


class SectionDef(Strict, kw_only=True):
    id: str
    questions: list[str]
    show_if: str | None = None
    repeat: str | None = None  # a count question: the section is asked that many times
    title: dict[str, str] = {}  # only for sections not in the library


class DocumentDef(Strict, kw_only=True):
    id: str
    show_if: str | None = None
    label: dict[str, str] = {}  # only for document types not in the library


class FormDef(Strict, kw_only=True):
    scheme: str
    decision_term_weeks: int = 8
    # Bijstand: under this age the search period of 4 weeks applies (Participatiewet 41(4)).
    search_period_under: int | None = None
    sections: list[SectionDef]
    documents: list[DocumentDef] = []
    questions: dict[str, CustomQuestion] = {}

    @property
    def decision_term(self) -> timedelta:
        return timedelta(weeks=self.decision_term_weeks)


class DraftSettings(Strict, kw_only=True):
    retention_days: int = 30
    notice_days: int = 7


def _local(texts: dict[str, str]) -> str:
    return texts.get(get_locale()) or texts.get("en") or texts.get("nl") or ""


@dataclass(frozen=True)
class Q:
    """A question as shown: texts already in the current language."""

    key: str
    type: str
    label: str
    hint: str | None
    required: bool
    show_if: str | None
    autocomplete: str | None
    maximum: int
    subject: str | None = None  # "your date of birth": what error messages name (library.Question)
    under: int | None = None  # a date of birth: the person is younger than this
    at_least: int | None = None  # a date of birth: the person is at least this old


def question(form: FormDef, key: str) -> Q:
    base, _, number = key.partition("__")
    if base in form.questions:
        c = form.questions[base]
        return Q(key, c.type, _local(c.label), _local(c.hint) or None, c.required, c.show_if, None, c.maximum,
                 _local(c.subject) or None)
    q = library.QUESTIONS[base]
    subject = (gettext(q.subject, n=number) if number else gettext(q.subject)) if q.subject else None
    return Q(key, q.type, gettext(q.label), gettext(q.hint) if q.hint else None, q.required, q.show_if,
             q.autocomplete, q.maximum, subject, q.under, q.at_least)


def section_title(section: SectionDef) -> str:
    return _local(section.title) if section.title else gettext(library.SECTIONS[section.id])


def document_label(document: DocumentDef) -> str:
    return _local(document.label) if document.label else gettext(library.DOCUMENTS[document.id])


def check_form(form: FormDef, tenant) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if form.scheme not in SCHEMES:
        problems.append(("scheme", f"unknown scheme {form.scheme!r}"))
    known = set(library.QUESTIONS) | set(form.questions)
    for key, custom in form.questions.items():
        if custom.type not in library.TYPES:
            problems.append((f"questions.{key}.type", f"unknown type {custom.type!r}; use one of {', '.join(library.TYPES)}"))
        for lang in ("nl", "en"):
            if lang not in custom.label:
                problems.append((f"questions.{key}.label", f"needs a text in {lang!r}"))
            # Its error messages name it ("Enter your membership number."); a yes/no
            # question's quote the question itself.
            if custom.type != "yesno" and lang not in custom.subject:
                problems.append((f"questions.{key}.subject", f"needs a text in {lang!r} (how an error message names it)"))
    seen: set[str] = set()
    for i, section in enumerate(form.sections):
        if section.id in seen:
            problems.append((f"sections[{i}].id", f"{section.id!r} appears twice"))
        seen.add(section.id)
        if section.id not in library.SECTIONS and "nl" not in section.title:
            problems.append((f"sections[{i}].title", f"section {section.id!r} is not standard: give it a title per language"))
        for key in section.questions:
            if key not in known:
                problems.append((f"sections[{i}].questions", f"unknown question {key!r}"))
        for ref in (section.show_if, section.repeat):
            if ref and ref not in known:
                problems.append((f"sections[{i}]", f"refers to unknown question {ref!r}"))
    for i, document in enumerate(form.documents):
        if document.id not in library.DOCUMENTS and "nl" not in document.label:
            problems.append((f"documents[{i}].label", f"document {document.id!r} is not standard: give it a label per language"))
    return problems


# One optional form file per scheme, and the draft settings.
SECTIONS = (
    *(section(f"form:{scheme}", FormDef, filename=f"forms/{scheme}.toml", required=False, check=check_form) for scheme in SCHEMES),
    section("form-settings", DraftSettings, filename="forms/drafts.toml", required=False),
)


def form_for(tenant, scheme: str) -> FormDef | None:
    """The tenant's form for a scheme it offers, or None (then nobody can apply)."""
    if not tenant.config.offers(scheme):
        return None
    return tenant.sections.get(f"form:{scheme}")


def draft_settings(tenant) -> DraftSettings:
    return tenant.sections.get("form-settings") or DraftSettings()
