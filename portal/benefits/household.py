"""The household as decided, read from the case's frozen answers, and the rules' inputs."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from portal.rules.benefit import BenefitHousehold
from portal.rules.system import build_tenant_system

DUTCH_MONTHS = {m: i + 1 for i, m in enumerate(
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"])}


def parse_day(text) -> date | None:
    """A date as the frozen answers show it: 1990-03-05, 05-03-1990 or 5 maart 1990."""
    text = str(text or "").strip().lower()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    match = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text)
    if match and match[2] in DUTCH_MONTHS:
        try:
            return date(int(match[3]), DUTCH_MONTHS[match[2]], int(match[1]))
        except ValueError:
            return None
    return None


def answer_rows(answers: dict) -> list[tuple[str, str]]:
    return [(row.get("key", ""), str(row.get("value", ""))) for section in answers.get("sections", [])
            for row in section.get("rows", [])]


def household_from_answers(answers: dict) -> dict:
    rows = answer_rows(answers)
    first = {}
    for key, value in rows:
        first.setdefault(key, value)
    birth = parse_day(first.get("birth_date"))
    partner = parse_day(first.get("partner_birth_date")) if first.get("partner_birth_date") else None
    children = [d.isoformat() for key, value in rows if key == "child_birth_date" and (d := parse_day(value))]
    try:
        housemates = int(first.get("housemates_27_plus") or 0)
    except ValueError:
        housemates = 0
    return {"birth_date": birth.isoformat() if birth else None,
            "partner_birth_date": partner.isoformat() if partner else None,
            "children": children, "housemates_27_plus": housemates, "medical_hours_limit": False,
            "complete": birth is not None}


def household_on(benefit, month: date) -> dict:
    """The household that holds for `month`: the latest confirmed change from that month
    or before, else the one decided at the grant."""
    current = benefit.household
    for entry in sorted(benefit.household_history or [], key=lambda e: e["from"]):
        if date.fromisoformat(entry["from"]) <= month:
            current = entry["household"]
    return current


def change_month(happened_on: date) -> date:
    """A change counts from the first month that starts on or after the day it happened
    (the norm is the one on a month's first day; a day-by-day split is not made)."""
    if happened_on.day == 1:
        return happened_on
    return date(happened_on.year + (happened_on.month == 12), happened_on.month % 12 + 1, 1)


def rules_household(household: dict) -> BenefitHousehold | None:
    if not household.get("complete"):
        return None
    return BenefitHousehold(
        birth_date=date.fromisoformat(household["birth_date"]),
        partner_birth_date=date.fromisoformat(household["partner_birth_date"]) if household.get("partner_birth_date") else None,
        children=tuple(date.fromisoformat(c) for c in household.get("children", [])),
        housemates_27_plus=int(household.get("housemates_27_plus", 0)),
        medical_hours_limit=bool(household.get("medical_hours_limit")),
    )


@lru_cache(maxsize=16)
def _system(tenants_dir: str, slug: str):
    return build_tenant_system(Path(tenants_dir), slug)


def rules_system(tenant, engine=None):
    """The tenant's tax-benefit system: the app's engine when there is one, else built once."""
    if engine is not None:
        return engine.system(tenant.slug)
    return _system(str(tenant.folder.parent), tenant.slug)
