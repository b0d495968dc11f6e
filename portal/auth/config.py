"""Per-tenant login configuration: `tenants/<slug>/auth.toml`.

Two OpenID Connect providers per tenant: the citizen one (DigiD through a broker) and
the employee one (the municipality's own). `issuer = "builtin"` points at the
development identity provider inside the portal. Client secrets never live in
`tenants/`: the file names the environment variable that holds them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from urllib.parse import urlsplit

import msgspec

from portal.tenancy import Unique, section
from portal.tenancy.schema import Strict

BUILTIN = "builtin"
# DigiD's assurance levels, weakest first.
LEVELS = ("basis", "midden", "substantieel", "hoog")
ROLES = ("caseworker", "senior", "admin", "workcoach")


class CitizenProvider(Strict):
    issuer: str
    client_id: str
    client_secret_env: str | None = None
    scopes: list[str] = msgspec.field(default_factory=lambda: ["openid"])
    bsn_claim: str = "bsn"
    level_claim: str = "acr"
    minimum_level: str = "midden"
    # What the provider sends in `level_claim`, mapped to a DigiD level; a value that
    # is itself a level name needs no entry.
    level_values: dict[str, str] = {}
    acr_values: str | None = None
    name_claim: str = "name"
    first_name_claim: str = "given_name"
    # OpenID Connect's standard claim (YYYY-MM-DD); brokers that pass on the BRP's birth
    # date send it, and an application then starts with it filled in.
    birth_date_claim: str = "birthdate"


class EmployeeProvider(Strict):
    issuer: str
    client_id: str
    client_secret_env: str | None = None
    scopes: list[str] = msgspec.field(default_factory=lambda: ["openid", "profile", "email"])
    # A dotted path reaches nested claims, e.g. Keycloak's "realm_access.roles".
    roles_claim: str = "roles"
    role_map: dict[str, str] = {}
    name_claim: str = "name"
    email_claim: str = "email"


class AuthConfig(Strict):
    citizen: CitizenProvider
    employee: EmployeeProvider


def _issuer_problem(issuer: str) -> str | None:
    if issuer == BUILTIN:
        return None
    parts = urlsplit(issuer)
    local = parts.hostname in ("localhost", "127.0.0.1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        return "must be 'builtin' or an https URL (http only for localhost)"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    return None


def check_auth(config: AuthConfig, tenant) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for kind in ("citizen", "employee"):
        provider = getattr(config, kind)
        if problem := _issuer_problem(provider.issuer):
            errors.append((f"{kind}.issuer", problem))
        if "openid" not in provider.scopes:
            errors.append((f"{kind}.scopes", "must include 'openid'"))
        if provider.issuer != BUILTIN and not provider.client_secret_env:
            errors.append((f"{kind}.client_secret_env", "names the environment variable with the client secret"))
    if config.citizen.minimum_level not in LEVELS:
        errors.append(("citizen.minimum_level", f"must be one of {', '.join(LEVELS)}"))
    for value, level in config.citizen.level_values.items():
        if level not in LEVELS:
            errors.append((f"citizen.level_values.{value}", f"must be one of {', '.join(LEVELS)}"))
    if not config.employee.role_map:
        errors.append(("employee.role_map", "maps at least one provider role to caseworker, senior, admin or workcoach"))
    for value, role in config.employee.role_map.items():
        if role not in ROLES:
            errors.append((f"employee.role_map.{value}", f"must be one of {', '.join(ROLES)}"))
    return errors


def unique_auth(config: AuthConfig) -> list[Unique]:
    """A client id belongs to one tenant's one kind of login: the provider sends the
    browser back to the tenant registered for it (the development provider finds the
    tenant by it), so a copied auth.toml would log people in at the wrong tenant."""
    return [
        Unique(f"{kind}.client_id", "a client_id", provider.client_id, f" (issuer {provider.issuer})")
        for kind, provider in (("citizen", config.citizen), ("employee", config.employee))
    ]


SECTION = section("auth", AuthConfig, check=check_auth, unique=unique_auth)


def auth_config(tenant) -> AuthConfig:
    return tenant.section("auth")


def provider_for(tenant, kind: str) -> CitizenProvider | EmployeeProvider:
    if kind not in ("citizen", "employee"):
        raise ValueError(kind)
    return getattr(auth_config(tenant), kind)


def issuer_url(provider, settings) -> str:
    return f"{settings.public_url}/dev-idp" if provider.issuer == BUILTIN else provider.issuer.rstrip("/")


def builtin_secret(settings, client_id: str) -> str:
    """The development provider and the portal are one process: derive the secret."""
    return hmac.new(settings.secret_key.encode(), b"dev-idp-client:" + client_id.encode(), hashlib.sha256).hexdigest()


class MissingClientSecret(RuntimeError):
    pass


def client_secret(provider, settings) -> str:
    if provider.issuer == BUILTIN:
        return builtin_secret(settings, provider.client_id)
    secret = os.environ.get(provider.client_secret_env or "")
    if not secret:
        raise MissingClientSecret(f"environment variable {provider.client_secret_env} is not set")
    return secret


def level_rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else -1
