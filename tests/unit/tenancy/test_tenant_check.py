"""`portal tenants check`: a broken tenant folder fails with the file and the key."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from portal.cli import main
from portal.settings import PROJECT_ROOT
from portal.tenancy.contrast import contrast_ratio

TENANTS = PROJECT_ROOT / "tenants"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "tenants"
    shutil.copytree(TENANTS, target)
    return target


def _run(folder: Path):
    return CliRunner().invoke(main, ["tenants", "check", "--dir", str(folder)])


def test_the_shipped_tenants_pass():
    result = _run(TENANTS)
    assert result.exit_code == 0, result.output
    assert "4 tenants OK" in result.output


def test_a_missing_key_is_named(tmp_path):
    folder = _copy(tmp_path)
    toml = folder / "utrecht" / "tenant.toml"
    toml.write_text(toml.read_text().replace('cbs_code = "GM0344"\n', ""))
    result = _run(folder)
    assert result.exit_code == 1
    assert "utrecht/tenant.toml: cbs_code: is required but missing" in result.output


def test_a_wrong_type_and_an_unknown_key_are_named(tmp_path):
    # In two files: the check names the first problem of each file (the decoder stops there).
    folder = _copy(tmp_path)
    toml = folder / "amsterdam" / "tenant.toml"
    toml.write_text(toml.read_text().replace('reference_prefix = "AMS"', 'reference_prefix = 12'))
    toml = folder / "utrecht" / "tenant.toml"
    toml.write_text(toml.read_text().replace('reference_prefix = "UTR"', 'reference_prefix = "UTR"\ncolour = "red"'))
    result = _run(folder)
    assert result.exit_code == 1
    assert "amsterdam/tenant.toml: reference_prefix: Expected `str`, got `int`" in result.output
    assert "utrecht/tenant.toml: (top level): Object contains unknown field `colour`" in result.output
    assert "2 problem(s) found" in result.output


def test_low_contrast_colours_are_reported(tmp_path):
    folder = _copy(tmp_path)
    toml = folder / "rotterdam" / "tenant.toml"
    toml.write_text(toml.read_text().replace('link = "#006E32"', 'link = "#99CC99"'))
    result = _run(folder)
    assert result.exit_code == 1
    assert "branding.link #99CC99 on branding.background #FFFFFF" in result.output


def test_an_unknown_scheme_is_refused(tmp_path):
    folder = _copy(tmp_path)
    toml = folder / "den-haag" / "tenant.toml"
    toml.write_text(toml.read_text().replace('id = "inkomenstoeslag"', 'id = "toeslag"'))
    result = _run(folder)
    assert result.exit_code == 1
    assert "schemes[1].id" in result.output


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#FFFFFF"), 2) == 4.54
