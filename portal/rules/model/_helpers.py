"""Small vectorised helpers shared by the formulas."""

from __future__ import annotations

from datetime import date

import numpy as np


def months_since(birth: np.ndarray, on: date) -> np.ndarray:
    """Whole months between each date in ``birth`` (datetime64[D]) and ``on``."""
    birth = birth.astype("datetime64[D]")
    month_start = birth.astype("datetime64[M]")
    year = month_start.astype("datetime64[Y]").astype(np.int64) + 1970
    month = month_start.astype(np.int64) % 12 + 1
    day = (birth - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    months = (on.year - year) * 12 + (on.month - month)
    return months - (on.day < day)


def round_cents(amount: np.ndarray) -> np.ndarray:
    """Round money half up to whole cents (float64 inside, against float32 drift)."""
    return np.floor(np.asarray(amount, dtype=np.float64) * 100 + 0.5 + 1e-6) / 100


def on_date(period) -> date:
    return period.start.date
