"""A serving process takes its start-up objects out of the cycle collector's reach."""

import gc

from portal.app import create_app, create_app_from_env, freeze_heap
from tests.conftest import make_settings


def test_portal_serve_freezes_the_heap_after_start_up_and_test_apps_do_not(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'portal.db'}")
    served = create_app_from_env()
    assert served.on_startup[-1] is freeze_heap  # after every domain's own start-up work
    tested = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}", tmp_path / "other"))
    assert freeze_heap not in tested.on_startup


async def test_freezing_moves_what_exists_to_the_permanent_generation():
    kept = [object() for _ in range(10)]  # noqa: F841 - alive while frozen
    gc.unfreeze()
    try:
        await freeze_heap(None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()  # the rest of the test process collects as usual
