"""Names and one-line descriptions of the schemes, for citizens."""

from __future__ import annotations

from portal.i18n import N_, gettext

SCHEME_NAMES = {
    "bijstand": N_("Social assistance (bijstand)"),
    "inkomenstoeslag": N_("Individual income supplement"),
    "bijzondere-bijstand": N_("Special assistance for extra costs"),
}
SCHEME_SUMMARIES = {
    "bijstand": N_("Money to live on when your income is too low and you have little savings."),
    "inkomenstoeslag": N_("A yearly extra amount if you have had a low income for a long time."),
    "bijzondere-bijstand": N_("Help with necessary costs you cannot pay yourself, such as glasses or a bed."),
    "stadspas": N_("A city pass with discounts on sport, culture and school costs for people with a low income."),
}


def scheme_name(tenant, scheme_id: str) -> str:
    scheme = tenant.config.scheme(scheme_id)
    if scheme is not None and scheme.name:
        return scheme.name  # the city pass: a proper name, not translated
    return gettext(SCHEME_NAMES.get(scheme_id, scheme_id))


def scheme_summary(scheme_id: str) -> str:
    return gettext(SCHEME_SUMMARIES[scheme_id]) if scheme_id in SCHEME_SUMMARIES else ""
