"""The shipped tenant folders, copied and changed, for tests that change the data.

    folder = tenants_with(tmp_path, ("amsterdam/cases.toml", "objection_term_weeks = 6", "objection_term_weeks = 9"))

Each edit replaces one exact text that must occur exactly once, so an edit that no
longer matches the shipped file fails the test instead of testing the shipped data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from portal.settings import PROJECT_ROOT


def tenants_with(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of tenants/ under tmp_path with each (file, old, new) edit made."""
    folder = tmp_path / "tenants"
    shutil.copytree(PROJECT_ROOT / "tenants", folder)
    for name, old, new in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)} times, not once"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder
