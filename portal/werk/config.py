"""A tenant's work-and-income data: `tenants/<slug>/werk.toml`.

Routes (trajecten) a plan can follow, the offer catalogue (provider, place, dates,
capacity), the work obligations that apply, the monthly job-application target, the plan
term after a bijstand grant, the reminder days before an action is due, and whether a
work coach sees only their own caseload. Every legal term carries its source.
"""

from __future__ import annotations

import re
from datetime import date

from portal.i18n import N_
from portal.tenancy import section
from portal.tenancy.schema import Strict

ID = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
# What an offer is; shown in the reader's language (the words live in the werk catalogue).
OFFER_KINDS = {
    "job-coaching": N_("Job coaching"),
    "course": N_("Course"),
    "language-course": N_("Language course"),
    "volunteer-work": N_("Volunteer work"),
    "participation-place": N_("Participation place"),
    "job-fair": N_("Job fair"),
}


class Texts(Strict, kw_only=True):
    nl: str
    en: str
    ar: str
    tr: str
    pl: str
    uk: str

    def of(self, locale: str) -> str:
        return getattr(self, locale, None) or self.en or self.nl


class Route(Strict, kw_only=True):
    id: str
    name: Texts


class Offer(Strict, kw_only=True):
    id: str
    kind: str
    # The provider's own name for it (a proper name, in Dutch).
    name: str
    provider: str
    place: str
    starts_on: date
    ends_on: date
    capacity: int


class Obligation(Strict, kw_only=True):
    id: str
    text: Texts
    # Where it comes from, e.g. "Participatiewet art. 9 lid 1 onder a".
    source: str


class WerkConfig(Strict, kw_only=True):
    # Participatiewet art. 44a: the plan of approach (plan van aanpak) is drawn up within
    # this many weeks after the grant (the portal's default, 8; the law leaves the term to
    # the municipality: unconfirmed as a statutory term).
    plan_term_weeks: int = 8
    plan_term_source: str = "Participatiewet art. 44a (term: gemeentelijk beleid)"
    # Reminder mails this many days before an action is due.
    reminder_days: int = 3
    # Job applications a month (gemeentelijk beleid under Participatiewet art. 9 lid 1 onder a).
    monthly_applications: int = 4
    monthly_applications_source: str = "Participatiewet art. 9 lid 1 onder a; gemeentelijk beleid"
    # True: a work coach sees only the clients on their own caseload (seniors see all).
    own_caseload_only: bool = True
    routes: list[Route]
    offers: list[Offer]
    obligations: list[Obligation]

    def route(self, route_id: str | None) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def offer(self, offer_id: str | None) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)


def check(config: WerkConfig, tenant) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if not 1 <= config.plan_term_weeks <= 52:
        errors.append(("plan_term_weeks", "must be between 1 and 52 weeks"))
    if not 0 <= config.reminder_days <= 30:
        errors.append(("reminder_days", "must be between 0 (no reminder) and 30 days"))
    if not 0 <= config.monthly_applications <= 40:
        errors.append(("monthly_applications", "must be between 0 and 40 a month"))
    if not config.monthly_applications_source.strip():
        errors.append(("monthly_applications_source", "names the article or policy the target rests on"))
    if not config.routes:
        errors.append(("routes", "lists at least one route"))
    for key, items in (("routes", config.routes), ("offers", config.offers), ("obligations", config.obligations)):
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            errors.append((key, "ids must be unique"))
        for i, item in enumerate(items):
            if not ID.match(item.id):
                errors.append((f"{key}[{i}].id", "lower case letters, digits and hyphens, 2 to 41 long"))
    for i, offer in enumerate(config.offers):
        key = f"offers[{i}]"
        if offer.kind not in OFFER_KINDS:
            errors.append((f"{key}.kind", f"must be one of {', '.join(OFFER_KINDS)}"))
        if offer.ends_on < offer.starts_on:
            errors.append((f"{key}.ends_on", "must not be before starts_on"))
        if not 1 <= offer.capacity <= 10000:
            errors.append((f"{key}.capacity", "must be between 1 and 10000 places"))
        for field in ("name", "provider", "place"):
            if not getattr(offer, field).strip():
                errors.append((f"{key}.{field}", "must not be empty"))
    for i, obligation in enumerate(config.obligations):
        if not obligation.source.strip():
            errors.append((f"obligations[{i}].source", "names the article the obligation rests on"))
    return errors


SECTION = section("werk", WerkConfig, check=check)


def werk_config(tenant) -> WerkConfig:
    return tenant.section("werk")
