"""One typed settings object, read from the environment.

Every setting is documented in the README; defaults make the embedded setup (SQLite,
development identity provider) run with no configuration at all.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APP_ROLE = "portal_app"


class SettingsError(RuntimeError):
    """A setting is missing or contradicts another one."""


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = "http://127.0.0.1:8000"
    database_url: str = ""
    # On PostgreSQL the app switches to this role after connecting, so row-level
    # security binds it: the role owning the tables (used by migrations) bypasses it.
    database_app_role: str = DEFAULT_APP_ROLE
    # A silent database (TCP open, no answer) must not hold requests: connecting, each
    # statement and waiting for a pooled connection give up after these seconds.
    database_connect_timeout: float = 5.0
    database_statement_timeout: float = 15.0
    database_pool_timeout: float = 10.0
    # Pooled connections per worker process: `database_pool_size` kept open, up to
    # `database_max_overflow` more under load (closed when given back). A page holds one
    # only while its handler runs, not while it renders (portal.web.deps).
    database_pool_size: int = 5
    database_max_overflow: int = 10
    redis_url: str | None = None
    # Redis answers in milliseconds; past this the rate limiter lets the request through
    # and sessions count as unreadable, rather than every request waiting.
    redis_timeout: float = 0.5
    # Key prefix in Redis (sessions, rate limits): two portals can share one Redis.
    redis_namespace: str = "portal"
    secret_key: str = ""
    var_dir: Path = PROJECT_ROOT / "var"
    # Where uploaded documents' bytes live: "filesystem" (var/documents/, one host) or
    # "database" (a table every host on the database shares).
    document_store: str = "filesystem"
    tenants_dir: Path = PROJECT_ROOT / "tenants"
    templates_dir: Path = PROJECT_ROOT / "templates"
    locales_dir: Path = PROJECT_ROOT / "locales"
    dev_idp: bool = False
    # The OpenAPI schema (/schema, /schema/swagger) lists every route, the back office's
    # too: off unless asked for (development, API work).
    openapi: bool = False
    https: bool = False
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "noreply@portal.localhost"
    run_worker_in_process: bool = True
    # Form posts per client address per minute (login, submit, book); 0 switches it off.
    rate_limit_posts_per_minute: int = 120
    session_idle_seconds: int = 15 * 60
    session_absolute_seconds: int = 12 * 60 * 60
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **changes: object) -> "Settings":
        return replace(self, **changes)

    def validate(self) -> "Settings":
        if self.production and self.dev_idp:
            raise SettingsError(
                "PORTAL_DEV_IDP is on while PORTAL_ENV=production: the development identity "
                "provider lets anyone log in as anyone and is refused in production."
            )
        if self.document_store not in ("filesystem", "database"):
            raise SettingsError(
                f"DOCUMENT_STORE={self.document_store!r}: choose filesystem (var/documents/ on this host) or "
                "database (shared by every host on the database)."
            )
        if self.production and os.environ.get("PORTAL_CLOCK"):
            raise SettingsError(
                "PORTAL_CLOCK is set while PORTAL_ENV=production: a shifted clock moves every legal term "
                "and is for tests only."
            )
        if self.production and not os.environ.get("SECRET_KEY"):
            raise SettingsError("SECRET_KEY must be set in production.")
        return self


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r}: give a number of seconds, e.g. {default:g}") from None
    if seconds <= 0:
        raise SettingsError(f"{name}={value!r}: give a number of seconds above 0, e.g. {default:g}")
    return seconds


def _secret_key(var_dir: Path) -> str:
    """Use SECRET_KEY, or keep a generated one under var/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("PORTAL_VAR_DIR", PROJECT_ROOT / "var")).resolve()
    port = int(env.get("PORT", "8000"))
    host = env.get("HOST", "127.0.0.1")
    database_url = env.get("DATABASE_URL") or f"sqlite+aiosqlite:///{var_dir / 'portal.db'}"
    if database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        database_url = "postgresql+asyncpg://" + database_url.split("://", 1)[1]
    settings = Settings(
        environment=env.get("PORTAL_ENV", "development"),
        host=host,
        port=port,
        public_url=env.get("PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
        database_url=database_url,
        database_app_role=env.get("DATABASE_APP_ROLE") or DEFAULT_APP_ROLE,
        database_connect_timeout=_seconds(env, "DATABASE_CONNECT_TIMEOUT", 5.0),
        database_statement_timeout=_seconds(env, "DATABASE_STATEMENT_TIMEOUT", 15.0),
        database_pool_timeout=_seconds(env, "DATABASE_POOL_TIMEOUT", 10.0),
        database_pool_size=int(env.get("DATABASE_POOL_SIZE", "5")),
        database_max_overflow=int(env.get("DATABASE_MAX_OVERFLOW", "10")),
        redis_url=env.get("REDIS_URL") or None,
        redis_timeout=_seconds(env, "REDIS_TIMEOUT", 0.5),
        redis_namespace=env.get("REDIS_NAMESPACE") or "portal",
        secret_key=_secret_key(var_dir) if "SECRET_KEY" not in env else env["SECRET_KEY"],
        var_dir=var_dir,
        document_store=env.get("DOCUMENT_STORE") or "filesystem",
        tenants_dir=Path(env.get("PORTAL_TENANTS_DIR", PROJECT_ROOT / "tenants")).resolve(),
        dev_idp=_flag(env.get("PORTAL_DEV_IDP")),
        openapi=_flag(env.get("PORTAL_OPENAPI")),
        https=_flag(env.get("PORTAL_HTTPS")),
        smtp_host=env.get("SMTP_HOST") or None,
        smtp_port=int(env.get("SMTP_PORT", "25")),
        smtp_user=env.get("SMTP_USER") or None,
        smtp_password=env.get("SMTP_PASSWORD") or None,
        smtp_starttls=_flag(env.get("SMTP_STARTTLS")),
        mail_from=env.get("MAIL_FROM", "noreply@portal.localhost"),
        run_worker_in_process=_flag(env.get("PORTAL_WORKER_IN_PROCESS"), default=True),
        rate_limit_posts_per_minute=int(env.get("RATE_LIMIT_POSTS_PER_MINUTE", "120")),
    )
    return settings.validate()
