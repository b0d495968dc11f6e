"""Each error message names its question, in the summary and at the field, in every language
(GOV.UK's error message pattern): an empty page lists one different line per question. The
shared page check (tests/pagecheck.py) also fails any page where two messages are alike."""

from __future__ import annotations

from html import unescape
import re

import pytest

from tests.helpers.auth import login_citizen
from tests.integration.applications.flow import post, start
from tests.integration.checks.test_check import _post as check_post


def summary(html: str) -> list[str]:
    block = re.search(r'<div class="error-summary".*?</ul>', html, re.S).group(0)
    return [unescape(re.sub(r"\s+", " ", item).strip()) for item in re.findall(r'<a href="#field-[^"]+">(.*?)</a>', block, re.S)]


def at_field(html: str, name: str) -> str:
    found = re.search(rf'<p class="error-message" id="error-{re.escape(name)}">.*?</span>(.*?)</p>', html, re.S)
    return unescape(found.group(1).strip())


async def test_an_empty_about_you_page_of_the_check_names_each_question(client):
    await client.get("/lang/nl", expect=302, redirect_to="/")
    page = await check_post(client, "amsterdam", "about-you", {"lives_here": "", "birth_date": "", "has_partner": ""},
                            expect=400)
    assert summary(page.text) == [
        "Kies ja of nee: Woont u in deze gemeente?",
        "Vul uw geboortedatum in.",
        "Kies ja of nee: Hebt u een partner?",
    ]
    assert at_field(page.text, "birth_date") == "Vul uw geboortedatum in."


async def test_each_check_step_names_its_questions_when_left_empty(client):
    await client.get("/lang/en", expect=302, redirect_to="/")
    money = await check_post(client, "utrecht", "money", {"income": "", "assets": "x", "debts": "", "home_equity": "-1"},
                             expect=400)
    assert summary(money.text) == [
        "Enter your net income per month.",
        "Enter the amount of your savings and valuables in euros, 0 or more, for example 1234,56.",
        "Enter the amount of your debts.",
        "Enter the value of your home minus the mortgage in euros, 0 or more, for example 1234,56.",
    ]
    children = await check_post(client, "utrecht", "household",
                                {"children_count": "2", "child_1": "", "child_2": "", "housemates_27_plus": ""},
                                expect=400, )
    assert summary(children.text)[:2] == ["Enter the date of birth of child 1.", "Enter the date of birth of child 2."]


@pytest.mark.parametrize("locale, expected", [
    ("nl", ["Vul het bedrag van uw spaargeld en andere bezittingen in euro's in, bijvoorbeeld 1.234,56.",
            "Vul het bedrag van uw schulden in euro's in, bijvoorbeeld 1.234,56.",
            "Vul de waarde van uw eigen huis min de hypotheek in euro's in, bijvoorbeeld 1.234,56."]),
    ("en", ["Enter the amount of your savings and other assets in euros, for example 1.234,56.",
            "Enter the amount of your debts in euros, for example 1.234,56.",
            "Enter the value of your home minus the mortgage in euros, for example 1.234,56."]),
])
async def test_savings_and_debts_name_each_amount(client, locale, expected):
    """"Spaargeld en schulden" with three bad amounts gave "Vul een bedrag in euro's in…" three times."""
    await login_citizen(client, "rotterdam")
    draft = await start(client, "rotterdam")
    await client.get(f"/lang/{locale}", expect=302, redirect_to="/")
    page = await post(client, f"{draft}/section/assets", {"assets": "veel", "debts": "?", "home_equity": "x"}, expect=400)
    assert summary(page.text) == expected
    assert at_field(page.text, "debts") == expected[1]


async def test_an_empty_about_you_page_of_the_application_names_each_question(client):
    await login_citizen(client, "den-haag")
    draft = await start(client, "den-haag")
    await client.get("/lang/nl", expect=302, redirect_to="/")
    page = await post(client, f"{draft}/section/about_you", {"birth_date": "", "email": "", "phone": ""}, expect=400)
    assert summary(page.text) == ["Vul uw geboortedatum in.", "Vul uw e-mailadres in."]
    household = await post(client, f"{draft}/section/household",
                           {"has_partner": "", "children_count": "", "housemates_27_plus": ""}, expect=400)
    assert summary(household.text) == [
        "Kies ja of nee: Hebt u een partner?",
        "Vul het aantal kinderen onder 18 dat bij u woont in.",
        "Vul het aantal andere mensen van 27 jaar of ouder op uw adres in.",
    ]
