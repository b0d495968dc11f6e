"""Checking and saving the tenant admin's changes. Every change is audited.

Validation mirrors portal/tenancy/schema.py (same hex and font rules) and refuses a
colour set below WCAG AA with a message next to the colour that fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.audit import record
from portal.backoffice.models import TenantSettings
from portal.backoffice.overrides import Overrides, from_row
from babel import Locale
from babel.numbers import format_decimal

from portal.i18n import LOCALES, N_, get_locale, gettext as _
from portal.tenancy.contrast import AA_NORMAL_TEXT, contrast_ratio, text_colour_pairs
from portal.tenancy.schema import HEX_COLOUR

COLOUR_FIELDS = ("primary", "primary_hover", "on_primary", "text", "background", "link", "error")
BRANDING_FIELDS = ("wordmark", *COLOUR_FIELDS)
COLOUR_LABELS = {
    "primary": N_("Main colour"),
    "primary_hover": N_("Main colour when pointed at"),
    "on_primary": N_("Text on the main colour"),
    "text": N_("Text colour"),
    "background": N_("Background colour"),
    "link": N_("Link colour"),
    "error": N_("Error colour"),
}
NOTICE_LOCALES = LOCALES  # every language the portal speaks
LANGUAGE_WORDS = {"nl": N_("Dutch"), "en": N_("English"), "ar": N_("Arabic"), "tr": N_("Turkish"), "pl": N_("Polish"),
                  "uk": N_("Ukrainian")}
NOTICE_LABELS = {"nl": N_("Notice in Dutch"), "en": N_("Notice in English"), "ar": N_("Notice in Arabic"),
                 "tr": N_("Notice in Turkish"), "pl": N_("Notice in Polish"), "uk": N_("Notice in Ukrainian")}
MAX_NOTICE = 500
ANSWER_BY_RANGE = (5, 60)
MAX_REASONS = 20


def branding_values(branding) -> dict[str, str]:
    return {name: getattr(branding, name) for name in BRANDING_FIELDS}


def check_branding(base, form: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The changed values and the errors, field -> translated message."""
    values = {name: (form.get(name) or "").strip() for name in BRANDING_FIELDS}
    errors: dict[str, str] = {}
    if not values["wordmark"]:
        errors["wordmark"] = _("Enter the name shown at the top of every page.")
    elif len(values["wordmark"]) > 60:
        errors["wordmark"] = _("The name can be at most 60 characters.")
    for name in COLOUR_FIELDS:
        if not HEX_COLOUR.match(values[name]):
            # Named, so seven wrong colours give seven different lines in the summary.
            errors[name] = _("%(colour)s: enter a colour as # and six characters 0-9 or A-F, like #004699.",
                             colour=_(COLOUR_LABELS[name]))
    if errors:
        return values, errors
    values = {k: (v.upper() if k != "wordmark" else v) for k, v in values.items()}
    merged = msgspec.structs.replace(base, **values)
    for fg_key, bg_key, fg, bg in text_colour_pairs(merged):
        ratio = contrast_ratio(fg, bg)
        if ratio < AA_NORMAL_TEXT:
            key = fg_key if fg_key not in errors else bg_key
            errors.setdefault(key, _(
                "%(fg)s on %(bg)s has a contrast of %(ratio)s to 1. It must be at least 4.5 to 1 so everyone can read it.",
                fg=_(COLOUR_LABELS[fg_key]), bg=_(COLOUR_LABELS[bg_key]).lower(), ratio=format_decimal(round(ratio, 1), format="0.0", locale=get_locale())))
    return values, errors


@dataclass(frozen=True)
class ContrastRow:
    """One colour pair the stylesheet uses for text, as the settings page shows it."""

    foreground: str  # field names
    background: str
    ratio: float | None  # None while one of the two is no valid colour

    @property
    def enough(self) -> bool:
        return self.ratio is not None and self.ratio >= AA_NORMAL_TEXT


class _Colours:
    def __init__(self, values: dict):
        self.__dict__.update({name: values.get(name, "") for name in COLOUR_FIELDS})


def contrast_rows(values: dict) -> list[ContrastRow]:
    """The contrast of every text pair for the colours in `values` (what the form shows);
    the page's script recomputes them while the admin types."""
    rows = []
    for fg_key, bg_key, fg, bg in text_colour_pairs(_Colours(values)):
        valid = HEX_COLOUR.match(fg or "") and HEX_COLOUR.match(bg or "")
        rows.append(ContrastRow(fg_key, bg_key, round(contrast_ratio(fg, bg), 1) if valid else None))
    return rows


def swatches(values: dict) -> dict[str, str]:
    """field name -> its colour, for the colours that are valid hex codes."""
    return {name: values[name] for name in COLOUR_FIELDS if HEX_COLOUR.match(values.get(name) or "")}


def ratio_text(ratio: float | None) -> str:
    return format_decimal(ratio, format="0.0", locale=get_locale()) if ratio is not None else "–"


def check_notice(form: dict) -> tuple[dict[str, str], date | None, dict[str, str]]:
    notice = {loc: (form.get(f"notice_{loc}") or "").strip() for loc in NOTICE_LOCALES}
    errors: dict[str, str] = {}
    for loc in NOTICE_LOCALES:
        if len(notice[loc]) > MAX_NOTICE:
            errors[f"notice_{loc}"] = _("The notice in %(language)s can be at most 500 characters.",
                                        language=Locale.parse(loc).get_display_name(get_locale()))
    if not notice["nl"] and any(notice[loc] for loc in NOTICE_LOCALES if loc != "nl"):
        errors["notice_nl"] = _("Enter the notice in Dutch too: it is shown when there is no translation.")
    until = None
    raw = (form.get("notice_until") or "").strip()
    if raw:
        try:
            until = date.fromisoformat(raw)
        except ValueError:
            errors["notice_until"] = _("Enter a date like 2026-12-31.")
    return {k: v for k, v in notice.items() if v}, until, errors


def check_answer_by(form: dict) -> tuple[int | None, dict[str, str]]:
    raw = (form.get("answer_by_default_days") or "").strip()
    low, high = ANSWER_BY_RANGE
    if not raw.isdigit() or not low <= int(raw) <= high:
        return None, {"answer_by_default_days": _("Enter a number of days from %(low)s to %(high)s.", low=low, high=high)}
    return int(raw), {}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "reason"


def check_reasons(form: dict, count: int) -> tuple[list[dict], dict[str, str]]:
    """Rows reason_<i>_nl/_en/_ar (+ _code, _remove); an empty Dutch text drops a new row."""
    reasons: list[dict] = []
    errors: dict[str, str] = {}
    codes: set[str] = set()
    for i in range(count):
        if form.get(f"reason_{i}_remove"):
            continue
        label = {loc: (form.get(f"reason_{i}_{loc}") or "").strip() for loc in NOTICE_LOCALES}
        code = (form.get(f"reason_{i}_code") or "").strip()
        if not any(label.values()):
            continue
        if not label["nl"]:
            errors[f"reason_{i}_nl"] = _("Reason %(n)s: enter it in Dutch.", n=i + 1)
            continue
        if any(len(v) > 300 for v in label.values()):
            errors[f"reason_{i}_nl"] = _("Reason %(n)s can be at most 300 characters.", n=i + 1)
            continue
        code = code if re.fullmatch(r"[a-z0-9_]{1,40}", code) else _slug(label["nl"])
        while code in codes:
            code += "_2"
        codes.add(code)
        reasons.append({"code": code, "label": {k: v for k, v in label.items() if v}})
    if not reasons and not errors:
        errors["reason_0_nl"] = _("Keep at least one reason for refusal.")
    if len(reasons) > MAX_REASONS:
        errors["reason_0_nl"] = _("Keep at most 20 reasons.")
    return reasons, errors


async def save(session: AsyncSession, *, actor, setting: str, changes: dict) -> Overrides:
    """Apply `changes` (column -> value) to the tenant's row, audit before/after, commit."""
    row = await session.scalar(select(TenantSettings))
    if row is None:
        row = TenantSettings(branding={}, notice={}, version=0)
        session.add(row)
    before = {key: getattr(row, key) for key in changes}
    for key, value in changes.items():
        setattr(row, key, value)
    row.version = (row.version or 0) + 1
    row.updated_at = clock.now()
    row.updated_by = actor.id if actor is not None else None
    await session.flush()
    await record(session, actor=actor, action="settings.changed", subject=setting,
                 detail={"before": before, "after": changes})
    await session.commit()
    return from_row(row)
