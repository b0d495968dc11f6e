"""The case configuration of a tenant: `tenants/<slug>/cases.toml`.

Modelled after the ZGW Catalogi API, so it could later be exchanged with a municipal
case system: a *zaaktype* per scheme (doorlooptijd = decision term, verlenging =
the one extension allowed) with ordered *statustypen* (volgnummer = their order,
statustekst = what the citizen reads, informeren = whether the citizen is emailed on
reaching it). The objection (bezwaar) is a zaaktype of its own.

What the tenant admin may override in the back office (refusal reasons, answer-by
default) is read through one function each, which consults the overrides
(portal.tenancy.overrides) before the file.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import msgspec

from portal.i18n import get_locale
from portal.tenancy import overrides, section
from portal.tenancy.schema import SCHEME_IDS, Strict

OBJECTION = "bezwaar"  # the zaaktype of an objection case
OUTCOMES = ("granted", "refused", "not_handled")
TERM_FROM = ("submission", "objection_term_end")

# Status type codes the case services move a case through. A zaaktype lists the ones
# it uses, in order; `optional` ones appear in a timeline only once reached.
RECEIVED, IN_PROGRESS, INFO_NEEDED, DECIDED, ENDED = "received", "in_progress", "info_needed", "decided", "ended"
STATUS_CODES = (RECEIVED, IN_PROGRESS, INFO_NEEDED, DECIDED, ENDED)
REQUIRED_STATUSES = (RECEIVED, IN_PROGRESS, INFO_NEEDED, DECIDED)


TEXT_LOCALES = ("en", "ar", "tr", "pl", "uk")  # beside Dutch


class Text(Strict, kw_only=True):
    """A text per language; Dutch is required (the language of record)."""

    nl: str
    en: str | None = None
    ar: str | None = None
    tr: str | None = None
    pl: str | None = None
    uk: str | None = None

    def get(self, locale: str | None = None) -> str:
        return getattr(self, locale or get_locale(), None) or self.en or self.nl


class StatusType(Strict, kw_only=True):
    code: str
    omschrijving: Text  # the short name: "In behandeling"
    statustekst: Text  # what the citizen reads about this step
    informeren: bool = False
    optional: bool = False


class ZaakType(Strict, kw_only=True):
    scheme: str  # a scheme id, or "bezwaar" for objections
    doorlooptijd_weeks: int = 8  # Awb 4:13
    verlenging_weeks: int = 8  # Awb 4:14: once, a reasonable term (demo: 8 weeks)
    # What the term counts from: "submission" (Awb 4:13), or for objections the day after
    # the objection term ended, "objection_term_end" (Awb 7:10 lid 1).
    term_from: str = "submission"
    statustypen: list[StatusType]

    @property
    def term(self) -> timedelta:
        return timedelta(weeks=self.doorlooptijd_weeks)

    def status(self, code: str) -> StatusType | None:
        return next((s for s in self.statustypen if s.code == code), None)

    def volgnummer(self, code: str) -> int:
        return next((i for i, s in enumerate(self.statustypen, start=1) if s.code == code), 0)


class RefusalReason(Strict, kw_only=True):
    code: str
    label: Text


class SecondPairOfEyes(Strict, kw_only=True):
    # Every grant of these schemes waits for a senior's approval...
    all_grants: list[str] = []
    # ...and so does any grant above this amount, whatever the scheme.
    amount_above: Decimal | None = None
    # Who may approve besides every senior, by the provider's subject (e.g. the team
    # lead): a senior never approves their own proposal.
    approvers: list[str] = []


class CasesConfig(Strict, kw_only=True):
    answer_by_default_days: int = 14
    # A reminder email this many days before a request's answer-by date (0: none).
    reminder_days_before_answer_by: int = 2
    objection_term_weeks: int = 6  # Awb 6:7
    # After a decision on an objection the remedy is appeal to the court (Awb 8:1), not a
    # second objection; its term (Awb 6:7) and the court of the district.
    appeal_term_weeks: int = 6
    court: str = "de rechtbank"
    # The answer to a citizen's message: a service promise of the tenant, not a legal term.
    reply_within_working_days: int = 5
    second_pair_of_eyes: SecondPairOfEyes = msgspec.field(default_factory=SecondPairOfEyes)
    refusal_reasons: list[RefusalReason]
    zaaktypen: list[ZaakType]


def _check(config: CasesConfig, tenant) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    seen = {z.scheme for z in config.zaaktypen}
    for scheme in tenant.config.schemes:
        if scheme.id not in seen:
            errors.append(("zaaktypen", f"no zaaktype for the scheme {scheme.id!r}"))
    if OBJECTION not in seen:
        errors.append(("zaaktypen", f"no zaaktype for {OBJECTION!r} (objections)"))
    for index, zaaktype in enumerate(config.zaaktypen):
        key = f"zaaktypen[{index}]"
        if zaaktype.scheme not in SCHEME_IDS and zaaktype.scheme != OBJECTION:
            errors.append((f"{key}.scheme", f"{zaaktype.scheme!r} is not a scheme id or {OBJECTION!r}"))
        codes = [s.code for s in zaaktype.statustypen]
        for code in codes:
            if code not in STATUS_CODES:
                errors.append((f"{key}.statustypen", f"{code!r} is not one of {', '.join(STATUS_CODES)}"))
        for code in REQUIRED_STATUSES:
            if code not in codes:
                errors.append((f"{key}.statustypen", f"the status {code!r} is required"))
        if len(set(codes)) != len(codes):
            errors.append((f"{key}.statustypen", "a status code appears twice"))
        if zaaktype.term_from not in TERM_FROM:
            errors.append((f"{key}.term_from", f"{zaaktype.term_from!r} is not one of {', '.join(TERM_FROM)}"))
        if zaaktype.doorlooptijd_weeks < 1 or zaaktype.verlenging_weeks < 0:
            errors.append((f"{key}.doorlooptijd_weeks", "must be at least 1 week"))
    if config.reminder_days_before_answer_by < 0:
        errors.append(("reminder_days_before_answer_by", "must be 0 (no reminder) or more"))
    if config.answer_by_default_days < 1:
        errors.append(("answer_by_default_days", "must be at least 1"))
    if config.objection_term_weeks < 1:
        errors.append(("objection_term_weeks", "must be at least 1"))
    if config.appeal_term_weeks < 1:
        errors.append(("appeal_term_weeks", "must be at least 1"))
    if config.reply_within_working_days < 1:
        errors.append(("reply_within_working_days", "must be at least 1"))
    if not config.refusal_reasons:
        errors.append(("refusal_reasons", "list at least one reason"))
    for scheme in config.second_pair_of_eyes.all_grants:
        if scheme not in SCHEME_IDS:
            errors.append(("second_pair_of_eyes.all_grants", f"{scheme!r} is not a scheme id"))
    return errors


SECTION = section("cases", CasesConfig, check=_check)


def cases_config(tenant) -> CasesConfig:
    return tenant.section("cases")


def process_of(tenant, scheme: str):
    """The process definition of a case type that is tenant data (tenants/<slug>/processes/,
    portal.processes), or None: the cases domain reads it without importing that domain."""
    for definition in (getattr(tenant, "sections", {}).get("processes") or {}).values():
        if definition.id == scheme and definition.handled_by == "processes":
            return definition
    return None


def zaaktype(tenant, scheme: str) -> ZaakType:
    for candidate in cases_config(tenant).zaaktypen:
        if candidate.scheme == scheme:
            return candidate
    definition = process_of(tenant, scheme)
    if definition is not None:
        return definition.zaaktype()
    raise LookupError(f"{tenant.slug} has no zaaktype for {scheme!r}")


def zaaktype_of(tenant, case) -> ZaakType:
    return zaaktype(tenant, OBJECTION if case.kind == "objection" else case.scheme)


def refusal_reasons(tenant) -> list[RefusalReason]:
    """The reasons a caseworker may pick from when refusing: the tenant admin's list
    (set in the back office) if there is one, else the one in cases.toml."""
    admin = overrides.of(tenant).refusal_reasons
    if admin is None:
        return list(cases_config(tenant).refusal_reasons)
    return [RefusalReason(code=r["code"], label=text_of(r["label"], fallback=r["code"])) for r in admin]


def text_of(labels: dict, *, fallback: str) -> Text:
    """A Text from a stored {"nl": ..., "en": ..., …} dict (empty languages left out)."""
    return Text(nl=labels.get("nl") or fallback, **{loc: labels.get(loc) or None for loc in TEXT_LOCALES})


def answer_by_default_days(tenant) -> int:
    """Days a citizen gets to answer a request for information, by default (the tenant
    admin's number if set, else cases.toml)."""
    return overrides.of(tenant).answer_by_default_days or cases_config(tenant).answer_by_default_days


def may_approve(tenant, employee) -> bool:
    """A senior, or someone cases.toml names as an approver (second_pair_of_eyes.approvers)."""
    return employee.has_role("senior") or employee.subject in cases_config(tenant).second_pair_of_eyes.approvers


def needs_second_pair_of_eyes(tenant, scheme: str, outcome: str, amount: Decimal | None) -> bool:
    """Whether a proposed decision waits for a senior (tenant rules in cases.toml)."""
    if outcome != "granted":
        return False
    rules = cases_config(tenant).second_pair_of_eyes
    if scheme in rules.all_grants:
        return True
    return rules.amount_above is not None and amount is not None and Decimal(amount) > rules.amount_above
