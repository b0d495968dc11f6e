"""Every rules label has a Dutch and an Arabic translation, none fuzzy."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.rules import labels
from portal.rules.schemes import SCHEMES

ROOT = Path(__file__).resolve().parents[3]


def _msgids() -> set[str]:
    out: set[str] = set()
    for name, value in vars(labels).items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, dict):
            out.update(v for v in value.values() if isinstance(v, str))
    return out


def test_reasons_use_labels_from_the_labels_module():
    assert {r.label for s in SCHEMES for r in s.reasons} <= _msgids()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_po_file_translates_every_label(lang):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "rules.po").open("rb") as f:
        catalog = read_po(f)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(_msgids() - set(translated))
    assert not missing, missing
