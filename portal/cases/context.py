"""Where case services find the tenant of a case and the portal's public address.

The services take (session, case, actor, ...) so the back office can call them
plainly; the tenant's configuration (status types, terms) and the public URL for
links in emails come from here. The app sets them at start-up; scripts and tests that
never start the app fall back to the settings from the environment.
"""

from __future__ import annotations

from functools import lru_cache

_state: dict = {}


def configure(tenants: dict, public_url: str, templates_dir=None) -> None:
    _state.update(tenants=tenants, public_url=public_url.rstrip("/"), templates_dir=templates_dir)


def add_tenant(tenant, public_url: str, templates_dir=None) -> None:
    """For scripts that have one tenant at hand (demo loading) without the app."""
    _state.setdefault("tenants", {})[tenant.slug] = tenant
    _state.update(public_url=public_url.rstrip("/"), templates_dir=templates_dir)


@lru_cache(maxsize=1)
def _env_settings():
    from portal.settings import load_settings

    return load_settings()


def _tenants() -> dict:
    if "tenants" not in _state:
        from portal.domains import import_models
        from portal.tenancy import load_tenants

        import_models()
        _state["tenants"] = load_tenants(_env_settings().tenants_dir)
    return _state["tenants"]


def tenant_for(slug: str):
    return _tenants()[slug]


def public_url() -> str:
    return _state.get("public_url") or _env_settings().public_url.rstrip("/")


def templates_dir():
    return _state.get("templates_dir") or _env_settings().templates_dir


def case_url(case) -> str:
    return f"{public_url()}/{case.tenant_id}/zaken/{case.id}"


async def configure_from_app(app) -> None:
    """on_startup hook: use the app's own tenants and settings."""
    settings = app.state.settings
    configure(app.state.tenants, settings.public_url, settings.templates_dir)
