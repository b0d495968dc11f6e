"""A small OpenID provider for tests, on an origin of its own: not the portal's built-in one.

It behaves like a DigiD broker in the ways that matter to the portal:
- single sign-on: after one login it remembers the browser (a cookie) and the next
  authorization request comes straight back without asking for credentials, as a
  real provider does, until the relying party logs the browser out;
- RP-Initiated Logout 1.0 at `end_session_endpoint` (GET and POST): the `id_token_hint`
  must be a token it signed for that client, `post_logout_redirect_uri` must be the
  registered one; then its session ends and the browser goes back;
- the BSN and the level (`acr`) only in userinfo, released only for the `bsn` scope,
  as many brokers do: the ID token holds just the standard claims.

    provider = TestProvider("http://127.0.0.1:9999")
    provider.add_client("utrecht-digid", secret, redirect_uri, post_logout_redirect_uri)
    provider.add_user("jansen", "geheim", bsn="...", acr="urn:...MobileTwoFactorContract", name="...")
    app = provider.app()   # an ASGI app: serve it with uvicorn, or call it through httpx.ASGITransport

What happened is in `provider.events` (("login", username), ("sso", username),
("logout", {...}), ...), for the test to assert on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from litestar import Litestar, Request, Response, get, post, route
from litestar.response import Redirect

from portal import clock

SESSION_COOKIE = "op_session"


@dataclass
class Client:
    client_id: str
    secret: str
    redirect_uri: str
    post_logout_redirect_uri: str


@dataclass
class User:
    username: str
    password: str
    claims: dict


@dataclass
class TestProvider:
    __test__ = False  # not a pytest test class

    issuer: str
    clients: dict[str, Client] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    events: list[tuple[str, object]] = field(default_factory=list)
    sessions: dict[str, str] = field(default_factory=dict)  # cookie value -> username
    codes: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    # User claims that the ID token carries too (by default only userinfo has them).
    id_token_claims: tuple[str, ...] = ()
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}))

    def __post_init__(self) -> None:
        self.key.ensure_kid()

    def add_client(self, client_id: str, secret: str, redirect_uri: str, post_logout_redirect_uri: str) -> None:
        self.clients[client_id] = Client(client_id, secret, redirect_uri, post_logout_redirect_uri)

    def add_user(self, username: str, password: str, **claims) -> None:
        self.users[username] = User(username, password, claims)

    def kinds(self, kind: str) -> list:
        return [value for what, value in self.events if what == kind]

    # -- the protocol -----------------------------------------------------------------

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/me",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "bsn"],
        }

    def _checked_authorize(self, params: dict) -> Client | None:
        client = self.clients.get(params.get("client_id", ""))
        ok = (
            client is not None and params.get("redirect_uri") == client.redirect_uri
            and params.get("response_type") == "code" and "openid" in params.get("scope", "").split()
            and params.get("code_challenge_method") == "S256" and params.get("code_challenge") and params.get("nonce")
        )
        return client if ok else None

    def _code_for(self, client: Client, params: dict, username: str) -> Redirect:
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"client_id": client.client_id, "username": username, "params": dict(params)}
        return Redirect(f"{client.redirect_uri}?{urlencode({'code': code, 'state': params.get('state', '')})}", status_code=302)

    def _login_form(self, params: dict, problem: str = "") -> Response:
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items())
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test broker: log in</title></head>'
            f'<body><main><h1>Log in at the test broker</h1>{f"<p>{problem}</p>" if problem else ""}'
            f'<form method="post" action="{self.issuer}/auth">{hidden}'
            '<label for="username">Username</label><input id="username" name="username">'
            '<label for="password">Password</label><input id="password" name="password" type="password">'
            '<button type="submit">Log in</button></form></main></body></html>'
        )
        return Response(body, media_type="text/html", status_code=400 if problem else 200)

    def _id_token(self, client: Client, grant: dict) -> str:
        now = clock.timestamp()
        claims = {"iss": self.issuer, "sub": grant["username"], "aud": client.client_id, "iat": now, "exp": now + 300,
                  "nonce": grant["params"]["nonce"]}
        user = self.users[grant["username"]]
        claims.update({name: user.claims[name] for name in self.id_token_claims if name in user.claims})
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)

    def _hinted(self, hint: str) -> dict | None:
        try:
            token = jwt.decode(hint, self.key, algorithms=["RS256"])
        except (JoseError, ValueError):
            return None
        return token.claims if token.claims.get("iss") == self.issuer else None

    def app(self) -> Litestar:
        provider = self

        @get("/.well-known/openid-configuration", sync_to_thread=False)
        def discovery() -> dict:
            return provider.metadata()

        @get("/jwks", sync_to_thread=False)
        def jwks() -> dict:
            return KeySet([provider.key]).as_dict(private=False)

        @get("/auth", sync_to_thread=False)
        def authorize(request: Request) -> Response:
            params = dict(request.query_params)
            client = provider._checked_authorize(params)
            if client is None:
                return Response("bad authorization request", status_code=400)
            username = provider.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
            if username and params.get("prompt") != "login":
                provider.events.append(("sso", username))
                return provider._code_for(client, params, username)
            provider.events.append(("asked", params.get("client_id")))
            return provider._login_form(params)

        @post("/auth")
        async def login(request: Request) -> Response:
            form = dict(await request.form())
            username, password = form.pop("username", ""), form.pop("password", "")
            client = provider._checked_authorize(form)
            if client is None:
                return Response("bad authorization request", status_code=400)
            user = provider.users.get(username)
            if user is None or not hmac.compare_digest(user.password, password):
                return provider._login_form(form, "Wrong username or password")
            provider.events.append(("login", username))
            cookie = secrets.token_urlsafe(24)
            provider.sessions[cookie] = username
            answer = provider._code_for(client, form, username)
            answer.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", path="/")
            return answer

        @post("/token")
        async def token(request: Request) -> Response:
            form = dict(await request.form())
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
            header = request.headers.get("authorization", "")
            if header.lower().startswith("basic "):
                from urllib.parse import unquote_plus

                client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
                client_id, secret = unquote_plus(client_id), unquote_plus(secret)
            client = provider.clients.get(client_id)
            if client is None or not hmac.compare_digest(client.secret, secret):
                return Response({"error": "invalid_client"}, status_code=401)
            grant = provider.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if (grant is None or grant["client_id"] != client_id or form.get("redirect_uri") != client.redirect_uri
                    or challenge != grant["params"]["code_challenge"]):
                return Response({"error": "invalid_grant"}, status_code=400)
            access = secrets.token_urlsafe(24)
            provider.tokens[access] = {"username": grant["username"], "scope": grant["params"]["scope"].split()}
            return Response({"access_token": access, "token_type": "Bearer", "expires_in": 300,
                             "id_token": provider._id_token(client, grant)}, headers={"Cache-Control": "no-store"})

        @get("/me", sync_to_thread=False)
        def userinfo(request: Request) -> Response:
            header = request.headers.get("authorization", "")
            grant = provider.tokens.get(header[7:]) if header.lower().startswith("bearer ") else None
            if grant is None:
                return Response({"error": "invalid_token"}, status_code=401)
            user = provider.users[grant["username"]]
            released = {"sub": user.username, "name": user.claims.get("name", "")}
            if "bsn" in grant["scope"]:
                released.update(bsn=user.claims.get("bsn"), acr=user.claims.get("acr"))
            return Response(released)

        @route("/session/end", http_method=["GET", "POST"])
        async def end_session(request: Request) -> Response:
            params = dict(request.query_params) if request.method == "GET" else dict(await request.form())
            hinted = provider._hinted(params.get("id_token_hint", "")) if params.get("id_token_hint") else None
            client = provider.clients.get(params.get("client_id") or (hinted or {}).get("aud", ""))
            provider.events.append(("logout", {"hint_valid": hinted is not None, "hint_sub": (hinted or {}).get("sub"),
                                               "client_id": client.client_id if client else None,
                                               "post_logout_redirect_uri": params.get("post_logout_redirect_uri")}))
            if params.get("id_token_hint") and hinted is None:
                return Response("invalid id_token_hint", status_code=400)
            provider.sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
            if client is not None and params.get("post_logout_redirect_uri") == client.post_logout_redirect_uri:
                answer: Response = Redirect(client.post_logout_redirect_uri, status_code=302)
            else:
                answer = Response("You are logged out at the test broker.", media_type="text/plain")
            answer.delete_cookie(SESSION_COOKIE, path="/")
            return answer

        return Litestar(route_handlers=[discovery, jwks, authorize, login, token, userinfo, end_session], debug=False)


def tenants_with_citizen_provider(target, slug: str, issuer: str, *, client_id: str, secret_env: str,
                                  scopes: tuple[str, ...] = ("openid", "profile", "bsn")):
    """A copy of the project's tenants/ in `target` where `slug`'s citizens log in at `issuer`."""
    import re
    import shutil

    from portal.settings import PROJECT_ROOT

    shutil.copytree(PROJECT_ROOT / "tenants", target)
    auth = target / slug / "auth.toml"
    text = auth.read_text()
    citizen, rest = text.split("[employee]", 1)
    citizen = re.sub(r'(?m)^issuer = .*$', f'issuer = "{issuer}"', citizen, count=1)
    citizen = re.sub(r'(?m)^client_id = .*$', f'client_id = "{client_id}"', citizen, count=1)
    citizen = re.sub(r'(?m)^client_secret_env = .*$', f'client_secret_env = "{secret_env}"', citizen, count=1)
    citizen = re.sub(r'(?m)^scopes = .*$', "scopes = [" + ", ".join(f'"{s}"' for s in scopes) + "]", citizen, count=1)
    auth.write_text(citizen + "[employee]" + rest)
    return target
