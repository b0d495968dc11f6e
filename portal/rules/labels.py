"""Every text the rules show to people, as English msgids.

``N_`` is a no-op marker so Babel extracts these strings (babel.cfg keywords include ``N_``);
translate at display time with the request's gettext. Dutch and Arabic are in
``locales/{nl,ar}/LC_MESSAGES/rules.po``.
"""

from __future__ import annotations


def N_(s: str) -> str:  # noqa: N802 - gettext convention
    return s


# Outcomes ----------------------------------------------------------------------------------
OUTCOME_LABELS = {
    "likely": N_("Likely"),
    "unlikely": N_("Unlikely"),
    "unknown": N_("Cannot tell yet"),
}
PERIOD_LABELS = {"month": N_("per month"), "year": N_("per year")}

# Reasons: one per condition ----------------------------------------------------------------
RESIDENCE = N_("You live in this municipality")
MINIMUM_AGE = N_("You are 18 or older")
NOT_IN_DETENTION = N_("You are not in detention")
STUDENT_FINANCE = N_("You are not under 27 with a right to student finance")
SEARCH_PERIOD = N_("If you are under 27: 4 weeks have passed since you reported to the municipality")
ASSETS = N_("Your assets minus debts are not above the asset limit")
HOME_EQUITY = N_("The equity in your home is not above the limit")
INCOME_BELOW_NORM = N_("Your net income per month is below the bijstand norm for your household")
IIT_AGE = N_("You are 21 or older and younger than the AOW age")
IIT_PERIOD = N_("Your income has been low for long enough (months)")
IIT_INCOME = N_("Your net income per month is not above the low-income limit")
STADSPAS_INCOME = N_("Your net income per month is not above the city pass limit")
SPECIAL_COSTS = N_("Your special costs in the last 12 months reach the minimum amount")

# Input errors (SituationError.message) -------------------------------------------------------
ERR_OBJECT = N_("The household must be a JSON object with the answers as keys")
ERR_DATE = N_("Enter a date in the form YYYY-MM-DD")
ERR_DATE_RANGE = N_("Enter a date between 1900 and 2100")
ERR_BOOL = N_("Answer yes or no")
ERR_INT = N_("Enter a whole number, 0 or more")
ERR_MONEY = N_("Enter an amount in euros, 0 or more, like 1234.56")
ERR_TEXT = N_("Enter the name of the municipality")
ERR_LIST = N_("Enter a list of birth dates")
