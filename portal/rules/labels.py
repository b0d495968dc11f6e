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
# Each condition is said three ways, none with a double negative: as it reads when it is
# met (also while not known yet), when it is not met, and for caseworkers as a fact that a
# "yes" or "no" answers ("Lives in Amsterdam: yes"). A condition that does not apply to
# the person (the under-27 rules for someone older) is not listed at all.
RESIDENCE = N_("You live in this municipality")
RESIDENCE_NOT = N_("You do not live in this municipality")
RESIDENCE_STAFF = N_("Lives in %(city)s")
LAWFUL_RESIDENCE = N_("You have Dutch nationality or a residence status that gives a right to bijstand")
LAWFUL_RESIDENCE_NOT = N_("Your residence status gives no right to bijstand")
LAWFUL_RESIDENCE_STAFF = N_("Dutch or lawful residence (Participatiewet art. 11)")
MINIMUM_AGE = N_("You are 18 or older")
MINIMUM_AGE_NOT = N_("You are younger than 18")
MINIMUM_AGE_STAFF = N_("18 or older")
NOT_IN_DETENTION = N_("You are not in detention")
NOT_IN_DETENTION_NOT = N_("You are in prison or detention")
NOT_IN_DETENTION_STAFF = N_("In detention")
STUDENT_FINANCE = N_("You are under 27 and have no right to student finance")
STUDENT_FINANCE_NOT = N_("You are under 27 and have a right to student finance")
STUDENT_FINANCE_STAFF = N_("Under 27 with a right to student finance")
SEARCH_PERIOD = N_("If you are under 27: 4 weeks have passed since you reported to the municipality")
SEARCH_PERIOD_NOT = N_("You are under 27: 4 weeks must pass after you report to the municipality")
SEARCH_PERIOD_STAFF = N_("Under 27: search period of 4 weeks over")
ASSETS = N_("Your assets minus debts are within the asset limit")
ASSETS_NOT = N_("Your assets minus debts are above the asset limit")
ASSETS_STAFF = N_("Assets minus debts within the limit")
HOME_EQUITY = N_("The equity in your home is within the limit")
HOME_EQUITY_NOT = N_("The equity in your home is above the limit")
HOME_EQUITY_STAFF = N_("Equity in the home within the limit")
INCOME_BELOW_NORM = N_("Your net income per month is below the bijstand norm for your household")
INCOME_BELOW_NORM_NOT = N_("Your net income per month is at or above the bijstand norm for your household")
INCOME_BELOW_NORM_STAFF = N_("Net income per month below the bijstand norm")
IIT_AGE = N_("You are 21 or older and younger than the AOW age")
IIT_AGE_NOT = N_("You are younger than 21, or you have reached the AOW age")
IIT_AGE_STAFF = N_("21 or older and younger than the AOW age")
IIT_PERIOD = N_("Your income has been low for long enough (months)")
IIT_PERIOD_NOT = N_("Your income has been low for a shorter time than required (months)")
IIT_PERIOD_STAFF = N_("Low income for long enough")
IIT_INCOME = N_("Your net income per month is within the low-income limit")
IIT_INCOME_NOT = N_("Your net income per month is above the low-income limit")
IIT_INCOME_STAFF = N_("Net income per month within the low-income limit")
STADSPAS_INCOME = N_("Your net income per month is within the city pass limit")
STADSPAS_INCOME_NOT = N_("Your net income per month is above the city pass limit")
STADSPAS_INCOME_STAFF = N_("Net income per month within the city pass limit")
SPECIAL_COSTS = N_("Your special costs in the last 12 months reach the minimum amount")
SPECIAL_COSTS_NOT = N_("Your special costs in the last 12 months are below the minimum amount")
SPECIAL_COSTS_STAFF = N_("Special costs reach the minimum amount")

# Input errors (SituationError.message) -------------------------------------------------------
ERR_OBJECT = N_("The household must be a JSON object with the answers as keys")
ERR_DATE = N_("Enter a date in the form YYYY-MM-DD")
ERR_DATE_RANGE = N_("Enter a date between 1900 and 2100")
ERR_BOOL = N_("Answer yes or no")
ERR_INT = N_("Enter a whole number, 0 or more")
ERR_MONEY = N_("Enter an amount in euros, 0 or more, like 1234.56")
ERR_TEXT = N_("Enter the name of the municipality")
ERR_LIST = N_("Enter a list of birth dates")
ERR_RESIDENCE = N_("Choose a nationality or residence status from the list")
