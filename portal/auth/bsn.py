"""The burgerservicenummer check (elfproef), and keeping BSNs out of logs."""

from __future__ import annotations


def normalise_bsn(value: str | int | None) -> str | None:
    """Nine digits, an 8-digit BSN padded with a leading 0; None if it is no number at all."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or not 8 <= len(text) <= 9:
        return None
    return text.zfill(9)


def is_valid_bsn(value: str | int | None) -> bool:
    """9·d1 + 8·d2 + … + 2·d8 − d9 must be divisible by 11 (and not all zeros)."""
    bsn = normalise_bsn(value)
    if bsn is None or bsn == "000000000":
        return False
    digits = [int(c) for c in bsn]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8])) - digits[8]
    return total % 11 == 0
