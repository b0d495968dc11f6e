"""The work queue in a browser with JavaScript on, in each city: filters and search swap
the results in place, and after every swap the controls, the results and the address bar
say the same thing as the page without JavaScript would."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.conftest import assert_page_ok, watch_navigations
from tests.helpers.auth import login_employee_in_browser

pytestmark = pytest.mark.e2e
CITIES = {"amsterdam": "Gemeente Amsterdam", "rotterdam": "Gemeente Rotterdam",
          "den-haag": "Gemeente Den Haag", "utrecht": "Gemeente Utrecht"}
FACETS = ("scheme", "status", "assignee", "deadline", "approval")
COUNT = re.compile(r"\((\d+)\)\s*$")


def _desktop(browser, live_url, app):
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15000)
    watch_navigations(context, app)
    return context.new_page()


def _swap(page, action) -> None:
    """Do `action` and wait until htmx has put the new results (and the filter counts,
    out of band) in place."""
    old = page.locator("#queue-results").element_handle()
    with page.expect_response(lambda r: "/backoffice/queue" in r.url and "hx-request" in r.request.headers):
        action()
    page.wait_for_function("el => !el.isConnected", arg=old)


def _controls(page) -> dict[str, str]:
    """What each filter shows: the value of its selected option (and the search text)."""
    values = {name: page.eval_on_selector(f"#field-{name}", "e => e.options[e.selectedIndex].value")
              for name in FACETS}
    return values | {"q": page.input_value("#field-q")}


def _options(page, name: str) -> dict[str, int]:
    """The options of a filter with the count in their label, e.g. {"bijstand": 14}."""
    labels = page.eval_on_selector_all(f"#field-{name} option", "os => os.map(o => [o.value, o.textContent])")
    return {value: int(COUNT.search(text).group(1)) for value, text in labels}


def _shown(page) -> tuple[str, list[str]]:
    return (page.locator("#queue-count").inner_text(),
            page.locator("#queue-results a.case-ref").all_inner_texts())


def _without_javascript(page) -> tuple[str, list[str]]:
    """The count and references the same address gives as a whole page (no htmx)."""
    html = page.request.get(page.url).text()
    count = re.search(r'id="queue-count">([^<]*)<', html).group(1)
    return count, re.findall(r'class="case-ref" href="[^"]+">([^<]+)<', html)


def _check(page, chosen: dict[str, str]) -> None:
    expected = {name: "" for name in FACETS} | {"q": ""} | chosen
    assert _controls(page) == expected, "the controls show other values than were chosen"
    in_url = {k: v for k, v in parse_qsl(urlsplit(page.url).query) if v}
    assert in_url == {k: v for k, v in chosen.items() if v}, f"the address {page.url} is not the filters"
    assert _shown(page) == _without_javascript(page), "the swapped results differ from the page itself"


@pytest.mark.parametrize("slug", CITIES)
def test_each_filter_and_the_search_in_turn_keep_controls_results_and_address_in_step(
        browser, live_url, live_server, slug):
    page = _desktop(browser, live_url, live_server)
    login_employee_in_browser(page, slug, "senior")
    page.goto(f"/{slug}/backoffice/queue")
    assert_page_ok(page, CITIES[slug])
    chosen: dict[str, str] = {}
    for name in FACETS:
        # The option with the most cases among the others kept, so the next step has some.
        counts = {value: n for value, n in _options(page, name).items() if value}
        value = max(counts, key=counts.get)
        _swap(page, lambda: page.select_option(f"#field-{name}", value))
        chosen[name] = value
        _check(page, chosen)
        # The number the option promised is the number shown.
        assert page.locator("#queue-count").inner_text().split()[0] == str(counts[value])
        if not counts[value]:  # nothing left to narrow: this filter goes back to all
            _swap(page, lambda: page.select_option(f"#field-{name}", ""))
            chosen[name] = ""
            _check(page, chosen)
    surname = page.locator("#queue-results .queue-citizen").first.inner_text().split()[-1]
    _swap(page, lambda: page.fill("#field-q", surname))
    chosen["q"] = surname
    _check(page, chosen)
    assert surname in page.locator("#queue-results .queue-citizen").first.inner_text()
    for name in FACETS:  # and back, one filter at a time
        _swap(page, lambda: page.select_option(f"#field-{name}", ""))
        chosen[name] = ""
        _check(page, chosen)
    assert_page_ok(page, CITIES[slug])
    page.context.close()
