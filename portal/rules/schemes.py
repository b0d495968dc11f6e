"""Which OpenFisca variables make up each scheme's outcome and reasons.

Each reason points at computed variables: ``met`` (a condition), ``value`` (the citizen's
value) and ``limit``; nothing here recomputes a rule. ``needs`` lists the Situation keys the
condition depends on: when one is unanswered the condition is "cannot tell yet" (``met=None``).
A reason with ``applies`` is met whatever ``needs_if_applies`` holds when ``applies`` is false
(e.g. the search period only matters under 27).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import labels

# Keys that decide the household type and the ages, hence the norm.
BASE_NORM_NEEDS = ("birth_date", "has_partner", "partner_birth_date", "children")
# The partner's own exclusions decide the norm too (art. 24: half the couple norm).
NORM_NEEDS = (*BASE_NORM_NEEDS, "housemates_27_plus", "housemates", "partner_in_detention", "partner_student_finance")
INCOME_NEEDS = ("income", "partner_income")


@dataclass(frozen=True, slots=True)
class ReasonSpec:
    code: str
    label: str
    met: str
    value: str | None = None  # variable name, or "situation:<key>"
    limit: str | None = None  # variable name, "param:<dotted.path>" or "tenant"
    kind: str = "bool"  # how value and limit are shown: money, age, months, bool, date, text
    needs: tuple[str, ...] = ()
    value_needs: tuple[str, ...] | None = None  # default: needs
    limit_needs: tuple[str, ...] = ()
    applies: str | None = None
    needs_if_applies: tuple[str, ...] = ()
    not_met: str = ""  # the label when the condition is not met (labels.py: no double negatives)
    staff: str = ""  # for caseworkers: a fact answered yes or no ("Lives in %(city)s")
    staff_yes_is_met: bool = True  # False where "no" meets it ("In detention: no")


@dataclass(frozen=True, slots=True)
class SchemeSpec:
    scheme: str
    eligible: str
    reasons: tuple[ReasonSpec, ...]
    amount: str | None = None
    amount_period: str | None = None
    amount_needs: tuple[str, ...] = ()


RESIDENCE = ReasonSpec(
    "residence", labels.RESIDENCE, "lives_in_municipality",
    value="situation:municipality", limit="tenant", kind="text", needs=("municipality",),
    not_met=labels.RESIDENCE_NOT, staff=labels.RESIDENCE_STAFF,
)
LAWFUL_RESIDENCE = ReasonSpec(
    "lawful_residence", labels.LAWFUL_RESIDENCE, "lawful_residence",
    value="lawful_residence", needs=("residence_status",),
    not_met=labels.LAWFUL_RESIDENCE_NOT, staff=labels.LAWFUL_RESIDENCE_STAFF,
)
MINIMUM_AGE = ReasonSpec(
    "minimum_age", labels.MINIMUM_AGE, "meets_minimum_age",
    value="applicant_age", limit="param:bijstand.ages.minimum_age", kind="age", needs=("birth_date",),
    not_met=labels.MINIMUM_AGE_NOT, staff=labels.MINIMUM_AGE_STAFF,
)
NOT_IN_DETENTION = ReasonSpec(
    "not_in_detention", labels.NOT_IN_DETENTION, "not_in_detention",
    value="applicant_in_detention", needs=("in_detention",),
    not_met=labels.NOT_IN_DETENTION_NOT, staff=labels.NOT_IN_DETENTION_STAFF, staff_yes_is_met=False,
)
STUDENT_FINANCE = ReasonSpec(
    "student_finance", labels.STUDENT_FINANCE, "no_student_finance_exclusion",
    value="applicant_student_finance", needs=("birth_date",),
    applies="young_person", needs_if_applies=("student_finance",), value_needs=("student_finance",),
    not_met=labels.STUDENT_FINANCE_NOT, staff=labels.STUDENT_FINANCE_STAFF, staff_yes_is_met=False,
)
SEARCH_PERIOD = ReasonSpec(
    "search_period", labels.SEARCH_PERIOD, "search_period_over",
    value="situation:reported_on", limit="search_period_end", kind="date", needs=("birth_date",),
    applies="young_person", needs_if_applies=("reported_on",), value_needs=("reported_on",),
    limit_needs=("reported_on",),
    not_met=labels.SEARCH_PERIOD_NOT, staff=labels.SEARCH_PERIOD_STAFF,
)
ASSETS = ReasonSpec(
    "assets", labels.ASSETS, "assets_within_limit",
    value="net_assets", limit="asset_limit", kind="money",
    needs=("assets", "debts", "has_partner", "children"),
    value_needs=("assets", "debts"), limit_needs=("has_partner", "children"),
    not_met=labels.ASSETS_NOT, staff=labels.ASSETS_STAFF,
)
HOME_EQUITY = ReasonSpec(
    "home_equity", labels.HOME_EQUITY, "home_equity_within_limit",
    value="home_equity", limit="home_equity_limit", kind="money", needs=("home_equity",),
    not_met=labels.HOME_EQUITY_NOT, staff=labels.HOME_EQUITY_STAFF,
)
INCOME_BELOW_NORM = ReasonSpec(
    "income", labels.INCOME_BELOW_NORM, "income_below_norm",
    value="household_income", limit="bijstand_norm", kind="money",
    needs=(*INCOME_NEEDS, *NORM_NEEDS), value_needs=INCOME_NEEDS, limit_needs=NORM_NEEDS,
    not_met=labels.INCOME_BELOW_NORM_NOT, staff=labels.INCOME_BELOW_NORM_STAFF,
)
IIT_AGE = ReasonSpec(
    "inkomenstoeslag_age", labels.IIT_AGE, "inkomenstoeslag_age_ok",
    value="applicant_age", limit="param:city.inkomenstoeslag.minimum_age", kind="age", needs=("birth_date",),
    not_met=labels.IIT_AGE_NOT, staff=labels.IIT_AGE_STAFF,
)
IIT_PERIOD = ReasonSpec(
    "low_income_period", labels.IIT_PERIOD, "inkomenstoeslag_period_ok",
    value="months_low_income", limit="inkomenstoeslag_reference_period", kind="months",
    needs=("months_low_income",),
    not_met=labels.IIT_PERIOD_NOT, staff=labels.IIT_PERIOD_STAFF,
)
IIT_INCOME = ReasonSpec(
    "inkomenstoeslag_income", labels.IIT_INCOME, "inkomenstoeslag_income_ok",
    value="household_income", limit="inkomenstoeslag_income_limit", kind="money",
    needs=(*INCOME_NEEDS, *BASE_NORM_NEEDS), value_needs=INCOME_NEEDS, limit_needs=BASE_NORM_NEEDS,
    not_met=labels.IIT_INCOME_NOT, staff=labels.IIT_INCOME_STAFF,
)
STADSPAS_INCOME = ReasonSpec(
    "stadspas_income", labels.STADSPAS_INCOME, "stadspas_income_ok",
    value="household_income", limit="stadspas_income_limit", kind="money",
    needs=(*INCOME_NEEDS, *BASE_NORM_NEEDS), value_needs=INCOME_NEEDS, limit_needs=BASE_NORM_NEEDS,
    not_met=labels.STADSPAS_INCOME_NOT, staff=labels.STADSPAS_INCOME_STAFF,
)
SPECIAL_COSTS = ReasonSpec(
    "special_costs", labels.SPECIAL_COSTS, "bijzondere_bijstand_costs_ok",
    value="special_costs", limit="bijzondere_bijstand_minimum_costs", kind="money", needs=("special_costs",),
    not_met=labels.SPECIAL_COSTS_NOT, staff=labels.SPECIAL_COSTS_STAFF,
)

SCHEMES: tuple[SchemeSpec, ...] = (
    SchemeSpec(
        "bijstand", "bijstand_eligible",
        (RESIDENCE, LAWFUL_RESIDENCE, MINIMUM_AGE, NOT_IN_DETENTION, STUDENT_FINANCE, SEARCH_PERIOD, ASSETS,
         HOME_EQUITY, INCOME_BELOW_NORM),
        amount="bijstand_amount", amount_period="month", amount_needs=(*INCOME_NEEDS, *NORM_NEEDS),
    ),
    SchemeSpec(
        "inkomenstoeslag", "inkomenstoeslag_eligible",
        (RESIDENCE, LAWFUL_RESIDENCE, IIT_AGE, NOT_IN_DETENTION, IIT_PERIOD, IIT_INCOME, ASSETS),
        amount="inkomenstoeslag_amount", amount_period="year", amount_needs=("has_partner", "children", "birth_date"),
    ),
    SchemeSpec(
        "bijzondere-bijstand", "bijzondere_bijstand_eligible",
        (RESIDENCE, LAWFUL_RESIDENCE, MINIMUM_AGE, NOT_IN_DETENTION, ASSETS, SPECIAL_COSTS),
    ),
    SchemeSpec("stadspas", "stadspas_eligible", (RESIDENCE, MINIMUM_AGE, STADSPAS_INCOME)),
)
SCHEME_IDS = tuple(s.scheme for s in SCHEMES)
