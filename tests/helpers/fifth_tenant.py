"""A fifth municipality made as an operator would: copy tenants/utrecht to `groningen`
and change only data (name, slug, CBS code, client ids, reference prefix, hosts,
colours).

    folder = tenants_with_groningen(tmp_path)                    # five tenants
    folder = tenants_with_groningen(tmp_path, keep={"cbs_code"}) # a careless copy

`keep` leaves values as Utrecht has them, for the checks that must refuse a copy that
kept another tenant's identifiers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from portal.settings import PROJECT_ROOT

# (what, file, Utrecht's text, Groningen's text): every value that must differ per tenant
# and the ones that make it look like another city.
CHANGES = (
    ("slug", "tenant.toml", 'slug = "utrecht"', 'slug = "groningen"'),
    ("name", "tenant.toml", 'name = "Gemeente Utrecht"', 'name = "Gemeente Groningen"'),
    ("short_name", "tenant.toml", 'short_name = "Utrecht"', 'short_name = "Groningen"'),
    ("wordmark", "tenant.toml", 'wordmark = "Gemeente Utrecht"', 'wordmark = "Gemeente Groningen"'),
    ("cbs_code", "tenant.toml", 'cbs_code = "GM0344"', 'cbs_code = "GM0014"'),
    ("reference_prefix", "tenant.toml", 'reference_prefix = "UTR"', 'reference_prefix = "GRO"'),
    ("hosts", "tenant.toml", 'hosts = ["utrecht.localhost"]', 'hosts = ["groningen.localhost"]'),
    ("primary", "tenant.toml", 'primary = "#24578F"', 'primary = "#1F5C3A"'),
    ("primary_hover", "tenant.toml", 'primary_hover = "#1B4270"', 'primary_hover = "#17452C"'),
    ("link", "tenant.toml", 'link = "#24578F"', 'link = "#1F5C3A"'),
    ("citizen_client_id", "auth.toml", 'client_id = "utrecht-digid"', 'client_id = "groningen-digid"'),
    ("employee_client_id", "auth.toml", 'client_id = "utrecht-medewerkers"', 'client_id = "groningen-medewerkers"'),
)
CBS_CODE, REFERENCE_PREFIX, HOST = "GM0014", "GRO", "groningen.localhost"


def tenants_with_groningen(tmp_path: Path, *, keep: set[str] = frozenset()) -> Path:
    """tenants/ copied under tmp_path, plus groningen made from utrecht."""
    folder = tmp_path / "tenants"
    shutil.copytree(PROJECT_ROOT / "tenants", folder)
    shutil.copytree(folder / "utrecht", folder / "groningen")
    for what, name, old, new in CHANGES:
        if what in keep:
            continue
        path = folder / "groningen" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"groningen/{name}: {old!r} occurs {text.count(old)} times, not once"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder
