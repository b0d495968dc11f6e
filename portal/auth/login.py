"""The login itself, without HTTP: start (what to remember, where to send the browser)
and finish (check the provider's answer, decide who this is, upsert the row).

Refusals carry a `Refusal` code that the refusal page turns into a translated text;
log lines name the tenant, the kind and the reason, never a BSN.
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.auth import oidc
from portal.auth.bsn import is_valid_bsn, normalise_bsn
from portal.auth.config import BUILTIN, LEVELS, client_secret, issuer_url, level_rank, provider_for, MissingClientSecret
from portal.auth.models import Citizen, Employee
from portal.auth.registry import registry_of

log = logging.getLogger("portal.auth")


class Refusal(Exception):
    """A login that ends on the refusal page. `code` picks the text shown."""

    def __init__(self, code: str, reason: str = ""):
        super().__init__(reason or code)
        self.code = code
        self.reason = reason or code


# The codes the refusal page knows.
BAD_BSN, LOW_LEVEL, NO_ROLE, PROVIDER, EXPIRED, CANCELLED, UNAVAILABLE = (
    "bsn", "level", "role", "provider", "expired", "cancelled", "unavailable",
)


def oidc_client(app) -> oidc.OIDCClient:
    state = app.state
    transport = getattr(state, "oidc_transport", None)
    client = getattr(state, "oidc_client", None)
    if client is None or client.transport is not transport:
        client = oidc.OIDCClient(transport=transport)
        state.oidc_client = client
    return client


def redirect_uri(settings, tenant) -> str:
    return f"{settings.public_url}{tenant.base_path}/login/callback"


def _usable(provider, settings) -> None:
    if provider.issuer == BUILTIN and not settings.dev_idp:
        raise Refusal(UNAVAILABLE, "issuer is builtin but the development provider is off")


async def start_login(app, tenant, kind: str) -> tuple[str, dict]:
    """The provider URL to send the browser to, and what to keep in the session."""
    settings = app.state.settings
    provider = provider_for(tenant, kind)
    _usable(provider, settings)
    client = oidc_client(app)
    try:
        metadata = await client.metadata(issuer_url(provider, settings))
    except oidc.LoginFailed as error:
        log.warning("login start failed tenant=%s kind=%s: %s", tenant.slug, kind, error.reason)
        raise Refusal(UNAVAILABLE, error.reason) from error
    pending = oidc.PendingLogin.new()
    url = oidc.authorization_url(
        metadata,
        client_id=provider.client_id,
        redirect_uri=redirect_uri(settings, tenant),
        scopes=provider.scopes,
        pending=pending,
        acr_values=getattr(provider, "acr_values", None),
    )
    remembered = {"state": pending.state, "nonce": pending.nonce, "verifier": pending.code_verifier, "kind": kind, "tenant": tenant.slug}
    return url, remembered


async def verified_claims(app, tenant, kind: str, pending: dict, code: str) -> tuple[dict, str]:
    """Exchange the code; the checked ID token's claims (plus userinfo) and the ID token
    itself (the logout's `id_token_hint`)."""
    settings = app.state.settings
    provider = provider_for(tenant, kind)
    _usable(provider, settings)
    client = oidc_client(app)
    issuer = issuer_url(provider, settings)
    try:
        metadata = await client.metadata(issuer)
        tokens = await oidc.exchange_code(
            client, metadata,
            client_id=provider.client_id,
            client_secret=client_secret(provider, settings),
            redirect_uri=redirect_uri(settings, tenant),
            code=code,
            code_verifier=pending["verifier"],
        )
        claims = await oidc.validate_id_token(
            tokens["id_token"],
            issuer=issuer,
            client_id=provider.client_id,
            nonce=pending["nonce"],
            algorithms=oidc.allowed_algorithms(metadata),
            keys=lambda refresh: client.keys(issuer, refresh=refresh),
        )
        wanted = (provider.bsn_claim, provider.level_claim) if kind == "citizen" else (provider.roles_claim,)
        if any(oidc.claim(claims, name) is None for name in wanted) and tokens.get("access_token"):
            # Many brokers put the BSN, the level (`acr`) or the roles only in userinfo;
            # its `sub` must match, and what the signed ID token says wins.
            extra = await oidc.userinfo(client, metadata, tokens["access_token"])
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
    except MissingClientSecret as error:
        log.error("login misconfigured tenant=%s kind=%s: %s", tenant.slug, kind, error)
        raise Refusal(UNAVAILABLE, str(error)) from error
    except oidc.LoginFailed as error:
        log.warning("login refused tenant=%s kind=%s: %s", tenant.slug, kind, error.reason)
        raise Refusal(PROVIDER, error.reason) from error
    return claims, tokens["id_token"]


def citizen_identity(tenant, claims: dict) -> dict:
    """BSN, level and name from the claims, or a Refusal."""
    provider = provider_for(tenant, "citizen")
    raw_bsn = oidc.claim(claims, provider.bsn_claim)
    if raw_bsn is None or raw_bsn == "":
        # Usually the provider was not asked for the BSN (a scope missing in auth.toml).
        log.warning("login refused tenant=%s kind=citizen: no BSN claim %r in the ID token or userinfo", tenant.slug, provider.bsn_claim)
        raise Refusal(BAD_BSN)
    bsn = normalise_bsn(raw_bsn if isinstance(raw_bsn, (str, int)) else None)
    if bsn is None or not is_valid_bsn(bsn):
        log.warning("login refused tenant=%s kind=citizen: the BSN claim fails the elfproef", tenant.slug)
        raise Refusal(BAD_BSN)
    raw_level = oidc.claim(claims, provider.level_claim)
    level = provider.level_values.get(raw_level, raw_level if raw_level in LEVELS else None)
    if level_rank(level) < level_rank(provider.minimum_level):
        log.warning("login refused tenant=%s kind=citizen: level %s below %s", tenant.slug, level, provider.minimum_level)
        raise Refusal(LOW_LEVEL)
    name = str(oidc.claim(claims, provider.name_claim) or "")[:200]
    first_name = str(oidc.claim(claims, provider.first_name_claim) or "")[:100]
    return {"bsn": bsn, "level": level, "name": name, "first_name": first_name or name.split(" ")[0],
            "birth_date": _iso_date(oidc.claim(claims, provider.birth_date_claim))}


def _iso_date(value) -> str | None:
    """A claimed date as YYYY-MM-DD, or None when it is missing or no date."""
    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) else None
    except ValueError:
        return None


def employee_identity(tenant, claims: dict) -> dict:
    provider = provider_for(tenant, "employee")
    raw = oidc.claim(claims, provider.roles_claim)
    raw = [raw] if isinstance(raw, str) else list(raw or []) if isinstance(raw, list) else []
    roles = sorted({provider.role_map[r] for r in raw if isinstance(r, str) and r in provider.role_map})
    if not roles:
        log.warning("login refused tenant=%s kind=employee: no portal role", tenant.slug)
        raise Refusal(NO_ROLE)
    name = str(oidc.claim(claims, provider.name_claim) or claims["sub"])[:200]
    email = oidc.claim(claims, provider.email_claim)
    return {"subject": str(claims["sub"])[:200], "name": name, "email": email if isinstance(email, str) else None, "roles": roles}


async def upsert_citizen(db: AsyncSession, *, bsn: str, name: str, first_name: str, email: str | None = None, login: bool = True) -> Citizen:
    citizen = await db.scalar(select(Citizen).where(Citizen.bsn == bsn))
    if citizen is None:
        citizen = Citizen(bsn=bsn, name=name, first_name=first_name, email=email, locale="nl")
        db.add(citizen)
    else:
        # Keep what we knew when a provider (like DigiD itself) sends no name.
        citizen.name = name or citizen.name
        citizen.first_name = first_name or citizen.first_name
        citizen.email = citizen.email or email
    if login:
        citizen.last_login_at = clock.now()
    await db.flush()
    return citizen


async def upsert_employee(db: AsyncSession, *, subject: str, name: str, email: str | None, roles: list[str], login: bool = True) -> Employee:
    employee = await db.scalar(select(Employee).where(Employee.subject == subject))
    if employee is None:
        employee = Employee(subject=subject, name=name, email=email, roles=roles)
        db.add(employee)
    else:
        # The provider is the source of truth for roles: a role taken away there is gone here.
        employee.name, employee.email, employee.roles = name, email or employee.email, list(roles)
    if login:
        employee.last_login_at = clock.now()
    await db.flush()
    return employee


async def finish_login(app, db: AsyncSession, tenant, pending: dict, code: str) -> tuple[dict, str]:
    """Everything after the provider's redirect back; the session's user dict and the ID
    token (kept sealed in the session for the logout)."""
    kind = pending["kind"]
    claims, id_token = await verified_claims(app, tenant, kind, pending, code)
    if kind == "citizen":
        who = citizen_identity(tenant, claims)
        if not (who["name"] or who["first_name"]) and (found := await registry_of(app).lookup(tenant, who["bsn"])):
            # A BSN only (as DigiD gives): the registry adapter, if one is connected, knows the name.
            who.update(name=found.name, first_name=found.first_name)
        citizen = await upsert_citizen(db, bsn=who["bsn"], name=who["name"] or who["first_name"], first_name=who["first_name"])
        user = {"kind": "citizen", "id": str(citizen.id), "name": citizen.name, "first_name": citizen.first_name, "roles": []}
        if who["birth_date"]:
            # Kept with this login only (a session is server-side): applications prefill it.
            user["birth_date"] = who["birth_date"]
    else:
        who = employee_identity(tenant, claims)
        employee = await upsert_employee(db, **who)
        user = {"kind": "employee", "id": str(employee.id), "name": employee.name, "first_name": employee.name.split(" ")[0], "roles": list(employee.roles)}
    await db.commit()
    log.info("login tenant=%s kind=%s id=%s", tenant.slug, kind, user["id"])
    return {**user, "tenant": tenant.slug}, id_token


async def end_session_url(app, tenant, kind: str, id_token: str | None = None) -> str | None:
    """The provider's logout address (OpenID Connect RP-Initiated Logout 1.0), if it has one.

    `id_token_hint` tells the provider whose session to end (several brokers require
    it); `client_id` is sent too, for providers that accept it instead. The browser is
    sent there by a page (`auth/logging_out.html`), not by the logout form's redirect:
    a CSP `form-action` also binds the redirects after a form post, and a provider's
    logout may pass through more than one site before it comes back.
    """
    settings = app.state.settings
    provider = provider_for(tenant, kind)
    if provider.issuer == BUILTIN and not settings.dev_idp:
        return None
    try:
        metadata = await oidc_client(app).metadata(issuer_url(provider, settings))
    except oidc.LoginFailed:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    params = {"client_id": provider.client_id, "post_logout_redirect_uri": logged_out_uri(settings, tenant)}
    if id_token:
        params = {"id_token_hint": id_token, **params}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def logged_out_uri(settings, tenant) -> str:
    """Where the provider sends the browser back after its logout (register it there)."""
    return f"{settings.public_url}{tenant.base_path}/logged-out"
