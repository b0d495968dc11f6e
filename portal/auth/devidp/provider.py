"""What the development provider knows and does, without HTTP: its clients (from the
tenants' `auth.toml` files that say `issuer = "builtin"`), authorization codes,
tokens and the claims of the demo people."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from joserfc import jwt

from portal import clock
from portal.auth.bsn import normalise_bsn
from portal.auth.config import BUILTIN, LEVELS, auth_config, builtin_secret
from portal.auth.devidp.keys import ALGORITHM, signing_key, signing_keys
from portal.auth.people import demo_people

CODE_SECONDS = 120
TOKEN_SECONDS = 300
# DigiD's SAML authentication context classes, which brokers pass on as `acr`.
ACR_BY_LEVEL = {
    "basis": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "midden": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "substantieel": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    "hoog": "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
}


class AuthorizeError(Exception):
    """An OAuth error to send back to the client's redirect URI."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Client:
    client_id: str
    tenant: object
    kind: str  # "citizen" | "employee"
    redirect_uri: str
    post_logout_redirect_uri: str
    secret: str


def issuer(settings) -> str:
    return f"{settings.public_url}/dev-idp"


def clients(settings, tenants: dict) -> dict[str, Client]:
    found: dict[str, Client] = {}
    for tenant in tenants.values():
        config = auth_config(tenant)
        for kind in ("citizen", "employee"):
            provider = getattr(config, kind)
            if provider.issuer != BUILTIN:
                continue
            found[provider.client_id] = Client(
                client_id=provider.client_id,
                tenant=tenant,
                kind=kind,
                redirect_uri=f"{settings.public_url}{tenant.base_path}/login/callback",
                post_logout_redirect_uri=f"{settings.public_url}{tenant.base_path}/logged-out",
                secret=builtin_secret(settings, provider.client_id),
            )
    return found


def metadata(settings) -> dict:
    base = issuer(settings)
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "end_session_endpoint": f"{base}/logout",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["pairwise", "public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "profile", "email"],
        "claims_supported": ["sub", "bsn", "acr", "name", "given_name", "email", "roles"],
        "acr_values_supported": list(ACR_BY_LEVEL.values()),
    }


def check_request(client: Client | None, params: dict) -> None:
    """Checks whose failure goes back to the client (the redirect URI is trusted)."""
    if params.get("response_type") != "code":
        raise AuthorizeError("unsupported_response_type", "only the authorization code flow")
    if "openid" not in (params.get("scope") or "").split():
        raise AuthorizeError("invalid_scope", "scope must include openid")
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        raise AuthorizeError("invalid_request", "PKCE with S256 is required")
    if not params.get("nonce"):
        raise AuthorizeError("invalid_request", "nonce is required")


def _pseudonym(settings, tenant_slug: str, bsn: str) -> str:
    # A real broker gives each service its own subject: never the BSN itself.
    digest = hmac.new(settings.secret_key.encode(), f"dev-idp-sub:{tenant_slug}:{bsn}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def citizen_claims(settings, client: Client, bsn: str, level: str) -> dict:
    """Claims for a demo citizen, or for any typed number (to try the elfproef check)."""
    person = demo_people(client.tenant).citizen(bsn)
    claims = {
        "sub": _pseudonym(settings, client.tenant.slug, bsn),
        "bsn": normalise_bsn(bsn) or bsn,
        "acr": ACR_BY_LEVEL[level if level in LEVELS else "midden"],
    }
    if person:
        # As a broker passing on the BRP's data would: the portal prefills from claims only.
        claims.update(name=person.name, given_name=person.first_name, birthdate=person.birth_date)
    return claims


def employee_claims(client: Client, subject: str) -> dict | None:
    person = demo_people(client.tenant).employee(subject)
    if person is None:
        return None
    return {"sub": person.subject, "name": person.name, "email": person.email, "roles": list(person.roles)}


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


async def issue_code(store, client: Client, params: dict, claims: dict) -> str:
    code = secrets.token_urlsafe(32)
    grant = {
        "client_id": client.client_id,
        "redirect_uri": params["redirect_uri"],
        "code_challenge": params["code_challenge"],
        "nonce": params["nonce"],
        "claims": claims,
        "auth_time": clock.timestamp(),
    }
    await store.set(f"code-{code}", json.dumps(grant), expires_in=CODE_SECONDS)
    return code


class TokenError(Exception):
    def __init__(self, error: str, status: int = 400):
        super().__init__(error)
        self.error = error
        self.status = status


async def exchange(store, settings, client: Client, form: dict) -> dict:
    """The token endpoint's work: one use per code, PKCE, redirect URI, then tokens."""
    if form.get("grant_type") != "authorization_code":
        raise TokenError("unsupported_grant_type")
    code = form.get("code") or ""
    raw = await store.get(f"code-{code}")
    await store.delete(f"code-{code}")
    if raw is None:
        raise TokenError("invalid_grant")
    grant = json.loads(raw)
    if grant["client_id"] != client.client_id or grant["redirect_uri"] != form.get("redirect_uri"):
        raise TokenError("invalid_grant")
    if not hmac.compare_digest(_s256(form.get("code_verifier") or ""), grant["code_challenge"]):
        raise TokenError("invalid_grant")
    # The portal's clock, which the relying party checks iat and exp against.
    now = clock.timestamp()
    claims = dict(grant["claims"])
    id_claims = {
        **claims,
        "iss": issuer(settings),
        "aud": client.client_id,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "auth_time": grant["auth_time"],
        "nonce": grant["nonce"],
    }
    key = signing_key(settings.var_dir)
    id_token = jwt.encode({"alg": ALGORITHM, "kid": key.kid}, id_claims, key)
    access_token = secrets.token_urlsafe(32)
    await store.set(f"token-{access_token}", json.dumps(claims), expires_in=TOKEN_SECONDS)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS, "id_token": id_token}


async def userinfo(store, access_token: str) -> dict | None:
    raw = await store.get(f"token-{access_token}")
    return json.loads(raw) if raw else None


def hinted_client_id(settings, id_token_hint: str) -> str | None:
    """The client an `id_token_hint` was issued to, if this provider signed it (an
    expired token is still a good hint: RP-Initiated Logout 1.0 §2)."""
    from joserfc.errors import JoseError

    try:
        token = jwt.decode(id_token_hint, signing_keys(settings.var_dir), algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        return None
    audience = token.claims.get("aud")
    if token.claims.get("iss") != issuer(settings) or not isinstance(audience, str):
        return None
    return audience
