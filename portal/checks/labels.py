"""Marker for translatable strings of the check (see portal/rules/labels.py)."""

from portal.rules.labels import N_

__all__ = ["N_"]
