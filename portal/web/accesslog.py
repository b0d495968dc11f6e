"""The access log without secrets: login codes, `state`, ID tokens and the anonymous
manage-link tokens of appointments are replaced before a line is written.

`portal serve` installs `RedactSecrets` on uvicorn's access logger (`uvicorn_log_config`).
"""

from __future__ import annotations

import copy
import logging
import re

HIDDEN = "…"
# Query parameters whose value is a secret or a one-time credential.
SECRET_PARAMS = ("code", "state", "id_token_hint", "token", "nonce", "code_verifier", "session_state")
_QUERY = re.compile(r"(?<=[?&])(" + "|".join(SECRET_PARAMS) + r")=[^&#\s]*")
# Path segments that are credentials themselves.
_PATHS = re.compile(r"(/appointments/link/)[^/?#\s]+")


def redact(path: str) -> str:
    return _PATHS.sub(rf"\g<1>{HIDDEN}", _QUERY.sub(rf"\g<1>={HIDDEN}", path))


class RedactSecrets(logging.Filter):
    """uvicorn's access record has args (client, method, path with query, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def uvicorn_log_config() -> dict:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": "portal.web.accesslog.RedactSecrets"}
    config["handlers"]["access"].setdefault("filters", []).append("redact_secrets")
    return config
