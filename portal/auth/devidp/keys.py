"""The development provider's RSA signing keys, created on first use under var/.

Kept on disk so tokens and the JWKS survive a restart and agree between worker
processes; created with O_EXCL so two processes starting together keep one key set.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"


def key_file(var_dir: Path) -> Path:
    return var_dir / "dev-idp" / "signing-keys.json"


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": ALGORITHM})
    key.ensure_kid()
    data = json.dumps(KeySet([key]).as_dict(private=True)).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as out:
        out.write(data)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> KeySet:
    return KeySet.import_key_set(json.loads(Path(path).read_text()))


def signing_keys(var_dir: Path) -> KeySet:
    path = key_file(var_dir)
    if not path.exists():
        _create(path)
    return _load(str(path), path.stat().st_mtime)


def signing_key(var_dir: Path) -> RSAKey:
    return signing_keys(var_dir).keys[0]


def public_jwks(var_dir: Path) -> dict:
    return signing_keys(var_dir).as_dict(private=False)
