"""`portal serve`: forwarded headers only from configured proxies; an access log without secrets."""

from __future__ import annotations

import logging
import logging.config
import socket
import threading
import time

import httpx
import pytest

from portal.cli import serve_options
from portal.web.accesslog import RedactSecrets, redact


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _echo_client(scope, receive, send):
    """What the app sees as the client's address."""
    if scope["type"] != "http":
        return
    body = (scope.get("client") or ("?",))[0].encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


def _seen_client(env: dict, forwarded_for: str) -> str:
    import uvicorn

    port = _free_port()
    options = {k: v for k, v in serve_options(env).items() if k != "log_config"}
    server = uvicorn.Server(uvicorn.Config(_echo_client, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.time() + 10
        while not server.started:
            assert time.time() < deadline and thread.is_alive(), "server did not start"
            time.sleep(0.02)
        return httpx.get(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": forwarded_for}).text
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_a_client_on_the_same_host_cannot_pose_as_another_address():
    # uvicorn's own default trusts 127.0.0.1: 200 posts with 200 made-up addresses all passed the limiter.
    assert _seen_client({}, "203.0.113.7") == "127.0.0.1"


def test_forwarded_headers_count_from_a_configured_proxy():
    assert _seen_client({"FORWARDED_ALLOW_IPS": " 127.0.0.1 , 10.0.0.1"}, "203.0.113.7") == "203.0.113.7"
    assert serve_options({"FORWARDED_ALLOW_IPS": " 127.0.0.1 , 10.0.0.1"})["forwarded_allow_ips"] == "127.0.0.1,10.0.0.1"


@pytest.mark.parametrize("path, logged", [
    ("/amsterdam/login/callback?code=abc123&state=xyz", "/amsterdam/login/callback?code=…&state=…"),
    ("/dev-idp/logout?id_token_hint=eyJ.a.b&client_id=amsterdam-digid", "/dev-idp/logout?id_token_hint=…&client_id=amsterdam-digid"),
    ("/amsterdam/appointments/link/Zm9vYmFy_-x/move?day=2026-12-03", "/amsterdam/appointments/link/…/move?day=2026-12-03"),
    ("/amsterdam/zaken?status=open", "/amsterdam/zaken?status=open"),
])
def test_the_access_log_keeps_no_login_code_state_or_manage_token(path, logged):
    assert redact(path) == logged
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", path, "1.1", 303), None)
    assert RedactSecrets().filter(record) and record.getMessage() == f'127.0.0.1:5000 - "GET {logged} HTTP/1.1" 303'


def test_portal_serve_installs_the_filter_on_the_access_log():
    config = serve_options({})["log_config"]
    assert config["filters"]["redact_secrets"] == {"()": "portal.web.accesslog.RedactSecrets"}
    assert "redact_secrets" in config["handlers"]["access"]["filters"]
    logging.config.dictConfig(config)
    try:
        assert any(isinstance(f, RedactSecrets) for h in logging.getLogger("uvicorn.access").handlers for f in h.filters)
    finally:
        logging.getLogger("uvicorn.access").handlers.clear()


def test_the_error_log_names_the_path_without_a_manage_token():
    from litestar import Litestar, Request

    from portal.web.errors import error_response

    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("portal.errors")
    logger.addHandler(handler)
    scope = {"type": "http", "method": "POST", "path": "/amsterdam/appointments/link/s3cr3t-token/move",
             "raw_path": b"/amsterdam/appointments/link/s3cr3t-token/move", "query_string": b"", "headers": [],
             "app": Litestar(), "state": {}, "path_params": {}}
    try:
        error_response(Request(scope), RuntimeError("boom"))
    finally:
        logger.removeHandler(handler)
    assert lines == ["unhandled error on POST /amsterdam/appointments/link/…/move"]
