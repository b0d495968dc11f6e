"""The automatic checks every rendered page must pass (after GOV.UK Notify's admin).

Applied to every HTML response the test client receives, and callable on a browser
page: exactly one <h1>, a <title> naming the tenant on tenant pages, `lang` on <html>,
no untranslated message ids on non-English pages, the security headers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from portal.settings import PROJECT_ROOT

REQUIRED_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.title = ""
        self.lang = None
        self.in_title = False
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.text.append(data)


@lru_cache(maxsize=1)
def translated_msgids() -> frozenset[str]:
    """English msgids that have a different Dutch translation (so seeing them on a
    Dutch page means a string was not translated)."""
    ids = set()
    for po_file in (PROJECT_ROOT / "locales" / "nl" / "LC_MESSAGES").glob("*.po"):
        with po_file.open("rb") as fp:
            for message in read_po(fp):
                if isinstance(message.id, str) and message.string and message.string != message.id:
                    if len(message.id) >= 12 and "%(" not in message.id and "{" not in message.id:
                        ids.add(message.id)
    return frozenset(ids)


def page_problems(html: str, headers: dict[str, str], tenant_name: str | None = None) -> list[str]:
    problems: list[str] = []
    outline = _Outline()
    outline.feed(html)
    if outline.h1 != 1:
        problems.append(f"expected exactly one <h1>, found {outline.h1}")
    if not outline.lang:
        problems.append("<html> has no lang")
    if tenant_name and tenant_name not in outline.title:
        problems.append(f"<title> {outline.title!r} does not name {tenant_name!r}")
    if not outline.title.strip():
        problems.append("empty <title>")
    for header in REQUIRED_HEADERS:
        if header not in {k.lower() for k in headers}:
            problems.append(f"missing header {header}")
    if outline.lang and outline.lang != "en":
        text = re.sub(r"\s+", " ", " ".join(outline.text))
        for msgid in translated_msgids():
            if msgid in text:
                problems.append(f"untranslated text on a {outline.lang!r} page: {msgid!r}")
    return problems


def _tenant_name_for(path: str) -> str | None:
    from portal.tenancy import load_tenants

    tenants = _tenants()
    first = path.strip("/").split("/", 1)[0]
    return tenants[first].name if first in tenants else None


@lru_cache(maxsize=1)
def _tenants():
    from portal.tenancy import load_tenants

    return load_tenants(PROJECT_ROOT / "tenants")


async def check_response(response) -> None:
    if "text/html" not in response.headers.get("content-type", ""):
        return
    if response.request.headers.get("hx-request"):
        return  # an htmx fragment, not a page
    await response.aread()
    problems = page_problems(response.text, dict(response.headers), _tenant_name_for(response.request.url.path))
    assert not problems, f"{response.request.method} {response.request.url.path}: " + "; ".join(problems)
