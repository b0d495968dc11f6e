"""The canonical household description (``Situation``) and its parser.

Keys are flat and snake_case; every key is optional. See docs/rules.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from . import labels
from .money import read_euros

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
MAX_MONEY = Decimal("100000000")
MAX_COUNT = 50


class SituationError(ValueError):
    """An answer that cannot be used; ``field`` names the key, ``message`` is an English msgid."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Situation:
    birth_date: date | None = None
    municipality: str | None = None
    has_partner: bool | None = None
    partner_birth_date: date | None = None
    children: tuple[date, ...] | None = None
    housemates_27_plus: int | None = None
    income: Decimal | None = None
    partner_income: Decimal | None = None
    assets: Decimal | None = None
    debts: Decimal | None = None
    home_equity: Decimal | None = None
    student_finance: bool | None = None
    in_detention: bool | None = None
    months_low_income: int | None = None
    special_costs: Decimal | None = None
    reported_on: date | None = None
    # Participatiewet art. 11: Dutch nationality or a residence status (RESIDENCE_STATUSES).
    residence_status: str | None = None
    # The partner's own exclusions (art. 13 lid 1 a, lid 2 c): art. 24 norm for the other.
    partner_in_detention: bool | None = None
    partner_student_finance: bool | None = None
    # Art. 41 lid 4: an exception to the under-27 search period applies.
    search_period_exception: bool | None = None
    # Housemates other than partner and children, each by birth date ("27 on the day").
    housemates: tuple[date, ...] | None = None

    def missing(self) -> frozenset[str]:
        """Keys without an answer that matter: partner keys only count when there is (maybe) a
        partner; housemates are answered by birth dates or by the count of those 27 or over."""
        out = {f.name for f in dataclasses.fields(self) if getattr(self, f.name) is None}
        if self.has_partner is False:
            out -= {"partner_birth_date", "partner_income", "partner_in_detention", "partner_student_finance"}
        if self.housemates is not None or self.housemates_27_plus is not None:
            out -= {"housemates", "housemates_27_plus"}
        return frozenset(out)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dict with the same keys ``parse_situation`` reads (missing keys left out)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = [d.isoformat() for d in value]
            out[f.name] = value
        return out


FIELDS = tuple(f.name for f in dataclasses.fields(Situation))
DATE_FIELDS = ("birth_date", "partner_birth_date", "reported_on")
BOOL_FIELDS = ("has_partner", "student_finance", "in_detention", "partner_in_detention", "partner_student_finance",
               "search_period_exception")
# The codes of portal/rules/parameters/bijstand/lawful_residence.yaml (each with its article).
RESIDENCE_STATUSES = ("dutch", "permit_regular", "permit_asylum", "eu_citizen", "other_8l", "pending", "none")
# Keys the public check does not ask: without an answer it presumes the usual case (Dutch or
# lawfully resident, partner not excluded, no exception). The advice presumes nothing.
PRESUMED_IN_CHECK = frozenset({"residence_status", "partner_in_detention", "partner_student_finance",
                               "search_period_exception", "housemates"})
INT_FIELDS = ("housemates_27_plus", "months_low_income")
MONEY_FIELDS = ("income", "partner_income", "assets", "debts", "home_equity", "special_costs")
TRUE_WORDS = {"true", "yes", "ja", "y", "1", "on"}
FALSE_WORDS = {"false", "no", "nee", "n", "0", "off"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(field: str, value: Any) -> date:
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise SituationError(field, labels.ERR_DATE) from None
        if len(value.strip()) != 10:
            raise SituationError(field, labels.ERR_DATE)
    else:
        raise SituationError(field, labels.ERR_DATE)
    if parsed < EARLIEST_DATE or parsed > LATEST_DATE:
        raise SituationError(field, labels.ERR_DATE_RANGE)
    return parsed


def _bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise SituationError(field, labels.ERR_BOOL)


def _int(field: str, value: Any) -> int:
    if isinstance(value, bool):
        raise SituationError(field, labels.ERR_INT)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise SituationError(field, labels.ERR_INT)
    if number < 0 or number > (MAX_COUNT if field == "housemates_27_plus" else 1200):
        raise SituationError(field, labels.ERR_INT)
    return number


def _money(field: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise SituationError(field, labels.ERR_MONEY)
    if isinstance(value, (int, float)):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise SituationError(field, labels.ERR_MONEY) from None
    elif isinstance(value, str):
        try:
            amount = read_euros(value)
        except ValueError:
            raise SituationError(field, labels.ERR_MONEY) from None
    else:
        raise SituationError(field, labels.ERR_MONEY)
    if not amount.is_finite() or amount < 0 or amount >= MAX_MONEY:
        raise SituationError(field, labels.ERR_MONEY)
    return amount.quantize(Decimal("0.01"))


def parse_situation(data: dict) -> Situation:
    """Validate answers (JSON or form values) into a :class:`Situation`; unknown keys are ignored.

    Blank values (``None`` or ``""``) count as not answered. Raises :class:`SituationError`
    naming the first bad field.
    """
    if not isinstance(data, dict):
        raise SituationError("", labels.ERR_OBJECT)
    values: dict[str, Any] = {}
    for field in FIELDS:
        raw = data.get(field)
        if _blank(raw):
            continue
        if field in DATE_FIELDS:
            values[field] = _date(field, raw)
        elif field in BOOL_FIELDS:
            values[field] = _bool(field, raw)
        elif field in INT_FIELDS:
            values[field] = _int(field, raw)
        elif field in MONEY_FIELDS:
            values[field] = _money(field, raw)
        elif field == "municipality":
            if not isinstance(raw, str):
                raise SituationError(field, labels.ERR_TEXT)
            values[field] = raw.strip().lower()
        elif field in ("children", "housemates"):
            if not isinstance(raw, (list, tuple)) or len(raw) > MAX_COUNT:
                raise SituationError(field, labels.ERR_LIST)
            values[field] = tuple(_date(f"{field}[{i}]", item) for i, item in enumerate(raw))
        elif field == "residence_status":
            if not isinstance(raw, str) or raw.strip().lower() not in RESIDENCE_STATUSES:
                raise SituationError(field, labels.ERR_RESIDENCE)
            values[field] = raw.strip().lower()
    return Situation(**values)
