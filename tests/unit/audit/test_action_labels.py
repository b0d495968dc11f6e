"""Every action code the code base writes to the audit log has a label in every language
and can be chosen in the audit log's filter (no "#2 appointments.day_viewed")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from portal import i18n
from portal.backoffice.labels import AUDIT_ACTION_LABELS
from portal.settings import PROJECT_ROOT

CODE = re.compile(r"[a-z_]+(?:\.[a-z_]+)+")


def _record_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        yield keyword.value


def action_codes() -> dict[str, str]:
    """code -> where: the literal codes passed to record(action=…); where the code comes
    from a name or a table, every code-like string literal of that module."""
    found: dict[str, str] = {}
    for path in sorted((PROJECT_ROOT / "portal").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        where = str(path.relative_to(PROJECT_ROOT))
        indirect = False
        for value in _record_calls(tree):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, where)
            elif isinstance(value, ast.JoinedStr):
                pytest.fail(f"{where}:{value.lineno}: an audit action built with an f-string; write the codes out")
            else:
                indirect = True
        if indirect:
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                    found.setdefault(node.value, where)
    return found


def test_the_scan_finds_the_codes_of_every_domain():
    codes = action_codes()
    assert {"case.viewed", "document.viewed", "case.decision_proposed", "settings.changed",
            "appointment.no_show", "appointments.day_viewed"} <= set(codes)


def test_every_audit_action_in_the_code_has_a_label():
    missing = {code: where for code, where in action_codes().items() if code not in AUDIT_ACTION_LABELS
               and not code.endswith((".py", ".toml", ".html"))}
    assert not missing, f"audit actions without a label (portal/backoffice/labels.py): {missing}"


@pytest.mark.parametrize("locale", [locale for locale in i18n.LOCALES if locale != "en"])
def test_every_audit_label_is_translated(locale):
    i18n.load_catalogs(PROJECT_ROOT / "locales")
    with i18n.use_locale(locale):
        untranslated = [label for label in AUDIT_ACTION_LABELS.values() if i18n.gettext(label) == label]
    assert not untranslated, untranslated
