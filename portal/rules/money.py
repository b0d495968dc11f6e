"""Amounts in euros as people type them: "1.234,56" (Dutch), "1234,56", "1,234.56", "1234.56",
"€ 1.234" or "1 234". One reading for the check, the applications and every other form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


def read_euros(text: str) -> Decimal:
    """The amount `text` means, to the cent; ValueError when it is not an amount. A sign is
    kept, so the caller decides whether a negative amount is allowed.

    A comma alone is the decimal mark; a lone dot followed by exactly three digits ("1.234")
    is a thousands mark; with both marks, the last one is the decimal mark."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text.strip(), flags=re.IGNORECASE)
    sign = -1 if cleaned.startswith("-") else 1
    cleaned = cleaned.removeprefix("-")
    if not re.fullmatch(r"[\d.,]+", cleaned or "x"):
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif "," in cleaned:
        decimal_mark = ","  # "12,345" is refused below: a Dutch reader means 12,35 or 12.345
    elif cleaned.count(".") == 1 and not re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
        decimal_mark = "."
    else:
        decimal_mark = ","  # only thousands marks, or none at all
    thousands = "." if decimal_mark == "," else ","
    integer, _, fraction = cleaned.partition(decimal_mark)
    if decimal_mark in fraction or thousands in fraction or len(fraction) > 2:
        raise ValueError(text)
    if thousands in integer and not re.fullmatch(r"\d{1,3}(\%s\d{3})+" % thousands, integer):
        raise ValueError(text)
    try:
        value = Decimal(integer.replace(thousands, "") or "0") + (Decimal("0." + fraction) if fraction else 0)
    except InvalidOperation:
        raise ValueError(text) from None
    return (sign * value).quantize(Decimal("0.01"))
