"""The typed shape of `tenants/<slug>/tenant.toml`.

Unknown keys are errors: a typo in a municipality's configuration must stop start-up
instead of silently falling back to a default.
"""

from __future__ import annotations

import re

import msgspec

# The schemes the rules model knows are the only ones a tenant can offer: one list, in
# portal/rules/schemes.py.
from portal.rules.schemes import SCHEME_IDS

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FONT_STACK = re.compile(r"^[A-Za-z0-9 ,'-]+$")
SLUG = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
SUPPORTED_LOCALES = ("nl", "en", "ar", "tr", "pl", "uk")  # portal.i18n.LOCALES


class Strict(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Branding(Strict, kw_only=True):
    wordmark: str
    primary: str
    primary_hover: str
    on_primary: str = "#FFFFFF"
    accent: str
    text: str
    background: str = "#FFFFFF"
    link: str
    error: str
    font_stack: str


class Contact(Strict, kw_only=True):
    phone: str
    email: str
    address: str
    website: str


class Scheme(Strict, kw_only=True):
    id: str
    # Only the city pass has a name of its own; other schemes use the national name.
    name: str | None = None


class Texts(Strict, kw_only=True):
    intro: str
    hours: str
    accessibility: list[str]
    privacy: list[str]


class TenantConfig(Strict, kw_only=True):
    slug: str
    name: str
    short_name: str
    cbs_code: str
    reference_prefix: str
    hosts: list[str] = []
    locales: list[str] = msgspec.field(default_factory=lambda: list(SUPPORTED_LOCALES))
    branding: Branding
    contact: Contact
    schemes: list[Scheme]
    texts: dict[str, Texts]

    def offers(self, scheme_id: str) -> bool:
        return any(s.id == scheme_id for s in self.schemes)

    def texts_for(self, locale: str) -> Texts:
        # Dutch is the language of record; English is the fallback for other locales.
        return self.texts.get(locale) or self.texts.get("en") or self.texts["nl"]

    def scheme(self, scheme_id: str) -> Scheme | None:
        return next((s for s in self.schemes if s.id == scheme_id), None)


def semantic_errors(config: TenantConfig) -> list[tuple[str, str]]:
    """Checks msgspec cannot express: returns (key, reason) pairs."""
    errors: list[tuple[str, str]] = []
    if not SLUG.match(config.slug):
        errors.append(("slug", "must be lower case letters, digits and hyphens"))
    if not re.fullmatch(r"GM\d{4}", config.cbs_code):
        errors.append(("cbs_code", "must look like GM0363"))
    if not re.fullmatch(r"[A-Z]{2,4}", config.reference_prefix):
        errors.append(("reference_prefix", "must be 2 to 4 capital letters"))
    for name in msgspec.structs.fields(Branding):
        value = getattr(config.branding, name.name)
        if name.name == "font_stack":
            # It goes into a <style> element unescaped: allow only what font names need.
            if not FONT_STACK.match(value):
                errors.append(("branding.font_stack", "may hold only letters, digits, spaces, commas, quotes and hyphens"))
        elif name.name != "wordmark" and not HEX_COLOUR.match(value):
            errors.append((f"branding.{name.name}", f"{value!r} is not a colour like #004699"))
    for locale in config.locales:
        if locale not in SUPPORTED_LOCALES:
            errors.append(("locales", f"{locale!r} is not one of {', '.join(SUPPORTED_LOCALES)}"))
    if "nl" not in config.texts:
        errors.append(("texts.nl", "Dutch texts are required"))
    for index, scheme in enumerate(config.schemes):
        if scheme.id not in SCHEME_IDS:
            errors.append((f"schemes[{index}].id", f"{scheme.id!r} is not one of {', '.join(SCHEME_IDS)}"))
        if scheme.id == "stadspas" and not scheme.name:
            errors.append((f"schemes[{index}].name", "the city pass needs its own name"))
    if not config.schemes:
        errors.append(("schemes", "a tenant offers at least one scheme"))
    return errors
