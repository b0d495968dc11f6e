"""`portal tenants check` on process definitions: each kind of error names the file, the
key and the reason; the four cities' definitions pass."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from portal.domains import load_tenants
from portal.processes.definition import ProcessDefinition, check
from portal.settings import PROJECT_ROOT
from portal.tenancy.loader import TenantConfigError, convert

WMO = PROJECT_ROOT / "tenants" / "amsterdam" / "processes" / "wmo.toml"


def wmo() -> dict:
    return tomllib.loads(WMO.read_text())


def errors_of(data: dict) -> list[tuple[str, str]]:
    definition, problems = convert(WMO, data, ProcessDefinition)
    assert definition is not None, problems
    return check(definition)


def test_the_amsterdam_wmo_definition_is_valid():
    assert errors_of(wmo()) == []


def step(data, step_id):
    return next(s for s in data["steps"] if s["id"] == step_id)


def test_a_step_that_cannot_be_reached_is_named():
    data = wmo()
    step(data, "melding")["to"] = ["verslag"]  # skips gesprek: nothing leads there now
    errors = errors_of(data)
    assert ("steps[1].id", "'gesprek' cannot be reached from the start 'melding'") in errors


def test_a_transition_to_an_unknown_step_is_named():
    data = wmo()
    step(data, "gesprek")["to"] = ["huisbezoek"]
    assert ("steps[1].to", "'huisbezoek' is not a step") in errors_of(data)


def test_an_unknown_start_is_named():
    data = wmo()
    data["start"] = "begin"
    assert ("start", "'begin' is not a step") in errors_of(data)


def test_a_term_anchored_to_no_step_is_named():
    data = wmo()
    data["terms"][1]["from"] = "ontvangst"
    assert ("terms[1].from", "the term is anchored to 'ontvangst', which is not a step") in errors_of(data)


def test_a_term_ending_at_no_step_is_named():
    data = wmo()
    data["terms"][2]["until"] = "klaar"
    assert ("terms[2].until", "'klaar' is not a step") in errors_of(data)


def test_a_term_in_an_unknown_unit_is_named():
    data = wmo()
    data["terms"][0]["unit"] = "months"
    assert ("terms[0].unit", "'months' is not one of days, weeks, working_days, years") in errors_of(data)


def test_a_term_without_its_source_is_named():
    data = wmo()
    data["terms"][0]["source"]["article"] = " "
    assert ("terms[0].source.article", "every term names its legal source") in errors_of(data)


def test_a_term_on_a_flag_no_question_sets_is_named():
    data = wmo()
    data["terms"][0]["when"] = "urgent"
    assert ("terms[0].when", "no form question sets the flag 'urgent'") in errors_of(data)


def test_a_missing_form_is_named():
    data = wmo()
    step(data, "aanvraag")["form"] = "aanvraagformulier"
    assert ("steps[3].form", "the form 'aanvraagformulier' is not defined under [[forms]]") in errors_of(data)


def test_a_missing_letter_is_named():
    data = wmo()
    data["decisions"][0]["letter"] = "brief-ja"
    assert ("decisions[0].letter", "the letter 'brief-ja' is not defined under [[letters]]") in errors_of(data)


def test_a_missing_document_and_decision_are_named():
    data = wmo()
    step(data, "verslag")["documents"] = ["rapport"]
    step(data, "besluit")["decisions"] = ["toegekend", "half"]
    errors = errors_of(data)
    assert ("steps[2].documents", "the document 'rapport' is not defined under [[documents]]") in errors
    assert ("steps[4].decisions", "the decision 'half' is not defined under [[decisions]]") in errors


def test_a_process_without_an_end_is_named():
    data = wmo()
    step(data, "besluit")["to"] = ["melding"]
    step(data, "besluit")["decisions"] = []
    assert ("steps", "no step ends the case (a step without `to`)") in errors_of(data)


def test_an_unknown_actor_and_a_double_id_are_named():
    data = wmo()
    step(data, "gesprek")["actor"] = "robot"
    data["letters"][1]["id"] = "toekenning"
    errors = errors_of(data)
    assert ("steps[1].actor", "'robot' is not one of citizen, municipality, partner") in errors
    assert ("letters[1].id", "'toekenning' appears twice") in errors


def test_tenants_check_names_the_file_the_key_and_the_reason(tmp_path: Path):
    shutil.copytree(PROJECT_ROOT / "tenants" / "amsterdam", tmp_path / "amsterdam")
    file = tmp_path / "amsterdam" / "processes" / "wmo.toml"
    file.write_text(file.read_text().replace('letter = "afwijzing"', 'letter = "nee"'))
    with pytest.raises(TenantConfigError) as raised:
        load_tenants(tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        f"{file}: decisions[1].letter: the letter 'nee' is not defined under [[letters]]"
    ]


def test_a_file_of_the_wrong_shape_is_named_too(tmp_path: Path):
    shutil.copytree(PROJECT_ROOT / "tenants" / "amsterdam", tmp_path / "amsterdam")
    file = tmp_path / "amsterdam" / "processes" / "wmo.toml"
    file.write_text(file.read_text().replace("length = 6", 'length = "zes"'))
    with pytest.raises(TenantConfigError) as raised:
        load_tenants(tmp_path)
    (problem,) = raised.value.problems
    assert problem.file == file and problem.key == "terms[1].length" and "int" in problem.reason


def test_every_city_defines_its_processes_and_they_pass():
    tenants = load_tenants(PROJECT_ROOT / "tenants")
    for tenant in tenants.values():
        assert "wmo" in {d.id for d in tenant.section("processes").values()}, tenant.slug
