from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.rules.cli import rules

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "households"


@pytest.mark.parametrize("name", ["single", "couple", "single-parent", "under-27", "aow-age", "cost-sharer"])
def test_examples_print_json(name):
    path = EXAMPLES / f"{name}.json"
    tenant = json.loads(path.read_text())["municipality"]
    result = CliRunner().invoke(rules, ["evaluate", "--tenant", tenant, "--date", "2026-01-15", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["scheme"] for s in data["schemes"]] == ["bijstand", "inkomenstoeslag", "bijzondere-bijstand", "stadspas"]
    bijstand = data["schemes"][0]
    assert bijstand["outcome"] == "likely"
    assert {"value", "limit", "met"} <= set(bijstand["reasons"][0])


def test_cost_sharer_example_gets_the_cost_sharer_norm():
    result = CliRunner().invoke(
        rules, ["evaluate", "--tenant", "rotterdam", "--date", "2026-01-15", str(EXAMPLES / "cost-sharer.json")]
    )
    income = next(r for r in json.loads(result.output)["schemes"][0]["reasons"] if r["code"] == "income")
    assert income["limit"] == "1001.07"


def test_malformed_field_exits_2_naming_it(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"birth_date": "1985-13-01", "income": "100"}))
    result = CliRunner().invoke(rules, ["evaluate", "--tenant", "utrecht", "--date", "2026-01-15", str(path)])
    assert result.exit_code == 2
    assert "birth_date" in result.output


def test_not_json_exits_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{birth_date: 1985")
    result = CliRunner().invoke(rules, ["evaluate", "--tenant", "utrecht", "--date", "2026-01-15", str(path)])
    assert result.exit_code == 2
    assert "not valid JSON" in result.output


def test_date_before_the_rules_exits_2():
    result = CliRunner().invoke(
        rules, ["evaluate", "--tenant", "amsterdam", "--date", "2020-01-01", str(EXAMPLES / "single.json")]
    )
    assert result.exit_code == 2
    assert "--date" in result.output
