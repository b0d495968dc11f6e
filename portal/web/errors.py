"""Error pages in the tenant's branding and the user's language, never a stack trace."""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from portal.db.errors import database_unavailable
from portal.web.accesslog import redact
from portal.web.redis import RedisUnavailable
from portal.web.sessions import RETRY_AFTER_SECONDS, SessionUnavailable
from portal.web.sessions import UNAVAILABLE as SESSION_UNAVAILABLE

log = logging.getLogger("portal.errors")


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


def _redirect(request: Request, target: str) -> Response:
    # htmx follows a 303 inside the XHR and would swap the login page into a fragment.
    if request.headers.get("hx-request"):
        return Response(None, status_code=204, headers={"HX-Redirect": target})
    return Response(None, status_code=303, headers={"Location": target})


# How long a visitor is asked to wait before trying again while a dependency is away.
DATABASE_RETRY_AFTER_SECONDS = 120


def _unavailable(request: Request, template: str, retry_after: int) -> Response:
    headers = {"Retry-After": str(retry_after)}
    if not _wants_html(request):
        return Response({"status": 503}, status_code=503, media_type=MediaType.JSON, headers=headers)
    return Template(template_name=template, context={"status": 503}, status_code=503, headers=headers)


def error_response(request: Request, exc: Exception) -> Response:
    # The session store (Redis) is away: reading counted as "nobody logged in", so a
    # page that needs a login, or a login that needs a session, says "log in again in
    # a few minutes" instead of sending the visitor round the login page.
    session_away = isinstance(exc, (SessionUnavailable, RedisUnavailable)) or (
        request.scope.get("state", {}).get(SESSION_UNAVAILABLE) and isinstance(getattr(exc, "redirect_to", None), str)
    )
    if session_away:
        log.warning("session store unavailable on %s %s: %s", request.method, redact(request.url.path), exc)
        return _unavailable(request, "errors/session_unavailable.html", RETRY_AFTER_SECONDS)
    # An exception that knows where the user should go instead (e.g. portal.auth's
    # LoginRequired: to the login page and back) becomes a redirect.
    if isinstance(target := getattr(exc, "redirect_to", None), str):
        return _redirect(request, target)
    if database_unavailable(exc):
        log.error("database unavailable on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return _unavailable(request, "errors/unavailable.html", DATABASE_RETRY_AFTER_SECONDS)
    if isinstance(exc, HTTPException):
        status = exc.status_code
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        log.exception("unhandled error on %s %s", request.method, redact(request.url.path), exc_info=exc)
    if status == 405:
        status_for_page = 404
    else:
        status_for_page = status
    if not _wants_html(request):
        return Response({"status": status}, status_code=status, media_type=MediaType.JSON)
    template = {403: "errors/403.html", 404: "errors/404.html"}.get(status_for_page, "errors/500.html")
    if 400 <= status < 500 and status not in (403, 404, 405):
        template = "errors/400.html"
    headers = getattr(exc, "headers", None) or {}
    return Template(template_name=template, context={"status": status}, status_code=status, headers=headers)
