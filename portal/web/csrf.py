"""The CSRF token bound to the login's session.

Litestar's check is a signed double submit: the form's token must equal the `csrftoken`
cookie and carry the portal's signature. Anyone can get a validly signed token from the
portal, and a sibling subdomain (or a man in the middle on plain http) can plant it in
a victim's cookie; then a form carrying that same token passes. So at login the session
gets a token of its own (`portal.auth.session.start`, sent as the new cookie), and for a
session that has one an unsafe request must carry exactly that token.
"""

from __future__ import annotations

import hmac

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException

SESSION_KEY = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


async def session_bound_csrf(request: Request) -> None:
    """An app-level `before_request`: after Litestar's own CSRF check, before the handler."""
    if request.method in SAFE_METHODS:
        return None
    session = request.scope.get("session")
    bound = session.get(SESSION_KEY) if isinstance(session, dict) else None
    if not isinstance(bound, str):
        return None  # anonymous, or excluded from sessions (the provider's token endpoint)
    sent = request.headers.get("x-csrftoken")
    if not sent and request.content_type[0] in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
        sent = (await request.form()).get("_csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, bound):
        raise PermissionDeniedException("CSRF token is not this session's")
    return None
