"""BREACH: a compressed page never carries the session's CSRF token as it is, but masked
with a fresh one-time pad per response (portal.web.csrf); every masked form is accepted,
a tampered one is refused."""

from __future__ import annotations

import html
import re

from portal.web.csrf import unmask
from tests.helpers.auth import login_citizen

KEEP_ALIVE = "/amsterdam/session/keep-alive"
_FORM_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
_HEADER_TOKEN = re.compile(r'"x-csrftoken": "([^"]+)"')


async def _tokens(client, path: str) -> tuple[str, str, str]:
    """The header token and the form token of the page, and the body as sent (brotli)."""
    page = await client.get(path, expect=200, headers={"accept-encoding": "br"})
    assert page.headers.get("content-encoding") == "br"  # the case BREACH is about
    form = _FORM_TOKEN.search(page.text)  # the logout form, when logged in
    return (html.unescape(_HEADER_TOKEN.search(page.text).group(1)),
            html.unescape(form.group(1)) if form else "", page.text)


def _tampered(token: str) -> str:
    i = len(token) // 2  # a character of the masked half
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


async def test_every_response_masks_the_session_token_afresh_and_both_are_accepted(client):
    await login_citizen(client, "amsterdam")
    plain = client.cookies.get("csrftoken")
    first_header, first_form, first_body = await _tokens(client, "/amsterdam/mijn")
    second_header, second_form, second_body = await _tokens(client, "/amsterdam/mijn")
    assert first_header != second_header and first_form != second_form
    assert plain not in first_body and plain not in second_body  # the secret itself never repeats
    assert {unmask(t) for t in (first_header, first_form, second_header, second_form)} == {plain}
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": first_header}, expect=200)
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": second_header}, expect=200)
    await client.post(KEEP_ALIVE, data={"_csrf_token": first_form}, expect=200)


async def test_a_tampered_masked_token_is_refused(client):
    await login_citizen(client, "amsterdam")
    header, form, _body = await _tokens(client, "/amsterdam/mijn")
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": _tampered(header)}, expect=403)
    await client.post("/amsterdam/logout", data={"_csrf_token": _tampered(form)}, expect=403)
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": header[:-1]}, expect=403)  # cut short
    await client.get("/amsterdam/mijn", expect=200)  # still logged in: the forged logout did nothing


async def test_anonymous_pages_mask_the_cookie_token_too(client):
    first, _form, _body = await _tokens(client, "/amsterdam/check")
    second, _form, _body = await _tokens(client, "/amsterdam/check")
    plain = client.cookies.get("csrftoken")
    assert first != second and unmask(first) == unmask(second) == plain
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": second}, expect=401)  # passes CSRF, nobody logged in
    await client.post(KEEP_ALIVE, headers={"x-csrftoken": _tampered(second)}, expect=403)


async def test_a_malformed_cookie_is_replaced_not_rendered(client):
    client.cookies.set("csrftoken", "not-a-token", domain="testserver.local")
    page = await client.get("/amsterdam/", expect=200)
    fresh = client.cookies.get("csrftoken")
    assert fresh != "not-a-token" and "not-a-token" not in page.text
    token = html.unescape(_HEADER_TOKEN.search(page.text).group(1))
    assert unmask(token) == fresh
