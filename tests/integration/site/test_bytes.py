"""Pages, CSS and JS go out compressed (brotli, else gzip); static files have content-hashed
names that are cached for a year; a page with its stylesheet stays under 50 KB compressed."""

import hashlib
import re

import brotli
import pytest

from portal.app import STATIC_DIR
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import make_case

CSS = STATIC_DIR / "css" / "portal.css"
HASHED_CSS = f"/static/css/portal.{hashlib.sha256(CSS.read_bytes()).hexdigest()[:10]}.css"


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


async def test_pages_link_static_files_by_content_hash_and_those_are_cached_a_year(client):
    page = await client.get("/amsterdam/", expect=200)
    links = _links(page.text)
    assert HASHED_CSS in links
    assert all(re.search(r"\.[0-9a-f]{10}\.(css|js)$", link) for link in links), links
    for link in links:
        asset = await client.get(link, expect=200)
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (await client.get(HASHED_CSS, expect=200)).content == CSS.read_bytes()


async def test_an_outdated_hash_gets_todays_file_uncached_and_the_plain_name_still_works(client):
    outdated = await client.get("/static/css/portal.0123456789.css", expect=200)
    assert outdated.content == CSS.read_bytes() and outdated.headers["cache-control"] == "no-cache"
    plain = await client.get("/static/css/portal.css", expect=200)
    assert plain.content == CSS.read_bytes() and "immutable" not in plain.headers.get("cache-control", "")
    await client.get("/static/css/nothing.0123456789.css", expect=404)
    await client.get("/static/../portal/app.py", expect=404)


@pytest.mark.parametrize(("accepts", "encoding"), [("br, gzip", "br"), ("gzip", "gzip"), ("identity", None)])
async def test_html_css_and_js_are_compressed_as_the_browser_accepts(client, accepts, encoding):
    page = await client.get("/amsterdam/", expect=200, headers={"accept-encoding": accepts})
    links = _links(page.text)
    for response in [page] + [await client.get(link, expect=200, headers={"accept-encoding": accepts})
                              for link in links]:
        assert response.headers.get("content-encoding") == encoding, response.url
        if encoding:  # a cache keeps the compressed answer apart from the plain one
            assert "accept-encoding" in response.headers["vary"].lower()


async def test_the_biggest_page_with_its_stylesheet_is_under_50_kb_compressed(client, app, database):
    for n in range(50):  # a full page of the work queue: 50 rows
        await make_case(app, database=database, bsn="111222333", name=f"Sanne Jansen {n}")
    await login_employee(client, "amsterdam", "caseworker")
    queue = await client.get("/amsterdam/backoffice/queue", expect=200, headers={"accept-encoding": "br"})
    assert queue.text.count('<tr class="queue-item') == 50
    html = len(brotli.compress(queue.content, quality=4))
    css = len(brotli.compress(CSS.read_bytes(), quality=4))
    assert html + css <= 50_000, (html, css)
