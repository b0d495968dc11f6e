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
CONTROLS = (*FACETS, "state")  # open/closed/all has no counts
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
              for name in CONTROLS}
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
    expected = {name: "" for name in CONTROLS} | {"q": ""} | chosen
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
    for name in (*FACETS, "q"):  # and back, one filter at a time
        _swap(page, lambda: page.fill("#field-q", "") if name == "q" else page.select_option(f"#field-{name}", ""))
        chosen[name] = ""
        _check(page, chosen)
    for state in ("closed", "all", ""):
        _swap(page, lambda: page.select_option("#field-state", state))
        chosen["state"] = state
        _check(page, chosen)
    assert_page_ok(page, CITIES[slug])
    page.context.close()


def _closed_reference(settings, slug: str) -> str:
    """The reference of a demo case that was decided (and so is closed)."""
    from sqlalchemy import select

    from portal.cases.models import Case
    from tests.helpers.live import in_tenant_session

    async def _find(session) -> str:
        return await session.scalar(select(Case.reference).where(Case.closed.is_(True)).order_by(Case.reference).limit(1))

    return in_tenant_session(settings, slug, _find)


@pytest.mark.parametrize("slug", CITIES)
def test_a_closed_case_is_found_by_its_reference(browser, live_url, live_server, live_settings, slug):
    reference = _closed_reference(live_settings, slug)
    page = _desktop(browser, live_url, live_server)
    login_employee_in_browser(page, slug, "caseworker")
    page.goto(f"/{slug}/backoffice/queue")
    assert reference not in page.locator("#queue-results").inner_text()  # the queue shows open cases
    _swap(page, lambda: page.fill("#field-q", reference))
    _check(page, {"q": reference})
    assert page.locator("#queue-results a.case-ref").all_inner_texts() == [reference]
    assert "Geen (afgesloten)" in page.locator("#queue-results tbody tr").inner_text()
    page.context.close()


def test_the_table_sorts_on_a_column_both_ways_and_filters_keep_the_sort(browser, live_url, live_server):
    page = _desktop(browser, live_url, live_server)
    login_employee_in_browser(page, "amsterdam", "caseworker")
    page.goto("/amsterdam/backoffice/queue")
    assert [h.strip(" ▲▼") for h in page.locator("thead th").all_inner_texts()[:7]] == [
        "Uiterste beslisdatum", "Zaak", "Naam", "Regeling", "Status", "Toegewezen aan", "Van de inwoner"]
    for sort, direction in (("name", "ascending"), ("-name", "descending")):
        page.locator("thead a", has_text="Naam").click()
        page.wait_for_url(f"**/queue?sort={sort}")
        assert page.locator("thead th[aria-sort]").get_attribute("aria-sort") == direction
        names = [n.lower() for n in page.locator("#queue-results .queue-citizen").all_inner_texts()]
        assert names == sorted(names, reverse=sort.startswith("-")) and len(names) > 1
    _swap(page, lambda: page.select_option("#field-scheme", "bijstand"))
    assert dict(parse_qsl(urlsplit(page.url).query)).get("sort") == "-name"
    names = [n.lower() for n in page.locator("#queue-results .queue-citizen").all_inner_texts()]
    assert names == sorted(names, reverse=True)
    assert_page_ok(page, CITIES["amsterdam"])
    page.context.close()


def test_a_senior_assigns_several_cases_at_once_and_a_caseworker_takes_one(browser, live_url, live_server):
    from tests.helpers.auth import demo_employee

    senior = _desktop(browser, live_url, live_server)
    login_employee_in_browser(senior, "amsterdam", "senior")
    senior.goto("/amsterdam/backoffice/queue?assignee=nobody")
    rows = senior.locator("#queue-results tbody tr")
    picked = [rows.nth(n).locator("a.case-ref").inner_text() for n in (0, 1)]
    for n in (0, 1):
        rows.nth(n).locator("input[type=checkbox]").check()
    colleague = demo_employee("amsterdam", "caseworker")
    senior.select_option("#field-bulk_assignee", label=colleague.name)
    senior.get_by_role("button", name="Wijs de gekozen zaken toe").click()
    senior.wait_for_url("**/queue?assignee=nobody&assigned=2#result")
    assert senior.locator("#result").inner_text() == "2 zaken toegewezen."
    assert not set(picked) & set(senior.locator("#queue-results a.case-ref").all_inner_texts())  # no longer nobody's
    assert_page_ok(senior, CITIES["amsterdam"])
    senior.goto(f"/amsterdam/backoffice/queue?q={picked[0]}")
    assert colleague.name in senior.locator("#queue-results tbody tr").inner_text()
    senior.context.close()

    worker = _desktop(browser, live_url, live_server)
    login_employee_in_browser(worker, "amsterdam", "caseworker")
    worker.goto("/amsterdam/backoffice/queue?assignee=nobody")
    assert worker.locator("#queue-results input[type=checkbox]").count() == 0  # several at once: a senior's
    row = worker.locator("#queue-results tbody tr").first
    reference = row.locator("a.case-ref").inner_text()
    row.get_by_role("button", name=f"Neem {reference}").click()
    worker.wait_for_url("**/backoffice/cases/*?done=assign#result")
    assert reference in worker.locator("h1").inner_text()
    assert_page_ok(worker, CITIES["amsterdam"])
    worker.context.close()
