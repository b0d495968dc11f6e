"""Every key a case can hold gets a real label, in each language."""

import dataclasses
import re

import pytest

from portal.applications.library import QUESTIONS
from portal.backoffice.answers import EXTRA_LABELS, answer_sections, label_for
from portal.i18n import load_catalogs, use_locale
from portal.rules.situation import Situation
from portal.settings import PROJECT_ROOT

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
KEYS = sorted(set(QUESTIONS) | {f.name for f in dataclasses.fields(Situation)} | set(EXTRA_LABELS)
              | {"child_1_name", "child_3_bsn", "child_12_birth_date"})

SAME_IN_DUTCH = {"Postcode"}


@pytest.fixture(autouse=True, scope="module")
def catalogs():
    load_catalogs(PROJECT_ROOT / "locales")


@pytest.mark.parametrize("locale", ["nl", "en", "ar"])
def test_every_known_key_has_a_label(locale):
    with use_locale(locale):
        labels = {key: label_for(key) for key in KEYS}
    assert {key: label for key, label in labels.items() if SNAKE.search(label)} == {}
    if locale != "en":  # translated, not the English msgid (Dutch writes "Postcode" alike)
        with use_locale("en"):
            english = {key: label_for(key) for key in KEYS}
        assert [k for k in KEYS if labels[k] == english[k] and labels[k] not in SAME_IN_DUTCH] == []


def test_frozen_rows_keep_a_tenants_own_label_and_loose_keys_are_shown_too():
    answers = {"sections": [{"title": "Uw situatie", "rows": [
        {"key": "income", "label": "Inkomen", "value": "€ 0,00"},
        {"key": "pet_count", "label": "Aantal huisdieren", "value": "2"}]}],
        "search_period_until": "2026-04-01", "situation": {"income": "0.00"}, "answers": {"income": "0.00"}}
    with use_locale("en"):
        sections = answer_sections(answers)
    # The caseworker's label; the coded amount in the reader's language, from the raw answer.
    assert [(r.label, r.value) for r in sections[0].rows] == [("Net income per month", "€0.00"),
                                                             ("Aantal huisdieren", "2")]
    assert sections[1].title == "Other information"
    assert [(r.label, r.value) for r in sections[1].rows] == [("Search period ends on", "April 1, 2026")]
    assert answer_sections({}) == [] and answer_sections(None) == []


FROZEN = {"sections": [
    {"id": "about_you", "title": "Over u", "rows": [
        {"key": "birth_date", "label": "Uw geboortedatum", "value": "2 maart 1986"},
        {"key": "has_partner", "label": "Hebt u een partner?", "value": "Nee"},
        {"key": "debt_help", "label": "Wilt u hulp bij uw schulden?", "value": "Ja"},
        {"key": "house_number", "label": "Huisnummer", "value": "12 A"}]},
    {"title": "Uw situatie", "rows": [{"key": "child_name__1", "label": "Volledige naam van het kind (kind 1)", "value": "Kees"}]}],
    "answers": {"birth_date": "1986-03-02", "has_partner": "no", "debt_help": "yes", "house_number": "12 A",
                "child_name__1": "Kees"}}


def test_caseworkers_read_third_person_labels_and_coded_values_in_their_language():
    with use_locale("nl"):
        nl = answer_sections(FROZEN)
    assert nl[0].title == "Aanvrager" and nl[0].title_lang is None
    assert [(r.label, r.value) for r in nl[0].rows][:2] == [("Geboortedatum", "2 maart 1986"), ("Heeft een partner", "Nee")]
    assert all(r.label_lang is None and r.value_lang is None for s in nl for r in s.rows)
    with use_locale("en"):
        en = answer_sections(FROZEN)
    rows = {r.label: r for r in en[0].rows}
    assert rows["Date of birth"].value == "March 2, 1986" and rows["Date of birth"].value_lang is None
    assert rows["Has a partner"].value == "No"
    assert rows["Wilt u hulp bij uw schulden?"].label_lang == "nl" and rows["Wilt u hulp bij uw schulden?"].value == "Yes"
    assert rows["House number"].value == "12 A" and rows["House number"].value_lang == "nl"  # free text as frozen
    assert (en[1].title, en[1].title_lang) == ("Uw situatie", "nl")  # a case frozen before section ids
    assert en[1].rows[0].label == "Name of the child (child 1)"
