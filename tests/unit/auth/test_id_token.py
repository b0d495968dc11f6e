"""The relying party's ID token check, against tokens these tests sign themselves."""

from __future__ import annotations

import base64
import json

import pytest
from joserfc import jws, jwt
from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey

from portal import clock
from portal.auth.oidc import LoginFailed, validate_id_token

ISSUER = "https://broker.example.org"
CLIENT = "amsterdam-digid"
NONCE = "n-0S6_WzA2Mj"


def _key(kid: str) -> RSAKey:
    key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
    return key


@pytest.fixture(scope="module")
def provider_key() -> RSAKey:
    return _key("key-1")


def claims(**overrides) -> dict:
    now = clock.timestamp()  # the clock the portal checks tokens by
    values = {"iss": ISSUER, "sub": "abc123", "aud": CLIENT, "iat": now, "exp": now + 300, "nonce": NONCE, "bsn": "111222333"}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def sign(key, payload: dict, alg: str = "RS256", kid: str | None = None) -> str:
    header = {"alg": alg, "kid": kid if kid is not None else key.kid}
    return jwt.encode(header, payload, key, algorithms=[alg])


class Provider:
    """Serves a key set; counts how often the portal fetched it."""

    def __init__(self, *keys):
        self.published = KeySet([k for k in keys])
        self.fetches = 0

    async def keys(self, refresh: bool) -> KeySet:
        self.fetches += 1
        return KeySet.import_key_set(self.published.as_dict(private=False))


async def check(token: str, provider: Provider, **kwargs) -> dict:
    options = dict(issuer=ISSUER, client_id=CLIENT, nonce=NONCE, algorithms={"RS256", "ES256"}, keys=provider.keys)
    options.update(kwargs)
    return await validate_id_token(token, **options)


async def test_a_good_token_passes(provider_key):
    result = await check(sign(provider_key, claims()), Provider(provider_key))
    assert result["sub"] == "abc123"


async def test_an_ec_signed_token_passes():
    key = ECKey.generate_key("P-256", parameters={"kid": "ec-1"})
    assert (await check(sign(key, claims(), alg="ES256"), Provider(key)))["nonce"] == NONCE


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "another-nonce"},
        {"nonce": None},
        {"aud": "another-client"},
        {"aud": [CLIENT, "another-client"]},  # several audiences need azp = us
        {"iss": "https://evil.example.org"},
        # Times as offsets from the moment the test runs, not from when the module was
        # imported: a long run would otherwise turn "in the future" into the past.
        {"exp": -120},  # expired beyond the leeway
        {"iat": +600},  # issued in the future
        {"exp": None},
        {"sub": None},
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-audience", "several-audiences", "wrong-issuer", "expired", "future-iat", "no-exp", "no-sub"],
)
async def test_wrong_claims_are_refused(provider_key, changes):
    now = clock.timestamp()
    changes = {key: now + value if key in ("exp", "iat") and value is not None else value for key, value in changes.items()}
    with pytest.raises(LoginFailed):
        await check(sign(provider_key, claims(**changes)), Provider(provider_key))


async def test_expiry_within_the_leeway_is_accepted(provider_key):
    token = sign(provider_key, claims(exp=clock.timestamp() - 30))
    assert await check(token, Provider(provider_key))


async def test_several_audiences_with_our_azp_pass(provider_key):
    token = sign(provider_key, claims(aud=[CLIENT, "other"], azp=CLIENT))
    assert await check(token, Provider(provider_key))


async def test_an_unknown_key_is_refetched_once_then_refused(provider_key):
    stranger = _key("key-unknown")
    provider = Provider(provider_key)
    with pytest.raises(LoginFailed, match="unknown key"):
        await check(sign(stranger, claims()), provider)
    assert provider.fetches == 2  # the cached set, then one refetch


async def test_a_rolled_key_is_found_after_one_refetch(provider_key):
    new_key = _key("key-2")
    provider = Provider(provider_key)
    stale = [True]

    async def keys(refresh: bool) -> KeySet:
        provider.fetches += 1
        if refresh:
            stale[0] = False
        published = KeySet([provider_key]) if stale[0] else KeySet([provider_key, new_key])
        return KeySet.import_key_set(published.as_dict(private=False))

    assert await check(sign(new_key, claims()), provider, keys=keys)
    assert provider.fetches == 2


async def test_a_bad_signature_is_refused(provider_key):
    token = sign(provider_key, claims())
    header, payload, signature = token.split(".")
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims(bsn="123456782")).encode()).rstrip(b"=").decode()
    with pytest.raises(LoginFailed, match="signature"):
        await check(f"{header}.{forged_payload}.{signature}", Provider(provider_key))


async def test_a_token_signed_by_another_key_with_our_kid_is_refused(provider_key):
    impostor = _key(provider_key.kid)  # same kid, other key
    with pytest.raises(LoginFailed, match="signature"):
        await check(sign(impostor, claims()), Provider(provider_key))


def _unsigned(payload: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


async def test_alg_none_is_refused(provider_key):
    with pytest.raises(LoginFailed, match="algorithm"):
        await check(_unsigned(claims()), Provider(provider_key))


async def test_an_hmac_token_is_refused_even_when_keyed_with_the_client_secret(provider_key):
    secret = OctKey.import_key("the-client-secret-known-to-the-portal-and-more-bytes")
    token = jws.serialize_compact({"alg": "HS256", "kid": provider_key.kid}, json.dumps(claims()), secret, algorithms=["HS256"])
    with pytest.raises(LoginFailed, match="algorithm"):
        await check(token, Provider(provider_key), algorithms={"RS256", "HS256"} & {"RS256"})
    # Even if a provider advertised HS256, the RP's allowed set never contains it.
    from portal.auth.oidc import allowed_algorithms

    assert allowed_algorithms({"id_token_signing_alg_values_supported": ["HS256", "none", "RS256"]}) == {"RS256"}


async def test_garbage_is_refused(provider_key):
    with pytest.raises(LoginFailed):
        await check("not-a-jwt", Provider(provider_key))
