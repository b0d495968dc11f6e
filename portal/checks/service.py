"""The anonymous check: question pages, which follow-up questions apply, validation, result.

Plain Python, no web framework: routes pass form data in and get pages, errors and the
evaluation back. Answers are kept as a dict in Situation keys (strings, booleans, lists),
the same dict the applications part reads from the session key ``check_answers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from portal.rules.engine import Evaluation, RulesEngine
from portal.rules import labels as rules_labels
from portal.rules.situation import Situation, SituationError, parse_situation

from .labels import N_

SESSION_KEY = "check_answers"
MAX_CHILDREN = 6
Answers = dict[str, Any]


def _young(answers: Mapping[str, Any], on: date) -> bool:
    """Under 27 on ``on`` (or not known yet: then ask, to be safe)."""
    raw = answers.get("birth_date")
    if not raw:
        return True
    try:
        born = date.fromisoformat(str(raw))
    except ValueError:
        return True
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 27


def _partner(answers: Mapping[str, Any], on: date) -> bool:
    return answers.get("has_partner") is True


def _children_count(answers: Mapping[str, Any]) -> int:
    try:
        return max(0, min(MAX_CHILDREN, int(answers.get("children_count") or 0)))
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class Question:
    key: str  # the form field name (a Situation key, or a helper like children_count)
    label: str  # msgid
    kind: str  # date, yesno, int, money, children, municipality
    hint: str | None = None
    relevant: Callable[[Mapping[str, Any], date], bool] | None = None
    reveals: tuple[str, ...] = ()  # keys of follow-up questions on the same page this answer controls
    # The question as the object of an error message ("Enter %(subject)s."); a yes/no
    # question's message quotes the question instead.
    subject: str | None = None

    def applies(self, answers: Mapping[str, Any], on: date) -> bool:
        return self.relevant is None or self.relevant(answers, on)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def visible(self, answers: Mapping[str, Any], on: date) -> list[Question]:
        return [q for q in self.questions if q.applies(answers, on)]


PAGES: tuple[Page, ...] = (
    Page("about-you", N_("About you"), (
        Question("lives_here", N_("Do you live in this municipality?"), "yesno"),
        Question("birth_date", N_("What is your date of birth?"), "date", hint=N_("For example 12-04-1985"),
                 subject=N_("your date of birth")),
        Question("has_partner", N_("Do you have a partner?"), "yesno",
                 hint=N_("Married, registered partner, or living together"), reveals=("partner_birth_date",)),
        Question("partner_birth_date", N_("What is your partner's date of birth?"), "date",
                 hint=N_("For example 12-04-1985"), relevant=_partner, subject=N_("your partner's date of birth")),
    )),
    Page("household", N_("Your household"), (
        Question("children_count", N_("How many children live with you?"), "int", reveals=("children",),
                 subject=N_("the number of children who live with you")),
        Question("children", N_("Dates of birth of the children"), "children",
                 relevant=lambda a, on: _children_count(a) > 0),
        Question("housemates_27_plus", N_("How many other people aged 27 or over live with you?"), "int",
                 hint=N_("Not your partner. For example a parent, an adult child or a housemate."),
                 subject=N_("the number of other people aged 27 or over who live with you")),
    )),
    Page("money", N_("Income and savings"), (
        Question("income", N_("What is your net income per month, in euros?"), "money",
                 hint=N_("Wages, benefits and other income after tax. Enter 0 if you have none."),
                 subject=N_("your net income per month")),
        Question("partner_income", N_("What is your partner's net income per month, in euros?"), "money",
                 relevant=_partner, subject=N_("your partner's net income per month")),
        Question("assets", N_("How much do you have in savings and valuables, in euros?"), "money",
                 hint=N_("Bank balances, savings, a car, valuables. Not your own home."),
                 subject=N_("the amount of your savings and valuables")),
        Question("debts", N_("How much debt do you have, in euros?"), "money", hint=N_("Enter 0 if you have none."),
                 subject=N_("the amount of your debts")),
        Question("home_equity", N_("If you own your home: its value minus the mortgage, in euros"), "money",
                 hint=N_("Enter 0 if you rent."), subject=N_("the value of your home minus the mortgage")),
    )),
    Page("situation", N_("Your situation"), (
        Question("student_finance", N_("Do you have a right to student finance?"), "yesno",
                 relevant=lambda a, on: _young(a, on)),
        Question("reported_on", N_("On what date did you report to the municipality that you need income support?"),
                 "date", hint=N_("Leave empty if you have not reported yet."), relevant=lambda a, on: _young(a, on),
                 subject=N_("the date you reported to the municipality")),
        Question("in_detention", N_("Are you in prison or detention?"), "yesno"),
        Question("months_low_income", N_("For how many months in a row has your income been low?"), "int",
                 hint=N_("About as much as a bijstand benefit, or less."),
                 subject=N_("the number of months your income has been low")),
        Question("special_costs", N_("Special costs you had in the last 12 months, in euros (optional)"), "money",
                 hint=N_("For example glasses, a bed, or legal aid. Enter 0 if none."),
                 subject=N_("the amount of your special costs")),
    )),
)
PAGE_SLUGS = tuple(p.slug for p in PAGES)
OPTIONAL_KEYS = {"special_costs", "reported_on"}
ERR_REQUIRED = N_("Answer this question")
# Dates are asked the way people in the Netherlands write them (day-month-year, as on the
# application form); the rules read ISO dates, so the check converts. ISO is accepted too.
ERR_DATE_FORMAT = N_("Enter the date as day-month-year, for example 17-03-1985.")
ERR_DATE_MISSING = N_("This date does not exist. Check the day and the month.")
ERR_YES_NO = N_("Answer yes or no")
ERR_CHILDREN_COUNT = N_("Enter a number from 0 to 6")
DATE_KEYS = ("birth_date", "partner_birth_date", "reported_on")
# Each message again, naming its question: a page with three empty fields lists three
# different lines, in the error summary and at each field (GOV.UK's error message pattern).
NAMED = {
    ERR_REQUIRED: N_("Enter %(subject)s."),
    ERR_DATE_FORMAT: N_("Enter %(subject)s as day-month-year, for example 17-03-1985."),
    ERR_DATE_MISSING: N_("Check the day and the month of %(subject)s: this date does not exist."),
    ERR_CHILDREN_COUNT: N_("Enter %(subject)s as a number from 0 to 6."),
    rules_labels.ERR_DATE_RANGE: N_("Check the year of %(subject)s: enter a date between 1900 and 2100."),
    rules_labels.ERR_INT: N_("Enter %(subject)s as a whole number, 0 or more."),
    rules_labels.ERR_MONEY: N_("Enter %(subject)s in euros, 0 or more, for example 1234,56."),
}
CHOICE_NAMED = N_("Choose yes or no: %(question)s")
# What a date means (a date of birth is a person of some age; a report is in the past),
# checked after the rules' own parser has read it.
ERR_FUTURE = N_("The date must be today or in the past.")
ERR_CHILD_AGE = N_("Only children under 27 count here: older ones count as other people aged 27 or over.")
ERR_PARTNER_AGE = N_("A partner is 18 or older. Check the year.")
CHILD_AT_HOME_UNDER = 27
PARTNER_AT_LEAST = 18
NAMED.update({
    ERR_FUTURE: N_("Check %(subject)s: the date must be today or in the past."),
    ERR_CHILD_AGE: N_("Check %(subject)s: only children under 27 count here; older ones count as other people aged 27 or over."),
    ERR_PARTNER_AGE: N_("Check %(subject)s: a partner is 18 or older."),
})


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def meaning_error(key: str, iso: str, on: date) -> str | None:
    """The msgid when a valid date does not fit its question, else None."""
    value = date.fromisoformat(iso)
    if value > on:
        return ERR_FUTURE
    if key.startswith("child_") and _age(value, on) >= CHILD_AT_HOME_UNDER:
        return ERR_CHILD_AGE
    if key == "partner_birth_date" and _age(value, on) < PARTNER_AT_LEAST:
        return ERR_PARTNER_AGE
    return None
CHILD_SUBJECT = N_("the date of birth of child %(n)s")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def iso_date(raw: str) -> str:
    """31-01-1985 (or 31/1/1985, 31.01.1985, 1985-01-31) as 1985-01-31; other text unchanged."""
    text = str(raw).strip()
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = m.groups()
    elif m := _ISO.fullmatch(text):
        year, month, day = m.groups()
    else:
        return text
    return f"{year}-{int(month):02d}-{int(day):02d}"


def shown_date(value: Any) -> Any:
    """An ISO date as the form shows it: 1985-01-31 as 31-01-1985."""
    m = _ISO.fullmatch(str(value))
    return f"{int(m.group(3)):02d}-{int(m.group(2)):02d}-{m.group(1)}" if m else value


def _date_error(raw: str, exc: SituationError) -> str:
    """The rules say "use YYYY-MM-DD"; a citizen needs to hear what to type, or that the day is wrong."""
    if exc.message != rules_labels.ERR_DATE:
        return exc.message
    text = str(raw).strip()
    return ERR_DATE_MISSING if _DAY_MONTH_YEAR.fullmatch(text) or _ISO.fullmatch(text) else ERR_DATE_FORMAT


def page(slug: str) -> Page:
    for p in PAGES:
        if p.slug == slug:
            return p
    raise KeyError(slug)


def next_page(slug: str) -> str | None:
    index = PAGE_SLUGS.index(slug)
    return PAGE_SLUGS[index + 1] if index + 1 < len(PAGE_SLUGS) else None


def previous_page(slug: str) -> str | None:
    index = PAGE_SLUGS.index(slug)
    return PAGE_SLUGS[index - 1] if index > 0 else None


def form_values(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as the form shows them (booleans as "yes"/"no", children as child_1 …)."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, bool):
            out[key] = "yes" if value else "no"
        elif key == "children":
            for i, born in enumerate(value, start=1):
                out[f"child_{i}"] = shown_date(born)
        elif key in DATE_KEYS:
            out[key] = shown_date(value)
        else:
            out[key] = value
    if "municipality" in answers:
        out["lives_here"] = "yes" if answers.get("lives_here", True) else "no"
    return out


def _single(key: str, raw: Any) -> Any:
    """Validate one field with the rules' own parser; returns the JSON-friendly value."""
    situation = parse_situation({key: raw})
    return situation.to_dict().get(key)


@dataclass
class Submission:
    answers: Answers  # all answers after this page (also the bad ones' raw text, for re-showing)
    errors: dict[str, str]  # field -> msgid
    complete: bool  # every relevant question on the page is answered and valid
    values: dict[str, Any] = field(default_factory=dict)  # the page's raw form values, to show again


def submit_page(
    tenant_slug: str,
    slug: str,
    form: Mapping[str, Any],
    answers: Mapping[str, Any],
    on: date,
    rendered: Collection[str] | None = None,
) -> Submission:
    """Merge one page's form into the answers.

    ``rendered`` names the questions the citizen saw (a hidden field). A follow-up that became
    relevant but was not shown (no JavaScript) gets no error: the page is shown again with it,
    and ``complete`` is false. That is how the page works without JavaScript.
    """
    p = page(slug)
    merged: Answers = dict(answers)
    raw_form = {k: (v.strip() if isinstance(v, str) else v) for k, v in form.items()}
    # First the answers that decide which follow-ups apply.
    for q in p.questions:
        if q.kind == "yesno" and raw_form.get(q.key) in ("yes", "no"):
            merged[q.key] = raw_form[q.key] == "yes"
        if q.key == "children_count":
            merged["children_count"] = raw_form.get("children_count", "")
    errors: dict[str, str] = {}
    shown: Answers = {}
    for q in p.questions:
        if not q.applies(merged, on):
            if q.kind == "children" and str(merged.get("children_count", "")).strip() == "0":
                merged["children"] = []
            else:
                merged.pop(q.key, None)
            continue
        if q.kind == "children":
            typed = [raw_form.get(f"child_{i}", "") for i in range(1, _children_count(merged) + 1)]
            dates = [iso_date(raw) if raw else raw for raw in typed]
            for i, raw in enumerate(typed, start=1):
                shown[f"child_{i}"] = raw
                if not raw:
                    errors[f"child_{i}"] = ERR_REQUIRED
                    continue
                try:
                    _single("birth_date", dates[i - 1])
                except SituationError as exc:
                    errors[f"child_{i}"] = _date_error(raw, exc)
                    continue
                if problem := meaning_error(f"child_{i}", dates[i - 1], on):
                    errors[f"child_{i}"] = problem
            if not any(k.startswith("child_") for k in errors):
                merged["children"] = dates
            continue
        raw = raw_form.get(q.key, "")
        shown[q.key] = raw
        if raw in ("", None):
            merged.pop(q.key, None)
            if q.key not in OPTIONAL_KEYS:
                errors[q.key] = ERR_REQUIRED
            continue
        if q.kind == "yesno":
            if raw not in ("yes", "no"):
                errors[q.key] = ERR_YES_NO
            continue  # already merged above
        if q.key == "children_count":
            try:
                count = int(raw)
                if not 0 <= count <= MAX_CHILDREN:
                    raise ValueError
            except ValueError:
                errors[q.key] = ERR_CHILDREN_COUNT
                continue
            merged["children_count"] = count
            if count == 0:
                merged["children"] = []
            continue
        try:
            merged[q.key] = _single(q.key, iso_date(raw) if q.kind == "date" else raw)
        except SituationError as exc:
            errors[q.key] = _date_error(raw, exc) if q.kind == "date" else exc.message
            merged.pop(q.key, None)
            continue
        if q.kind == "date" and (problem := meaning_error(q.key, merged[q.key], on)):
            errors[q.key] = problem
            merged.pop(q.key, None)
    if "lives_here" in merged:
        merged["municipality"] = tenant_slug if merged["lives_here"] else "elsewhere"
    complete = not errors
    if rendered is not None:
        seen = set(rendered)
        errors = {
            k: v for k, v in errors.items()
            if k in seen or (k.startswith("child_") and "children" in seen and k in raw_form)
        }
    return Submission(answers=merged, errors=errors, complete=complete, values={**raw_form, **shown})


def message(p: Page, key: str, msgid: str) -> str:
    """The error `msgid` of field `key` on page `p` in the reader's language, naming its
    question (a child's date of birth by the child's number)."""
    from portal.i18n import gettext

    if key.startswith("child_"):
        subject = gettext(CHILD_SUBJECT, n=key.removeprefix("child_"))
        q = None
    else:
        q = next((q for q in p.questions if q.key == key), None)
        subject = gettext(q.subject) if q is not None and q.subject else None
    if q is not None and q.kind == "yesno":
        return gettext(CHOICE_NAMED, question=gettext(q.label))
    if subject and msgid in NAMED:
        return gettext(NAMED[msgid], subject=subject)
    return gettext(msgid)


def situation(answers: Mapping[str, Any]) -> Situation:
    """The Situation of stored answers (helper keys such as ``lives_here`` are ignored)."""
    return parse_situation(dict(answers))


# The city pass is "close" when the income is at most this much above its limit: then a
# change (a lower income, costs that count) may make it likely, and the result says so.
CITY_PASS_CLOSE = Decimal("1.10")


@dataclass(frozen=True)
class NextSteps:
    """What a result page offers beyond "apply": never a dead end (the check is no decision)."""

    all_unlikely: bool  # nothing is likely or unknown: say what the person can still do
    debts: bool  # debts answered above 0: offer the free debt help
    city_pass_close: Decimal | None  # the city pass limit, when the income is just above it


def next_steps(outcomes: list, answers: Mapping[str, Any]) -> NextSteps:
    def amount(key: str) -> Decimal:
        try:
            return Decimal(str(answers.get(key) or 0))
        except ArithmeticError:
            return Decimal(0)

    close = None
    for o in outcomes:
        if o.scheme != "stadspas" or o.outcome != "unlikely":
            continue
        income = next((r for r in o.reasons if r.code == "stadspas_income"), None)
        others_met = all(r.met is not False for r in o.reasons if r is not income)
        if income is not None and income.met is False and others_met and income.limit is not None \
                and income.value is not None and Decimal(income.value) <= Decimal(income.limit) * CITY_PASS_CLOSE:
            close = Decimal(income.limit)
    return NextSteps(
        all_unlikely=bool(outcomes) and all(o.outcome == "unlikely" for o in outcomes),
        debts=amount("debts") > 0,
        city_pass_close=close,
    )


def evaluate(engine: RulesEngine, tenant_slug: str, answers: Mapping[str, Any], on: date) -> Evaluation:
    return engine.evaluate(tenant_slug, situation(answers), on)
