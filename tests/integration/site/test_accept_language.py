"""A first visit speaks the browser's language when the portal has it (Accept-Language);
once the person chooses one with the switcher, that choice wins."""

from __future__ import annotations

import pytest

from portal.web.entry import browser_locale


@pytest.mark.parametrize("header, expected", [
    ("ar-MA,ar;q=0.9,en;q=0.8", "ar"),
    ("de-DE,de;q=0.9,en-GB;q=0.7,nl;q=0.5", "en"),
    ("fr, nl;q=0.1, en;q=0.3", "en"),
    ("en;q=0, nl;q=0.2", "nl"),
    ("de, fr", None),
    ("", None),
    ("en;q=abc, ar", "ar"),
])
def test_the_best_offered_language_of_the_header(header, expected):
    assert browser_locale(header, ("nl", "en", "ar")) == expected


async def test_a_first_visit_honours_accept_language_and_the_switcher_wins_after(client):
    page = await client.get("/amsterdam/", headers={"accept-language": "ar-EG,ar;q=0.9"}, expect=200)
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "Accept-Language" in page.headers["vary"]
    other = await client.get("/amsterdam/", headers={"accept-language": "de-DE,en;q=0.5"}, expect=200)
    assert '<html lang="en" dir="ltr">' in other.text
    await client.get("/lang/nl?next=/amsterdam/", expect=302, redirect_to="/amsterdam/")
    chosen = await client.get("/amsterdam/", headers={"accept-language": "ar-EG,ar;q=0.9"}, expect=200)
    assert '<html lang="nl" dir="ltr">' in chosen.text


async def test_without_a_language_the_portal_has_it_is_dutch(client):
    page = await client.get("/utrecht/", headers={"accept-language": "de-DE,fr;q=0.8"}, expect=200)
    assert '<html lang="nl" dir="ltr">' in page.text
