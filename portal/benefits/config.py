"""A tenant's benefit administration: `tenants/<slug>/benefits.toml`.

The declaration (inkomstenopgave) over month M is due on `declaration_due_day` of month
M+1; the benefit for month M is paid on `payment_day` of month M+1. Reminders go out
`reminder_days_before` the due day and `reminder_days_after` it when nothing came.
"""

from __future__ import annotations

from datetime import date

from schwifty import IBAN

from portal.tenancy import section
from portal.tenancy.schema import Strict


class Debtor(Strict, kw_only=True):
    name: str
    iban: str
    bic: str


class BenefitsConfig(Strict, kw_only=True):
    payment_day: int
    declaration_due_day: int
    reminder_days_before: int = 3
    reminder_days_after: int = 2
    # The month the holiday allowance reserved over the past twelve months is paid out.
    holiday_allowance_month: int = 5
    debtor: Debtor


def _check(config: BenefitsConfig, tenant=None) -> list[tuple[str, str]]:
    problems = []
    if not 1 <= config.payment_day <= 28:
        problems.append(("payment_day", "must be a day 1 to 28 (every month has it)"))
    if not 1 <= config.declaration_due_day <= 28:
        problems.append(("declaration_due_day", "must be a day 1 to 28 (every month has it)"))
    if config.declaration_due_day >= config.payment_day:
        problems.append(("declaration_due_day", "must come before the payment day, so the check fits in between"))
    if not 0 <= config.reminder_days_before < config.declaration_due_day:
        problems.append(("reminder_days_before", "must be 0 or more and fall inside the month"))
    if not 0 <= config.reminder_days_after <= 14:
        problems.append(("reminder_days_after", "must be 0 to 14 days"))
    if not 1 <= config.holiday_allowance_month <= 12:
        problems.append(("holiday_allowance_month", "must be a month 1 to 12"))
    try:
        IBAN(config.debtor.iban)
    except ValueError as error:
        problems.append(("debtor.iban", f"is not a valid IBAN ({error})"))
    return problems


SECTION = section("benefits", BenefitsConfig, check=_check)


def config_of(tenant) -> BenefitsConfig:
    return tenant.section("benefits")


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def due_date(tenant, month: date) -> date:
    return next_month(month).replace(day=config_of(tenant).declaration_due_day)


def payment_date(tenant, month: date) -> date:
    return next_month(month).replace(day=config_of(tenant).payment_day)
