"""The one table of words for codes people see everywhere: schemes, roles, DigiD levels.

Message ids are English and translated when shown. Every page, mail and letter that names
a scheme or a role takes its words from here, so a caseworker and a citizen read the
same word for the same thing.
"""

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
# Employees' roles, and who else can appear in the audit log.
ROLE_LABELS = {
    "caseworker": N_("Caseworker"),
    "senior": N_("Senior caseworker"),
    "admin": N_("Functional administrator"),
    "workcoach": N_("Work coach"),
    "citizen": N_("You"),
    "system": N_("The portal"),
}
EMPLOYEE_ROLES = ("caseworker", "senior", "admin", "workcoach")
LEVEL_LABELS = {"basis": N_("basis"), "midden": N_("midden"), "substantieel": N_("substantieel"), "hoog": N_("hoog")}


def scheme_name(tenant, scheme_id: str) -> str:
    scheme = tenant.config.scheme(scheme_id)
    if scheme is not None and scheme.name:
        return scheme.name  # the city pass: a proper name, not translated
    return gettext(SCHEME_NAMES.get(scheme_id, scheme_id))


def scheme_summary(scheme_id: str) -> str:
    return gettext(SCHEME_SUMMARIES[scheme_id]) if scheme_id in SCHEME_SUMMARIES else ""


def role_label(role: str) -> str:
    return gettext(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def role_names(roles) -> str:
    return ", ".join(role_label(role) for role in roles)


def level_options(levels) -> list[tuple[str, str]]:
    return [(level, gettext(LEVEL_LABELS[level])) for level in levels]
