"""A case process as tenant data: `tenants/<slug>/processes/<case type>.toml`.

One file per case type (Wmo, schuldhulpverlening, inburgering, bijstand, or any type a
municipality adds). A definition says:

- `steps`: who acts in each (citizen, municipality, partner), what the citizen reads
  while the case is there (`now`) and about it as a step still to come (`later`), the
  steps it may go on to (`to`), the form the citizen fills in to reach it (`form`),
  the documents made in it (`documents`), the decisions it can end in (`decisions`);
- `terms`: a legal term anchored to a step (`from`: counted from the day the case
  entered it) and met when the case reaches another (`until`), in days, weeks, working
  days or years, what suspends it and what extends it, and its legal source;
- `forms`, `documents`, `decisions` and their `letters`.

`check` is the validator `portal tenants check` runs on every file: it names the key and
the reason (the loader adds the file).
"""

from __future__ import annotations

from collections import deque

import msgspec

from portal.cases.service import Text
from portal.tenancy.schema import Strict

ACTORS = ("citizen", "municipality", "partner")
UNITS = ("days", "weeks", "working_days", "years")
FIELD_KINDS = ("text", "textarea", "yesno", "date")
# What in a case's history can suspend or extend a term (cases' own event kinds).
SUSPENDING_EVENTS = ("info_requested",)
EXTENDING_EVENTS = ("extended",)


class Source(Strict, kw_only=True):
    """Where a term comes from: the article, a link to its text, and whether we read it."""

    article: str  # "Wmo 2015, art. 2.3.2 lid 1"
    url: str = ""
    # False when the figure could not be confirmed against the text of the law.
    confirmed: bool = True
    note: str = ""


class Step(Strict, kw_only=True):
    id: str
    actor: str  # citizen, municipality, partner
    title: Text
    now: Text  # what the citizen reads while the case is in this step
    later: Text  # what the citizen reads about this step while it is still to come
    to: list[str] = []  # the steps it may go on to; none: the case ends here
    form: str | None = None  # the form the citizen fills in to reach this step
    documents: list[str] = []  # documents made in this step (the Wmo report)
    decisions: list[str] = []  # an end step: the decisions it can end in
    appointment: bool = False  # the step is a conversation (an appointment)


class Term(Strict, kw_only=True):
    id: str
    label: Text
    from_: str = msgspec.field(name="from")  # counted from the day the case entered this step
    until: str  # met once the case reaches this step
    length: int
    unit: str  # days, weeks, working_days, years
    source: Source
    # A flag a form answer sets (`urgent`): the term applies only when it is set (`when`)
    # or only when it is not (`unless`).
    when: str | None = None
    unless: str | None = None
    suspended_by: list[str] = []  # event kinds, e.g. info_requested (Awb 4:15)
    extended_by: list[str] = []  # event kinds, e.g. extended (Awb 4:14): by their weeks
    # Algemene termijnenwet art. 1: a last day on a weekend or holiday moves on.
    atw: bool = True


class Field(Strict, kw_only=True):
    id: str
    kind: str  # text, textarea, yesno, date
    label: Text
    hint: Text | None = None
    required: bool = True
    # A yes to this question sets the flag (e.g. `urgent`) on the case.
    flag: str | None = None
    max_length: int = 2000


class Form(Strict, kw_only=True):
    id: str
    title: Text
    fields: list[Field]


class Document(Strict, kw_only=True):
    id: str
    label: Text
    # The citizen may read it and comment on it in the portal.
    citizen_reads: bool = False
    citizen_comments: bool = False


class Letter(Strict, kw_only=True):
    id: str
    subject: Text
    body: Text


class Decision(Strict, kw_only=True):
    id: str
    label: Text
    outcome: str  # granted, refused, not_handled
    letter: str


class ProcessDefinition(Strict, kw_only=True):
    id: str  # the case type, also the case's scheme (`wmo`)
    name: Text
    law: str  # the law it follows, with its identifier
    start: str  # the step a case is in once the citizen submits
    # The citizen starts it from the portal with this form (none: the municipality opens it).
    citizen_starts: bool = True
    # "processes": cases of this type follow this definition; "cases": the cases domain
    # runs them from cases.toml and this file describes them (bijstand today).
    handled_by: str = "processes"
    reference_prefix: str | None = None
    steps: list[Step]
    terms: list[Term] = []
    forms: list[Form] = []
    documents: list[Document] = []
    decisions: list[Decision] = []
    letters: list[Letter] = []

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def has_step(self, step_id: str) -> bool:
        return any(s.id == step_id for s in self.steps)

    def form(self, form_id: str) -> Form:
        return next(f for f in self.forms if f.id == form_id)

    def start_form(self) -> Form | None:
        form_id = self.step(self.start).form
        return self.form(form_id) if form_id else None

    def document(self, document_id: str) -> Document:
        return next(d for d in self.documents if d.id == document_id)

    def decision(self, decision_id: str) -> Decision:
        return next(d for d in self.decisions if d.id == decision_id)

    def letter(self, letter_id: str) -> Letter:
        return next(item for item in self.letters if item.id == letter_id)

    def flags(self) -> set[str]:
        return {f.flag for form in self.forms for f in form.fields if f.flag}

    def order(self) -> list[str]:
        """The steps a case can meet, in the file's order (the order the citizen reads)."""
        reachable = set(self.reachable())
        return [s.id for s in self.steps if s.id in reachable]

    def reachable(self) -> list[str]:
        """The steps that can be reached from the start (breadth first)."""
        seen: list[str] = []
        queue = deque([self.start])
        while queue:
            current = queue.popleft()
            if current in seen or not self.has_step(current):
                continue
            seen.append(current)
            queue.extend(self.step(current).to)
        return seen

    def zaaktype(self):
        """The case type as the cases domain reads it (statuses in order, decision term)."""
        from portal.cases.service import StatusType, ZaakType

        weeks = next((t.length for t in self.terms if t.unit == "weeks" and t.until in self.end_steps()), 8)
        return ZaakType(
            scheme=self.id,
            doorlooptijd_weeks=weeks,
            verlenging_weeks=weeks,
            statustypen=[StatusType(code=s.id, omschrijving=s.title, statustekst=s.now) for s in
                         (self.step(i) for i in self.order())],
        )

    def end_steps(self) -> set[str]:
        return {s.id for s in self.steps if not s.to}

    # The cases domain asks a definition for the deadline of a case of its type.
    def deadline(self, events, case):
        from portal.processes.terms import case_deadline

        return case_deadline(self, events, case)


def _unique(items, key: str) -> list[tuple[str, str]]:
    seen: set[str] = set()
    errors = []
    for index, item in enumerate(items):
        if item.id in seen:
            errors.append((f"{key}[{index}].id", f"{item.id!r} appears twice"))
        seen.add(item.id)
    return errors


def check(definition: ProcessDefinition, tenant=None) -> list[tuple[str, str]]:
    """Every problem of one process definition as (key, reason)."""
    errors: list[tuple[str, str]] = []
    for items, key in ((definition.steps, "steps"), (definition.terms, "terms"), (definition.forms, "forms"),
                       (definition.documents, "documents"), (definition.decisions, "decisions"),
                       (definition.letters, "letters")):
        errors += _unique(items, key)
    steps = {s.id for s in definition.steps}
    forms = {f.id for f in definition.forms}
    documents = {d.id for d in definition.documents}
    decisions = {d.id for d in definition.decisions}
    letters = {item.id for item in definition.letters}
    if definition.handled_by not in ("processes", "cases"):
        errors.append(("handled_by", f"{definition.handled_by!r} is not processes or cases"))
    if definition.start not in steps:
        errors.append(("start", f"{definition.start!r} is not a step"))
    for index, step in enumerate(definition.steps):
        key = f"steps[{index}]"
        if step.actor not in ACTORS:
            errors.append((f"{key}.actor", f"{step.actor!r} is not one of {', '.join(ACTORS)}"))
        for target in step.to:
            if target not in steps:
                errors.append((f"{key}.to", f"{target!r} is not a step"))
            if target == step.id:
                errors.append((f"{key}.to", "a step cannot go on to itself"))
        if step.form is not None and step.form not in forms:
            errors.append((f"{key}.form", f"the form {step.form!r} is not defined under [[forms]]"))
        for document in step.documents:
            if document not in documents:
                errors.append((f"{key}.documents", f"the document {document!r} is not defined under [[documents]]"))
        for decision in step.decisions:
            if decision not in decisions:
                errors.append((f"{key}.decisions", f"the decision {decision!r} is not defined under [[decisions]]"))
        if step.decisions and step.to:
            errors.append((f"{key}.decisions", "only a step that ends the case (no `to`) has decisions"))
    if definition.start in steps:
        reachable = set(definition.reachable())
        for index, step in enumerate(definition.steps):
            if step.id not in reachable:
                errors.append((f"steps[{index}].id", f"{step.id!r} cannot be reached from the start {definition.start!r}"))
        if not definition.end_steps() & reachable:
            errors.append(("steps", "no step ends the case (a step without `to`)"))
        if definition.citizen_starts and definition.step(definition.start).form is None:
            errors.append((f"steps[{[s.id for s in definition.steps].index(definition.start)}].form",
                           "the citizen starts this process: its start step needs a form"))
    flags = definition.flags()
    for index, term in enumerate(definition.terms):
        key = f"terms[{index}]"
        if term.from_ not in steps:
            errors.append((f"{key}.from", f"the term is anchored to {term.from_!r}, which is not a step"))
        if term.until not in steps:
            errors.append((f"{key}.until", f"{term.until!r} is not a step"))
        if term.unit not in UNITS:
            errors.append((f"{key}.unit", f"{term.unit!r} is not one of {', '.join(UNITS)}"))
        if term.length < 1:
            errors.append((f"{key}.length", "must be at least 1"))
        if not term.source.article.strip():
            errors.append((f"{key}.source.article", "every term names its legal source"))
        for flag_key in ("when", "unless"):
            flag = getattr(term, flag_key)
            if flag is not None and flag not in flags:
                errors.append((f"{key}.{flag_key}", f"no form question sets the flag {flag!r}"))
        for kind in term.suspended_by:
            if kind not in SUSPENDING_EVENTS:
                errors.append((f"{key}.suspended_by", f"{kind!r} is not one of {', '.join(SUSPENDING_EVENTS)}"))
        for kind in term.extended_by:
            if kind not in EXTENDING_EVENTS:
                errors.append((f"{key}.extended_by", f"{kind!r} is not one of {', '.join(EXTENDING_EVENTS)}"))
    for index, form in enumerate(definition.forms):
        errors += _unique(form.fields, f"forms[{index}].fields")
        for findex, field in enumerate(form.fields):
            if field.kind not in FIELD_KINDS:
                errors.append((f"forms[{index}].fields[{findex}].kind",
                               f"{field.kind!r} is not one of {', '.join(FIELD_KINDS)}"))
            if field.flag is not None and field.kind != "yesno":
                errors.append((f"forms[{index}].fields[{findex}].flag", "only a yes/no question sets a flag"))
    for index, decision in enumerate(definition.decisions):
        if decision.letter not in letters:
            errors.append((f"decisions[{index}].letter", f"the letter {decision.letter!r} is not defined under [[letters]]"))
        if decision.outcome not in ("granted", "refused", "not_handled"):
            errors.append((f"decisions[{index}].outcome", f"{decision.outcome!r} is not granted, refused or not_handled"))
    return errors


def check_file(definition: ProcessDefinition, tenant) -> list[tuple[str, str]]:
    """The section check: the definition itself, and its id against the file it is in."""
    return check(definition, tenant)
