"""The automatic checks every rendered page must pass (after GOV.UK Notify's admin).

Applied to every HTML response the test client receives (`tests.helpers.client`), and
callable on a browser page (`tests/e2e/conftest.py: assert_page_ok`):
- exactly one <h1>, and the <title> begins with its text (after an "Error: " prefix on
  a page that shows errors), so a screen-reader user hears the same page name twice;
- a <title> naming the tenant on tenant pages, `lang` on <html>;
- every <form> has an action that is a route of the app and a method (GET or POST) that
  route answers; the same for htmx attributes (hx-get, hx-post, ...);
- no untranslated message ids on non-English pages;
- htmx attributes in their data-hx-* form (htmx reads both; only that one is valid HTML);
- no two error messages alike, in the error summary or at the fields: each names its
  question (GOV.UK's error message pattern, WCAG 3.3.1 and 3.3.3);
- the security headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from babel.messages.pofile import read_po

from portal.settings import PROJECT_ROOT

REQUIRED_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")
HTMX_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Target:
    """A URL the page asks the browser to send a request to, and with which method."""

    source: str  # e.g. '<form action>' or 'hx-post'
    method: str
    url: str | None


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.h1_text: list[str] = []
        self.in_h1 = 0
        self.title = ""
        self.lang = None
        self.in_title = False
        self.text: list[str] = []
        self.skip = 0
        self.targets: list[Target] = []
        self.bare_htmx: list[str] = []
        self.summary_items: list[str] = []
        self.field_errors: list[str] = []
        self._summary_depth = 0  # open <div>s since the error summary began (0: outside it)
        self._capture: list[str] | None = None  # the error text being read
        self._capture_tag = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self.h1 += 1
            self.in_h1 += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "html":
            self.lang = attributes.get("lang")
        elif tag in ("script", "style"):
            self.skip += 1
        classes = (attributes.get("class") or "").split()
        if tag == "div" and (self._summary_depth or "error-summary" in classes):
            self._summary_depth += 1
        if self._capture is None and (
            (tag == "li" and self._summary_depth) or (tag == "p" and "error-message" in classes)
        ):
            self._capture, self._capture_tag = [], tag
        if tag == "form":
            method = attributes.get("method")
            self.targets.append(Target("<form>", (method or "").lower(), attributes.get("action")))
        self.bare_htmx += [f"<{tag} {name}>" for name in attributes if name.startswith("hx-")]
        for name, value in attributes.items():
            verb = name.removeprefix("data-").removeprefix("hx-") if name.removeprefix("data-").startswith("hx-") else None
            if verb in HTMX_METHODS:
                self.targets.append(Target(name, verb, value))

    def handle_endtag(self, tag):
        if tag == "div" and self._summary_depth:
            self._summary_depth -= 1
        if self._capture is not None and tag == self._capture_tag:
            text = _squash("".join(self._capture))
            (self.summary_items if tag == "li" else self.field_errors).append(text)
            self._capture = None
        if tag == "title":
            self.in_title = False
        elif tag == "h1" and self.in_h1:
            self.in_h1 -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.text.append(data)
            if self._capture is not None:
                self._capture.append(data)
            if self.in_h1:
                self.h1_text.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class RouteTable:
    """The app's routes as patterns: which paths exist and which methods each answers."""

    _PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
    _TYPES = {
        "str": r"[^/]+",
        "int": r"-?\d+",
        "uuid": r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
        "path": r".*",
    }

    def __init__(self, app):
        self.routes: list[tuple[re.Pattern[str], str, frozenset[str]]] = []
        for route in app.routes:
            methods = getattr(route, "methods", None)
            if not methods:
                continue  # websocket routes: no forms post to them
            pattern, end = "", 0
            for match in self._PARAM.finditer(route.path):
                pattern += re.escape(route.path[end : match.start()]) + f"(?:{self._TYPES.get(match.group(2) or 'str', '[^/]+')})"
                end = match.end()
            pattern += re.escape(route.path[end:])
            self.routes.append((re.compile(pattern + "/?"), route.path, frozenset(m.upper() for m in methods)))

    def methods_for(self, path: str) -> frozenset[str] | None:
        """The methods the route matching `path` answers, or None when no route matches."""
        found: set[str] = set()
        matched = False
        for pattern, _, methods in self.routes:
            if pattern.fullmatch(path):
                matched = True
                found |= methods
        return frozenset(found) if matched else None


def target_problems(targets: list[Target], page_url: str, routes: RouteTable) -> list[str]:
    problems = []
    page = urlsplit(page_url)
    for target in targets:
        where = f"{target.source} {target.method.upper() or '(no method)'} {target.url!r}"
        if target.source == "<form>" and target.method not in ("get", "post"):
            problems.append(f"{where}: a form's method must be GET or POST")
            continue
        if not target.url:
            problems.append(f"{where}: no action (say where the form goes)")
            continue
        resolved = urlsplit(urljoin(page_url, target.url))
        if (resolved.scheme, resolved.netloc) != (page.scheme, page.netloc):
            problems.append(f"{where}: leaves the site")
            continue
        methods = routes.methods_for(resolved.path)
        if methods is None:
            problems.append(f"{where}: no route of the app matches {resolved.path}")
        elif target.method.upper() not in methods:
            problems.append(f"{where}: the route answers only {', '.join(sorted(methods - {'OPTIONS', 'HEAD'}))}")
    return problems


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


@lru_cache(maxsize=1)
def error_prefixes() -> tuple[str, ...]:
    """'Error: ' in every language: GOV.UK's prefix of the title on a page showing errors."""
    words = {"Error"}
    for po_file in (PROJECT_ROOT / "locales").glob("*/LC_MESSAGES/*.po"):
        with po_file.open("rb") as fp:
            for message in read_po(fp):
                if message.id == "Error" and message.string:
                    words.add(message.string)
    return tuple(f"{word}: " for word in sorted(words))


def page_problems(
    html: str,
    headers: dict[str, str],
    tenant_name: str | None = None,
    *,
    routes: RouteTable | None = None,
    url: str | None = None,
) -> list[str]:
    """Everything wrong with one page; `routes` and `url` (the page's address) turn on
    the check of form actions."""
    problems: list[str] = []
    outline = _Outline()
    outline.feed(html)
    title = _squash(outline.title)
    if outline.h1 != 1:
        problems.append(f"expected exactly one <h1>, found {outline.h1}")
    else:
        h1 = _squash("".join(outline.h1_text))  # inline markup adds no space ("Utrecht: …")
        named = next((title[len(p):] for p in error_prefixes() if title.startswith(p)), title)
        if not h1:
            problems.append("empty <h1>")
        elif not named.startswith(h1):
            problems.append(f"<title> {title!r} does not begin with the <h1> {h1!r}")
    if not outline.lang:
        problems.append("<html> has no lang")
    if tenant_name and tenant_name not in title:
        problems.append(f"<title> {title!r} does not name {tenant_name!r}")
    if not title:
        problems.append("empty <title>")
    for header in REQUIRED_HEADERS:
        if header not in {k.lower() for k in headers}:
            problems.append(f"missing header {header}")
    if routes is not None and url is not None:
        problems += target_problems(outline.targets, url, routes)
    if outline.bare_htmx:
        problems.append(f"htmx attributes without data- (not valid HTML): {', '.join(sorted(set(outline.bare_htmx)))}")
    for where, messages in (("error summary", outline.summary_items), ("fields", outline.field_errors)):
        alike = sorted({m for m in messages if messages.count(m) > 1})
        if alike:
            problems.append(f"the same error message twice in the {where} (name the question): {alike!r}")
    if outline.lang and outline.lang != "en":
        text = _squash(" ".join(outline.text))
        for msgid in translated_msgids():
            if msgid in text:
                problems.append(f"untranslated text on a {outline.lang!r} page: {msgid!r}")
    return problems


def tenant_name_for(path: str) -> str | None:
    tenants = _tenants()
    first = path.strip("/").split("/", 1)[0]
    return tenants[first].name if first in tenants else None


@lru_cache(maxsize=1)
def _tenants():
    from portal.domains import load_tenants

    return load_tenants(PROJECT_ROOT / "tenants")


def is_page(response) -> bool:
    """A full HTML page (not an htmx fragment, not a file)."""
    return "text/html" in response.headers.get("content-type", "") and not response.request.headers.get("hx-request")


async def check_response(response, routes: RouteTable) -> None:
    if not is_page(response):
        return
    await response.aread()
    request = response.request
    problems = page_problems(
        response.text, dict(response.headers), tenant_name_for(request.url.path), routes=routes, url=str(request.url)
    )
    assert not problems, f"{request.method} {request.url.path}: " + "; ".join(problems)
