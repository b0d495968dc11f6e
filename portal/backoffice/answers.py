"""The submitted answers of a case as the case file shows them: every answer with a label
in the employee's language and words, never a bare key like `birth_date`.

Where a label comes from, first match wins:
1. the application form library (portal.applications.library): the same question in the
   caseworker's words ("Date of birth", not "Your date of birth"), translated;
2. the names of the rules' Situation and the few keys other domains store (objection,
   search period), below;
3. the label frozen with the answer (a tenant's own question, in Dutch, the language of
   record);
4. the key made readable, as the last resort for data from elsewhere.

Values: a coded answer (yes/no, a date, an amount, a count) is shown in the reader's
language from the raw answer stored beside the frozen rows; anything else is shown as it
was frozen at submission, in Dutch (the language of record), marked `lang="nl"` for a
reader in another language, as are frozen labels and section titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from portal.applications.service import QUESTIONS, STAFF_LABELS, STAFF_SECTIONS
from portal.i18n import N_, format_date, format_money, get_locale, gettext as _, ngettext

# Keys stored on cases that are not questions of the form library.
EXTRA_LABELS = {
    # portal.rules.situation.Situation
    "municipality": N_("Municipality"),
    "children": N_("Dates of birth of the children"),
    "in_detention": N_("In detention"),
    "reported_on": N_("Reported on"),
    "residence_status": N_("Nationality or residence status"),
    "search_period_exception": N_("Exception to the search period (art. 41 lid 4)"),
    "housemates": N_("Dates of birth of the housemates"),
    # portal.cases (objections, the application itself)
    "scheme": N_("Scheme"),
    "reasons": N_("Why the citizen disagrees"),
    "against": N_("Objection against case"),
    "document_ids": N_("Documents sent with it"),
    "search_period_until": N_("Search period ends on"),
    # the back-office demo's household description
    "situation": N_("Household"),
}
# Kept on a case for machines, not for people: the rules' input and demo markers.
HIDDEN = {"demo", "answers", "documents", "caseworker_answered"}
_CHILD_KEY = re.compile(r"child_(\d+)_(name|bsn|birth_date)")


RECORD_LANGUAGE = "nl"  # frozen answers are in Dutch, the language of record
CODED = ("yesno", "date", "money", "count")
_REPEATED_KEY = re.compile(r"(child_(?:name|bsn|birth_date))__(\d+)")


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    label_lang: str | None = None  # set when the text is not in the reader's language
    value_lang: str | None = None


@dataclass(frozen=True)
class Section:
    title: str | None
    rows: list[Row]
    title_lang: str | None = None


def _staff(key: str) -> str:
    return _(STAFF_LABELS.get(key) or QUESTIONS[key].label)


def label_for(key: str, frozen_label: str | None = None) -> str:
    if key in QUESTIONS:
        return _staff(key)
    if match := _CHILD_KEY.fullmatch(key):
        return _("%(question)s (child %(num)s)", question=_staff(f"child_{match.group(2)}"), num=match.group(1))
    if match := _REPEATED_KEY.fullmatch(key):
        return _("%(question)s (child %(num)s)", question=_staff(match.group(1)), num=match.group(2))
    if key in EXTRA_LABELS:
        return _(EXTRA_LABELS[key])
    if frozen_label and frozen_label != key:
        return frozen_label
    return key.replace("_", " ").strip().capitalize() or "?"


def value_for(key: str, value) -> str:
    """A raw stored value (not a frozen display text) made readable."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "–"
    if isinstance(value, (list, tuple)):
        return ngettext("%(num)s document", "%(num)s documents", len(value)) if key == "document_ids" else ", ".join(value_for(key, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{label_for(k)}: {value_for(k, v)}" for k, v in value.items())
    kind = _kind(key)
    text = str(value)
    if kind in ("yesno", None) and text in ("yes", "no"):
        return _("Yes") if text == "yes" else _("No")
    try:
        if kind == "money":
            return format_money(Decimal(text))
        if kind == "date" or key in ("search_period_until", "reported_on") or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return format_date(date.fromisoformat(text))
    except (InvalidOperation, ValueError):
        pass  # not what the type promised: show it as stored
    return text


def _kind(key: str) -> str | None:
    base = _REPEATED_KEY.sub(r"\1", key)
    return QUESTIONS[base].type if base in QUESTIONS else None


def _known(key: str) -> bool:
    return key in QUESTIONS or key in EXTRA_LABELS or bool(_CHILD_KEY.fullmatch(key) or _REPEATED_KEY.fullmatch(key))


def _frozen_row(row: dict, raw: dict, foreign: str | None) -> Row:
    key = row.get("key", "")
    label = label_for(key, row.get("label"))
    label_lang = None if _known(key) else foreign
    stored = raw.get(key)
    if stored not in (None, "") and (_kind(key) in CODED or str(stored) in ("yes", "no")):
        # A coded value reads in the reader's language: "No", "March 2, 1986", "€0.00".
        return Row(label, value_for(key, stored), label_lang)
    return Row(label, str(row.get("value", "")), label_lang, foreign)


def answer_sections(answers: dict | None) -> list[Section]:
    """What the citizen submitted, in sections; [] when nothing was stored."""
    answers = answers or {}
    foreign = RECORD_LANGUAGE if get_locale() != RECORD_LANGUAGE else None
    raw = answers.get("answers") if isinstance(answers.get("answers"), dict) else {}
    sections: list[Section] = []
    for section in answers.get("sections") or []:
        # Frozen rows carry their display value (formatted in Dutch when submitted).
        rows = [_frozen_row(row, raw, foreign) for row in section.get("rows", [])]
        if section.get("id") in STAFF_SECTIONS:
            sections.append(Section(_(STAFF_SECTIONS[section["id"]]), rows))
        else:
            sections.append(Section(section.get("title"), rows, foreign if section.get("title") else None))
    # Keys beside the sections (or all of them, for cases made without a form).
    skip = HIDDEN | {"sections"} | ({"situation"} if answers.get("sections") else set())
    loose = [Row(label_for(key), value_for(key, value)) for key, value in sorted(answers.items())
             if key not in skip and not (key == "situation" and isinstance(value, dict))]
    if loose:
        sections.append(Section(_("Other information") if sections else None, loose))
    return sections
