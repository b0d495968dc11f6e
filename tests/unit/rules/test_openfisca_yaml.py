"""Run the OpenFisca YAML tests in tests/rules/ against each tenant's tax-benefit system.

tests/rules/national/ runs against every tenant; tests/rules/<slug>/ against that tenant.
Each YAML test becomes one pytest test, checked the way ``openfisca test`` checks it
(same test builder, simulation builder and ``assert_near``). The last test runs the real
``openfisca test`` command once, so that entry point keeps working too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.tools import assert_near
from openfisca_core.tools.test_runner import build_test

from portal.rules.system import DEFAULT_TENANTS_DIR, build_tenant_system

ROOT = Path(__file__).resolve().parents[3]
YAML_DIR = ROOT / "tests" / "rules"
TENANTS = ["amsterdam", "rotterdam", "den-haag", "utrecht"]


@cache
def system(slug: str):
    return build_tenant_system(DEFAULT_TENANTS_DIR, slug)


def _cases():
    for slug in TENANTS:
        for folder in ("national", slug):
            for path in sorted((YAML_DIR / folder).glob("*.yaml")):
                for index, test in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
                    name = test.get("name", str(index))
                    yield pytest.param(slug, test, id=f"{slug}:{folder}/{path.stem}:{name}")


def _check(simulation, system_, variable, expected, period, margin, relative):
    if isinstance(expected, dict):
        for sub_period, sub_expected in expected.items():
            _check(simulation, system_, variable, sub_expected, sub_period, margin, relative)
        return
    actual = simulation.calculate(variable, period)
    assert_near(actual, expected, margin[variable], f"{variable}@{period}: ", relative[variable])


@pytest.mark.parametrize(("slug", "raw"), list(_cases()))
def test_yaml(slug, raw):
    test = build_test(dict(raw))
    system_ = system(slug)
    builder = SimulationBuilder()
    builder.set_default_period(test.period)
    simulation = builder.build_from_dict(system_, test.input)
    assert test.output, f"test {test.name!r} has no output"
    for variable, expected in test.output.items():
        system_.get_variable(variable, check_existence=True)
        _check(
            simulation, system_, variable, expected, test.period,
            test.absolute_error_margin, test.relative_error_margin,
        )


def test_every_tenant_has_yaml_tests():
    for slug in TENANTS:
        assert list((YAML_DIR / slug).glob("*.yaml")), slug


def test_openfisca_command_runs_the_yaml_tests():
    openfisca = Path(sys.executable).parent / "openfisca"
    env = {**os.environ, "PORTAL_RULES_TENANT": "rotterdam"}
    result = subprocess.run(
        [str(openfisca), "test", "-c", "portal.rules.country", str(YAML_DIR / "national"), str(YAML_DIR / "rotterdam")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
