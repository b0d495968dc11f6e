"""The standard questions, sections and document types a form definition can name.

Their texts are Babel messages (translated in locales/*/applications.po). A tenant
that needs a question not in this list declares it in its form file with its own
texts per language (see forms.py). Keys that the rules engine knows use the
`portal.rules.situation.Situation` names, so the back office can run the advice on
the submitted answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import N_

TYPES = ("text", "textarea", "email", "phone", "date", "money", "iban", "bsn", "postcode", "yesno", "count")


@dataclass(frozen=True)
class Question:
    type: str
    label: str
    hint: str | None = None
    required: bool = True
    show_if: str | None = None  # another key whose answer must be "yes" or above zero
    autocomplete: str | None = None
    maximum: int = 20  # for counts
    # The question as the object of an error message ("Enter %(subject)s."): "your date
    # of birth". Yes/no questions have none: their message quotes the question itself.
    # In a repeated section %(n)s is the child's number.
    subject: str | None = None
    # A date of birth means an age: a child at home is under 18, a partner of age.
    under: int | None = None
    at_least: int | None = None


QUESTIONS: dict[str, Question] = {
    "birth_date": Question("date", N_("Your date of birth"), N_("For example 17-03-1985."), autocomplete="bday", subject=N_("your date of birth")),
    "email": Question("email", N_("Your email address"), N_("We send the confirmation of your application to this address."), autocomplete="email", subject=N_("your email address")),
    "phone": Question("phone", N_("Your phone number"), N_("So we can call you if something is unclear."), required=False, autocomplete="tel", subject=N_("your phone number")),
    "has_partner": Question("yesno", N_("Do you have a partner?"), N_("You are married, have a registered partner, or live together as a couple.")),
    "children_count": Question("count", N_("How many children under 18 live with you?"), N_("Enter 0 if there are none."), maximum=10, subject=N_("the number of children under 18 who live with you")),
    "partner_name": Question("text", N_("Full name of your partner"), subject=N_("the full name of your partner")),
    "partner_bsn": Question("bsn", N_("BSN of your partner"), N_("9 digits. You find it on the passport or ID card."), subject=N_("the BSN of your partner")),
    "partner_birth_date": Question("date", N_("Date of birth of your partner"), N_("For example 17-03-1985."), subject=N_("the date of birth of your partner"),
                                   at_least=18),
    "partner_income": Question("money", N_("Net income of your partner per month"), N_("Enter 0 if your partner has no income."),
                               show_if="has_partner", subject=N_("the net income of your partner per month")),  # without a partner the question makes no sense
    "child_name": Question("text", N_("Full name of the child"), subject=N_("the full name of child %(n)s")),
    "child_bsn": Question("bsn", N_("BSN of the child"), N_("9 digits. You find it on the passport or ID card."), subject=N_("the BSN of child %(n)s")),
    "child_birth_date": Question("date", N_("Date of birth of the child"), N_("For example 17-03-2015."), subject=N_("the date of birth of child %(n)s"),
                                 under=18),  # the form asks for "children under 18" (children_count)
    "postcode": Question("postcode", N_("Postcode"), N_("For example 1234 AB."), autocomplete="postal-code", subject=N_("your postcode")),
    "house_number": Question("text", N_("House number"), N_("With letter or addition, for example 12 A."), subject=N_("your house number")),
    "housemates_27_plus": Question("count", N_("How many other people aged 27 or older live at your address?"), N_("Do not count your partner. Enter 0 if there are none."), subject=N_("the number of other people aged 27 or older at your address")),
    "housing_costs": Question("money", N_("Rent or mortgage per month"), N_("In euros, for example 750,00."), subject=N_("your rent or mortgage per month")),
    "income": Question("money", N_("Your net income per month"), N_("Wages, benefits and other money you receive. Enter 0 if you have none."), subject=N_("your net income per month")),
    "student_finance": Question("yesno", N_("Do you have a right to student finance?")),
    "assets": Question("money", N_("Your savings and other assets"), N_("Money in bank accounts, cash, a car worth more than 5.000 euros. Enter 0 if you have none."), subject=N_("the amount of your savings and other assets")),
    "debts": Question("money", N_("Your debts"), N_("Enter 0 if you have none."), subject=N_("the amount of your debts")),
    "home_equity": Question("money", N_("Value of your own home minus the mortgage"), N_("Enter 0 if you rent your home."), subject=N_("the value of your home minus the mortgage")),
    "iban": Question("iban", N_("IBAN of your bank account"), N_("For example NL91 ABNA 0417 1643 00. We pay into this account."), subject=N_("the IBAN of your bank account")),
    "account_holder": Question("text", N_("Name of the account holder"), autocomplete="name", subject=N_("the name of the account holder")),
    "special_costs": Question("money", N_("Amount of the costs"), N_("In euros, for example 249,95."), subject=N_("the amount of the costs")),
    "special_costs_description": Question("textarea", N_("What are the costs for?"), N_("For example: glasses, a bed, a washing machine."), subject=N_("what the costs are for")),
    "months_low_income": Question("count", N_("For how many months has your income been low?"), N_("Count back from this month."), maximum=120, subject=N_("the number of months your income has been low")),
    # What the rules need for a decision (portal.rules.situation): Participatiewet art. 11
    # (nationality or residence status; without Dutch nationality the caseworker answers the
    # status from the residence document) and art. 13 lid 1 a, lid 2 c (detention, student finance).
    # Not required: an unanswered one is for the caseworker to ask (the case file marks it).
    "dutch_nationality": Question("yesno", N_("Do you have Dutch nationality?"), N_("If not, we look at your residence permit or right of residence on your residence document."), required=False),
    "in_detention": Question("yesno", N_("Are you in prison or detention?"), required=False),
    "partner_in_detention": Question("yesno", N_("Is your partner in prison or detention?"), required=False, show_if="has_partner"),
    "partner_student_finance": Question("yesno", N_("Does your partner have a right to student finance?"), required=False, show_if="has_partner"),
}

# The back office's label of each question (see Question): the citizen's question in the
# caseworker's words, from the same library.
STAFF_LABELS: dict[str, str] = {
    "birth_date": N_("Date of birth"),
    "email": N_("Email address"),
    "phone": N_("Phone number"),
    "has_partner": N_("Has a partner"),
    "children_count": N_("Children under 18 at home"),
    "partner_name": N_("Name of the partner"),
    "partner_bsn": N_("BSN of the partner"),
    "partner_birth_date": N_("Date of birth of the partner"),
    "partner_income": N_("Net income of the partner per month"),
    "child_name": N_("Name of the child"),
    "child_bsn": N_("BSN of the child"),
    "child_birth_date": N_("Date of birth of the child"),
    "postcode": N_("Postcode"),
    "house_number": N_("House number"),
    "housemates_27_plus": N_("Other people aged 27 or older at the address"),
    "housing_costs": N_("Rent or mortgage per month"),
    "income": N_("Net income per month"),
    "student_finance": N_("Right to student finance"),
    "assets": N_("Savings and other assets"),
    "debts": N_("Debts"),
    "home_equity": N_("Value of the home minus the mortgage"),
    "iban": N_("IBAN of the bank account"),
    "account_holder": N_("Account holder"),
    "special_costs": N_("Amount of the costs"),
    "special_costs_description": N_("What the costs are for"),
    "months_low_income": N_("Months with a low income"),
    "dutch_nationality": N_("Dutch nationality"),
    "in_detention": N_("In detention"),
    "partner_in_detention": N_("Partner in detention"),
    "partner_student_finance": N_("Partner has a right to student finance"),
}

# Questions asked once per child: the section repeats, keys become child_1_name, ….
REPEATED = {"child_name", "child_bsn", "child_birth_date"}

SECTIONS = {
    "about_you": N_("About you"),
    "household": N_("Partner and household"),
    "partner": N_("Your partner"),
    "children": N_("Your children"),
    "living": N_("Where you live"),
    "income": N_("Income"),
    "assets": N_("Savings and debts"),
    "costs": N_("The costs"),
    "bank": N_("Bank account"),
}

# The section titles in the caseworker's words (the citizen reads "About you").
STAFF_SECTIONS = {
    "about_you": N_("Applicant"),
    "household": N_("Partner and household"),
    "partner": N_("Partner"),
    "children": N_("Children"),
    "living": N_("Address and housing costs"),
    "income": N_("Income"),
    "assets": N_("Savings and debts"),
    "costs": N_("Costs"),
    "bank": N_("Bank account"),
}

DOCUMENTS = {
    "identity": N_("Your passport or ID card"),
    "partner_identity": N_("Passport or ID card of your partner"),
    "bank_statements": N_("Bank statements of the last 3 months"),
    "income_proof": N_("Payslips or benefit statements of the last 3 months"),
    "rent_contract": N_("Rental contract or mortgage statement"),
    "cost_proof": N_("Invoice or quote for the costs"),
}
