"""Demo data never reaches production."""

import pytest

from portal.demo import DemoRefused, load_all
from tests.conftest import make_settings


async def test_demo_data_is_refused_in_production(tmp_path):
    path = tmp_path / "portal.db"
    settings = make_settings(f"sqlite+aiosqlite:///{path}", tmp_path / "var", environment="production", dev_idp=False)
    with pytest.raises(DemoRefused, match="PORTAL_ENV=production"):
        await load_all(settings)
    assert not path.exists()  # refused before anything was opened
