"""The OpenAPI schema lists every route, the back office's too: off unless a setting turns it on."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings
from tests.helpers.client import checked_client


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger", "/schema/openapi.json"])
async def test_the_schema_is_not_served_by_default(client, path):
    await client.get(path, expect=404)


async def test_portal_openapi_turns_it_on(app_database_url, tmp_path):
    from portal.app import create_app
    from portal.settings import load_settings

    assert load_settings({"PORTAL_OPENAPI": "1", "SECRET_KEY": "x"}).openapi is True
    assert load_settings({"SECRET_KEY": "x"}).openapi is False
    app = create_app(make_settings(app_database_url, tmp_path / "var", openapi=True))
    async with checked_client(app) as client:
        schema = await client.get("/schema/openapi.json", expect=200)
    assert "/{tenant_slug}/backoffice/queue" in schema.json()["paths"]
