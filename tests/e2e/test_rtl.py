"""Right to left in a real browser: data inside Arabic text keeps its own order ("06
12345678" is not shown as "12345678 06"), and a date and a time are joined with the Arabic
comma (no ",2026")."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.auth.models import Citizen
from portal.cases import actions
from portal.cases.service import open_case
from portal.tenancy.scope import tenant_of
from tests.e2e.conftest import assert_page_ok, set_language
from tests.helpers.auth import demo_people_of, login_citizen_in_browser
from tests.helpers.live import in_tenant_session

pytestmark = pytest.mark.e2e

# The left edges of two parts of the first text node (under `selector`) that holds them.
EDGES = """([selector, first, second]) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(first);
    const then = node.data.indexOf(second, at + first.length);
    if (at < 0 || then < 0) { continue; }
    const edge = (start, end) => { const r = document.createRange(); r.setStart(node, start); r.setEnd(node, end);
                                   return r.getBoundingClientRect().left; };
    return [edge(at, at + first.length), edge(then, then + second.length)];
  }
  return null;
}"""


def test_a_phone_number_example_in_an_arabic_error_reads_left_to_right(page):
    login_citizen_in_browser(page, "den-haag")
    set_language(page, "ar", "/den-haag/apply/bijstand")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/apply/drafts/[0-9a-f-]+$"))
    page.goto(f"{page.url}/section/about_you")
    page.fill("#field-birth_date", "14-05-1990")
    page.fill("#field-email", "e2e@example.org")
    page.fill("#field-phone", "12")
    page.locator("main form button[type=submit]").click()
    page.locator("#error-phone").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    edges = page.evaluate(EDGES, ["#error-phone", "06", "12345678"])
    assert edges is not None, page.locator("#error-phone").inner_text()
    assert edges[0] < edges[1], f"'06' is drawn right of '12345678': {edges}"
    assert_page_ok(page, "Gemeente Den Haag", expect=400)


def test_an_arabic_message_time_uses_the_arabic_comma(page, live_settings):
    person = demo_people_of("utrecht").citizens[0]

    async def make(session):
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == person.bsn))
        case = await open_case(session, tenant=tenant_of(session), scheme="bijzondere-bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        await actions.send_message(session, case, citizen, "سؤال عن طلبي")
        return case.id

    case_id = in_tenant_session(live_settings, "utrecht", make)
    login_citizen_in_browser(page, "utrecht", person.bsn)
    set_language(page, "ar", f"/utrecht/zaken/{case_id}")
    meta = page.locator(".message-meta").first.inner_text()
    assert re.search(r"\d{4}، \d{2}:\d{2}", meta), meta
    assert "," not in meta, meta
    # The year stays with its date: drawn left of the time on a right-to-left line.
    edges = page.evaluate(EDGES, [".message-meta", re.search(r"\d{4}", meta).group(0), re.search(r"\d{2}:\d{2}", meta).group(0)])
    assert edges is not None and edges[0] > edges[1], f"the date and time are out of order: {edges}"
    assert_page_ok(page, "Gemeente Utrecht")
