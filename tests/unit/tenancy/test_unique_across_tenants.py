"""`portal tenants check` refuses a tenant that kept another tenant's identifiers: the
login client ids, the CBS code, the case reference prefix and the host names. Each
problem names the file, the key and the tenant that has the value already."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from portal.cli import main
from tests.helpers.fifth_tenant import tenants_with_groningen


def _check(folder):
    return CliRunner().invoke(main, ["tenants", "check", "--dir", str(folder)])


def test_a_fifth_tenant_with_its_own_values_passes(tmp_path):
    result = _check(tenants_with_groningen(tmp_path))
    assert result.exit_code == 0, result.output
    assert "5 tenants OK: amsterdam, den-haag, groningen, rotterdam, utrecht" in result.output


@pytest.mark.parametrize("kept, file, key, value", [
    ("cbs_code", "tenant.toml", "cbs_code", "'GM0344' is also the cbs_code"),
    ("reference_prefix", "tenant.toml", "reference_prefix", "'UTR' is also the reference_prefix"),
    ("hosts", "tenant.toml", "hosts", "'utrecht.localhost' is also a host"),
    ("citizen_client_id", "auth.toml", "citizen.client_id", "'utrecht-digid' (issuer builtin) is also a client_id"),
    ("employee_client_id", "auth.toml", "employee.client_id",
     "'utrecht-medewerkers' (issuer builtin) is also a client_id"),
])
def test_a_copy_that_kept_another_tenants_identifier_is_refused(tmp_path, kept, file, key, value):
    result = _check(tenants_with_groningen(tmp_path, keep={kept}))
    assert result.exit_code == 1
    # Both files are named, each with the other tenant: which one is the copy, the operator knows.
    assert f"groningen/{file}: {key}: {value} of utrecht" in result.output
    assert f"utrecht/{file}: {key}: {value} of groningen" in result.output
    assert "2 problem(s) found" in result.output


def test_one_tenant_using_one_client_id_for_citizens_and_employees_is_refused(tmp_path):
    folder = tenants_with_groningen(tmp_path)
    auth = folder / "groningen" / "auth.toml"
    auth.write_text(auth.read_text().replace('client_id = "groningen-medewerkers"', 'client_id = "groningen-digid"'))
    result = _check(folder)
    assert result.exit_code == 1
    assert ("groningen/auth.toml: employee.client_id: 'groningen-digid' (issuer builtin) is also a client_id of groningen"
            in result.output)
