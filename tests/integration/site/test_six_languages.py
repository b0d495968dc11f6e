"""The portal speaks six languages: Dutch, English, Arabic, Turkish, Polish and Ukrainian,
in its own texts and in each tenant's."""

from __future__ import annotations

import re
from html import unescape

import pytest

from portal.i18n import LOCALE_NAMES

INTROS = {"tr": "Burada Utrecht Belediyesi'nde", "pl": "Tutaj załatwisz w gminie Utrecht",
          "uk": "Тут ви оформлюєте в муніципалітеті Utrecht"}


async def test_the_switcher_offers_six_languages(client):
    page = await client.get("/utrecht/", expect=200)
    offered = re.findall(r'<a href="/lang/(\w+)\?next=[^"]*" lang="\w+"', page.text)
    assert offered == ["nl", "en", "ar", "tr", "pl", "uk"]
    for name in LOCALE_NAMES.values():
        assert name in page.text


@pytest.mark.parametrize("code", ["tr", "pl", "uk"])
async def test_a_tenant_home_in_turkish_polish_and_ukrainian(client, code):
    await client.get(f"/lang/{code}?next=/utrecht/", expect=302, redirect_to="/utrecht/")
    page = await client.get("/utrecht/", expect=200)
    assert f'<html lang="{code}" dir="ltr">' in page.text
    assert INTROS[code] in unescape(page.text)  # the tenant's own text, translated
    statement = await client.get("/utrecht/accessibility", expect=200)
    assert "WCAG 2.1" in statement.text and f'lang="{code}"' in statement.text


async def test_a_first_visit_in_ukrainian_speaks_ukrainian(client):
    page = await client.get("/rotterdam/", headers={"accept-language": "uk-UA,uk;q=0.9,ru;q=0.8"}, expect=200)
    assert '<html lang="uk" dir="ltr">' in page.text
