"""The burgerservicenummer check (elfproef), through python-stdnum's `stdnum.nl.bsn`.

A well-kept library of the field rather than our own arithmetic: it also knows the
8-digit numbers that get a leading 0.
"""

from __future__ import annotations

from stdnum.nl import bsn as stdnum_bsn


def normalise_bsn(value: str | int | None) -> str | None:
    """Nine digits, an 8-digit BSN padded with a leading 0; None if it is no number at all."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or not 8 <= len(text) <= 9:
        return None
    return stdnum_bsn.compact(text)


def is_valid_bsn(value: str | int | None) -> bool:
    """The elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11, and not all zeros."""
    bsn = normalise_bsn(value)
    return bsn is not None and stdnum_bsn.is_valid(bsn)
