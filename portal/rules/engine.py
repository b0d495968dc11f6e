"""The rules engine: one OpenFisca tax-benefit system per tenant, built once, evaluated per household."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .schemes import SCHEMES, ReasonSpec, SchemeSpec
from .situation import PRESUMED_IN_CHECK, Situation
from .system import build_tenant_system

Outcome = Literal["likely", "unlikely", "unknown"]
CENT = Decimal("0.01")
# The first day the national parameters have values for (norm letter of 1 July 2025).
EARLIEST_RULES_DATE = date(2025, 7, 1)


class RulesError(ValueError):
    """The engine cannot evaluate: unknown tenant, or a date without rules."""


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    label: str  # English msgid: translate with gettext when shown
    value: Any
    limit: Any
    met: bool | None
    kind: str = "bool"  # money, age, months, bool, date, text: how to show value and limit
    # False for a condition that does not concern this person (the under-27 rules for
    # someone of 30): it counts as met, but is not shown as "met".
    applies: bool = True
    not_met_label: str = ""  # msgid when met is False
    staff_label: str = ""  # msgid for caseworkers, a fact answered yes/no
    staff_yes_is_met: bool = True
    # The unanswered Situation keys that keep this condition "not known" (met is None):
    # what the caseworker can answer in the case file.
    missing: tuple[str, ...] = ()

    @property
    def shown_label(self) -> str:
        """The citizen's text for this state (msgid): no "Not met: you are not …"."""
        return self.not_met_label if self.met is False and self.not_met_label else self.label

    @property
    def staff_answer(self) -> bool | None:
        """The fact's yes/no for caseworkers ("In detention: no"), None when not known."""
        return None if self.met is None else (self.met if self.staff_yes_is_met else not self.met)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "value": _jsonable(self.value),
            "limit": _jsonable(self.limit),
            "met": self.met,
        }


@dataclass(frozen=True, slots=True)
class SchemeOutcome:
    scheme: str
    outcome: Outcome
    amount: Decimal | None
    amount_period: Literal["month", "year"] | None
    reasons: list[Reason] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "outcome": self.outcome,
            "amount": _jsonable(self.amount),
            "amount_period": self.amount_period,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    tenant: str
    on: date
    schemes: list[SchemeOutcome]

    def scheme(self, scheme_id: str) -> SchemeOutcome:
        for outcome in self.schemes:
            if outcome.scheme == scheme_id:
                return outcome
        raise KeyError(scheme_id)

    def to_dict(self) -> dict[str, Any]:
        return {"tenant": self.tenant, "date": self.on.isoformat(), "schemes": [s.to_dict() for s in self.schemes]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _money(value: float) -> Decimal:
    return Decimal(repr(round(float(value), 2))).quantize(CENT)


def _money_in(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class RulesEngine:
    """Holds each tenant's tax-benefit system; :meth:`evaluate` is cheap and thread-safe."""

    def __init__(self, systems: dict[str, TaxBenefitSystem]) -> None:
        self._systems = dict(systems)

    @classmethod
    def load(cls, tenants_dir: Path, slugs: list[str]) -> RulesEngine:
        """Build the national system with each tenant's ``parameters/`` once (a fraction of a second each)."""
        return cls({slug: build_tenant_system(Path(tenants_dir), slug) for slug in slugs})

    @property
    def tenants(self) -> list[str]:
        return list(self._systems)

    def system(self, tenant_slug: str) -> TaxBenefitSystem:
        try:
            return self._systems[tenant_slug]
        except KeyError:
            raise RulesError(f"unknown tenant {tenant_slug!r}; loaded: {', '.join(self._systems)}") from None

    # -- evaluation ---------------------------------------------------------------------------
    def evaluate(self, tenant_slug: str, situation: Situation, on: date, *, strict: bool = False,
                 search_checked_on: date | None = None) -> Evaluation:
        """Outcome per scheme for one household under the rules in force on ``on``.

        ``strict`` (the caseworker's advice) presumes nothing; otherwise (the public check)
        the keys of ``PRESUMED_IN_CHECK`` that were not answered count as the usual case and
        their conditions are not listed. ``search_checked_on``: judge the under-27 search
        period on this later day (the advice: today).
        """
        system = self.system(tenant_slug)
        if on < EARLIEST_RULES_DATE:
            raise RulesError(f"no rules before {EARLIEST_RULES_DATE.isoformat()}")
        data = _simulation_input(tenant_slug, situation, on)
        if search_checked_on is not None:
            data["households"]["household"]["search_checked_on"] = {"ETERNITY": search_checked_on.isoformat()}
        simulation = SimulationBuilder().build_from_entities(system, data)
        period = periods.period(on.isoformat())
        cache: dict[str, Any] = {}

        def calc(variable: str) -> Any:
            if variable not in cache:
                cache[variable] = simulation.calculate(variable, period)[0]
            return cache[variable]

        parameters = system.get_parameters_at_instant(period.start)
        missing = situation.missing()
        presumed = frozenset() if strict else missing & PRESUMED_IN_CHECK
        missing = missing - presumed
        schemes = [
            _scheme_outcome(spec, calc, parameters, missing, situation, tenant_slug, presumed) for spec in SCHEMES
        ]
        return Evaluation(tenant=tenant_slug, on=on, schemes=schemes)


def _simulation_input(tenant_slug: str, s: Situation, on: date) -> dict[str, Any]:
    day = on.isoformat()
    applicant: dict[str, Any] = {}
    if s.birth_date is not None:
        applicant["birth_date"] = {"ETERNITY": s.birth_date.isoformat()}
    if s.income is not None:
        applicant["net_income"] = {day: float(s.income)}
    if s.student_finance is not None:
        applicant["student_finance"] = {day: s.student_finance}
    if s.in_detention is not None:
        applicant["in_detention"] = {day: s.in_detention}
    persons: dict[str, Any] = {"applicant": applicant}
    household: dict[str, Any] = {"applicant": ["applicant"]}
    if s.has_partner:
        partner: dict[str, Any] = {}
        if s.partner_birth_date is not None:
            partner["birth_date"] = {"ETERNITY": s.partner_birth_date.isoformat()}
        if s.partner_income is not None:
            partner["net_income"] = {day: float(s.partner_income)}
        if s.partner_in_detention is not None:
            partner["in_detention"] = {day: s.partner_in_detention}
        if s.partner_student_finance is not None:
            partner["student_finance"] = {day: s.partner_student_finance}
        persons["partner"] = partner
        household["partner"] = ["partner"]
    if s.children:
        names = [f"child{i}" for i in range(len(s.children))]
        for name, born in zip(names, s.children):
            persons[name] = {"birth_date": {"ETERNITY": born.isoformat()}}
        household["children"] = names
    housemates_27_plus = s.housemates_27_plus
    if s.housemates is not None:
        # By birth date, each their own member: "27 or over" is judged on the day.
        names = [f"housemate{i}" for i in range(len(s.housemates))]
        for name, born in zip(names, s.housemates):
            persons[name] = {"birth_date": {"ETERNITY": born.isoformat()}}
        household["housemates"] = names
        housemates_27_plus = 0  # the dates replace the count
    household_values = {
        "housemates_27_plus": housemates_27_plus,
        "search_period_exception": s.search_period_exception,
        "assets": _money_in(s.assets),
        "debts": _money_in(s.debts),
        "home_equity": _money_in(s.home_equity),
        "months_low_income": s.months_low_income,
        "special_costs": _money_in(s.special_costs),
    }
    for key, value in household_values.items():
        if value is not None:
            household[key] = {day: value}
    if s.reported_on is not None:
        household["reported_on"] = {"ETERNITY": s.reported_on.isoformat()}
    if s.municipality is not None:
        household["lives_in_municipality"] = {day: s.municipality == tenant_slug}
    if s.residence_status is not None:
        household["residence_status"] = {day: s.residence_status}
    return {"persons": persons, "households": {"household": household}}


def _py(value: Any, kind: str) -> Any:
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").item()
    if kind == "money":
        return _money(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _resolve(ref: str | None, calc, parameters, situation: Situation, tenant_slug: str, kind: str) -> Any:
    if ref is None:
        return None
    if ref == "tenant":
        return tenant_slug
    if ref.startswith("situation:"):
        return getattr(situation, ref.removeprefix("situation:"))
    if ref.startswith("param:"):
        node = parameters
        for part in ref.removeprefix("param:").split("."):
            node = node[part]
        return _py(node, kind) if kind == "money" else (int(node) if kind in ("age", "months") else node)
    return _py(calc(ref), kind)


def _reason(spec: ReasonSpec, calc, parameters, missing, situation, tenant_slug, presumed=frozenset()) -> Reason:
    blocked = any(n in missing for n in spec.needs)
    # A condition on a key the caller presumes (the check): met as the usual case, not listed.
    not_applicable = bool(spec.needs) and all(n in presumed for n in spec.needs)
    if not blocked and not not_applicable and spec.applies is not None:
        if bool(calc(spec.applies)):
            blocked = any(n in missing for n in spec.needs_if_applies)
        else:
            not_applicable = True
    met = None if blocked else bool(calc(spec.met))
    open_keys: tuple[str, ...] = ()
    if met is None:
        open_keys = tuple(n for n in (*spec.needs, *spec.needs_if_applies) if n in missing)
    value_needs = spec.needs if spec.value_needs is None else spec.value_needs
    value = None
    if not any(n in missing for n in value_needs):
        value = _resolve(spec.value, calc, parameters, situation, tenant_slug, spec.kind)
    limit = None
    if not not_applicable and not any(n in missing for n in spec.limit_needs):
        limit = _resolve(spec.limit, calc, parameters, situation, tenant_slug, spec.kind)
    return Reason(code=spec.code, label=spec.label, value=value, limit=limit, met=met, kind=spec.kind,
                  applies=not not_applicable, not_met_label=spec.not_met, staff_label=spec.staff,
                  staff_yes_is_met=spec.staff_yes_is_met, missing=open_keys)


def _scheme_outcome(spec: SchemeSpec, calc, parameters, missing, situation, tenant_slug,
                    presumed=frozenset()) -> SchemeOutcome:
    reasons = [_reason(r, calc, parameters, missing, situation, tenant_slug, presumed) for r in spec.reasons]
    if any(r.met is False for r in reasons):
        outcome: Outcome = "unlikely"
    elif any(r.met is None for r in reasons):
        outcome = "unknown"
    else:
        # Every condition is known: the model's own verdict decides.
        outcome = "likely" if bool(calc(spec.eligible)) else "unlikely"
    amount = None
    if spec.amount is not None and outcome == "likely" and not any(n in missing for n in spec.amount_needs):
        amount = _money(calc(spec.amount))
    return SchemeOutcome(
        scheme=spec.scheme,
        outcome=outcome,
        amount=amount,
        amount_period=spec.amount_period if amount is not None else None,
        reasons=reasons,
    )
