"""The relying party: discovery, the authorization request, the code exchange and
the ID token check. Works against any standards-compliant OpenID provider.

HTTP goes through httpx; the transport is injectable (`app.state.oidc_transport`) so
integration tests can route the provider calls into the app itself.
"""

from __future__ import annotations

import base64
import json
import secrets
import warnings
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from portal import clock

from authlib.deprecate import AuthlibDeprecationWarning  # noqa: E402 - installs its "always" filter first

with warnings.catch_warnings():
    # Authlib 1.9 prefers the `httpx2` package and warns when it falls back to httpx,
    # which is what we pin; the API we use is the same.
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from authlib.oauth2.rfc7636 import create_s256_code_challenge

# Asymmetric algorithms only: an HMAC token would be "signed" with our own client
# secret (anyone holding it could mint one), and `none` is no signature at all.
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
LEEWAY_SECONDS = 60
METADATA_SECONDS = 3600
TIMEOUT = httpx.Timeout(10.0)


class LoginFailed(Exception):
    """The login cannot go on. `reason` is for the log (never holds a BSN)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ProviderCache:
    metadata: dict | None = None
    fetched_at: float = 0.0
    keys: KeySet | None = None


@dataclass
class OIDCClient:
    """One per app: caches each provider's metadata and keys."""

    transport: httpx.AsyncBaseTransport | None = None
    cache: dict[str, ProviderCache] = field(default_factory=dict)

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport, timeout=TIMEOUT)

    async def _get_json(self, url: str) -> dict:
        try:
            async with self.http() as http:
                response = await http.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise LoginFailed(f"provider unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise LoginFailed(f"provider answered {response.status_code} on {url}")
        try:
            return response.json()
        except ValueError as error:
            raise LoginFailed(f"provider sent no JSON on {url}") from error

    async def metadata(self, issuer: str) -> dict:
        entry = self.cache.setdefault(issuer, ProviderCache())
        if entry.metadata is None or clock.monotonic() - entry.fetched_at > METADATA_SECONDS:
            data = await self._get_json(f"{issuer}/.well-known/openid-configuration")
            # OpenID Connect Discovery §4.3: the document must name the issuer we asked.
            if data.get("issuer") != issuer:
                raise LoginFailed("discovery document names another issuer")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not data.get(key):
                    raise LoginFailed(f"discovery document lacks {key}")
            entry.metadata, entry.fetched_at = data, clock.monotonic()
        return entry.metadata

    async def keys(self, issuer: str, *, refresh: bool = False) -> KeySet:
        entry = self.cache.setdefault(issuer, ProviderCache())
        if entry.keys is None or refresh:
            metadata = await self.metadata(issuer)
            try:
                entry.keys = KeySet.import_key_set(await self._get_json(metadata["jwks_uri"]))
            except (JoseError, KeyError, TypeError, ValueError) as error:
                raise LoginFailed("provider JWKS unusable") from error
        return entry.keys


@dataclass(frozen=True)
class PendingLogin:
    """What the portal remembers (in the session) between the redirect and the callback."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> "PendingLogin":
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64))


def authorization_url(metadata: dict, *, client_id: str, redirect_uri: str, scopes: list[str], pending: PendingLogin, acr_values: str | None = None) -> str:
    client = AsyncOAuth2Client(client_id=client_id, redirect_uri=redirect_uri, scope=" ".join(scopes), code_challenge_method="S256")
    extra = {"acr_values": acr_values} if acr_values else {}
    url, _state = client.create_authorization_url(
        metadata["authorization_endpoint"],
        state=pending.state,
        nonce=pending.nonce,
        code_verifier=pending.code_verifier,
        **extra,
    )
    return url


async def exchange_code(oidc: OIDCClient, metadata: dict, *, client_id: str, client_secret: str, redirect_uri: str, code: str, code_verifier: str) -> dict:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    async with AsyncOAuth2Client(
        client_id=client_id,
        client_secret=client_secret,
        token_endpoint_auth_method=auth_method,
        redirect_uri=redirect_uri,
        transport=oidc.transport,
        timeout=TIMEOUT,
    ) as client:
        try:
            token = await client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code, code_verifier=code_verifier)
        except OAuthError as error:
            raise LoginFailed(f"token endpoint refused: {error.error}") from error
        except (httpx.HTTPError, ValueError) as error:
            raise LoginFailed(f"token endpoint failed: {type(error).__name__}") from error
    if not token.get("id_token"):
        raise LoginFailed("token response has no id_token")
    return dict(token)


def _header(token: str) -> dict:
    try:
        segment = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, IndexError) as error:
        raise LoginFailed("ID token is not a JWT") from error
    if not isinstance(header, dict):
        raise LoginFailed("ID token header is not an object")
    return header


def allowed_algorithms(metadata: dict) -> set[str]:
    advertised = set(metadata.get("id_token_signing_alg_values_supported") or ["RS256"])
    return advertised & ASYMMETRIC


async def validate_id_token(
    id_token: str,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    algorithms: set[str],
    keys: Callable[[bool], Awaitable[KeySet]],
    now: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """Signature (keys refetched once on an unknown kid), iss, aud/azp, exp, iat, nonce.

    exp and iat are checked against the portal's clock (portal.clock), the one the
    development provider issues them by and sessions age by, so a suite run on another
    date still logs people in.
    """
    now = now or clock.timestamp
    header = _header(id_token)
    alg = header.get("alg")
    if alg not in algorithms:
        raise LoginFailed(f"ID token algorithm {alg!r} not accepted")
    kid = header.get("kid")
    keyset = await keys(False)
    if kid is not None and kid not in {k.kid for k in keyset}:
        keyset = await keys(True)  # the provider may have rolled its keys
        if kid not in {k.kid for k in keyset}:
            raise LoginFailed("ID token signed with an unknown key")
    try:
        token = jwt.decode(id_token, keyset, algorithms=sorted(algorithms))
    except JoseError as error:
        raise LoginFailed(f"ID token signature invalid: {type(error).__name__}") from error
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(token.claims)
    except JoseError as error:
        raise LoginFailed(f"ID token claims invalid: {type(error).__name__} {getattr(error, 'claim', '')}") from error
    claims = token.claims
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
    if client_id not in audiences:
        raise LoginFailed("ID token is for another client")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LoginFailed("ID token has several audiences and another azp")
    current = now()
    if claims["iat"] > current + LEEWAY_SECONDS:
        raise LoginFailed("ID token issued in the future")
    return claims


async def userinfo(oidc: OIDCClient, metadata: dict, access_token: str) -> dict:
    endpoint = metadata.get("userinfo_endpoint")
    if not endpoint:
        return {}
    try:
        async with oidc.http() as http:
            response = await http.get(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    except httpx.HTTPError as error:
        raise LoginFailed("userinfo unreachable") from error
    if response.status_code != 200:
        raise LoginFailed(f"userinfo answered {response.status_code}")
    return response.json()


def claim(claims: dict, path: str) -> Any:
    """A claim by dotted path (Keycloak puts roles in `realm_access.roles`)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
