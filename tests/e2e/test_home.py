"""Each tenant's home page in Dutch, English and Arabic: its own colours, no axe violations."""

import pytest

from tests.e2e.conftest import assert_page_ok, set_language

TENANTS = {
    "amsterdam": ("Gemeente Amsterdam", "rgb(0, 70, 153)"),
    "rotterdam": ("Gemeente Rotterdam", "rgb(0, 129, 31)"),
    "den-haag": ("Gemeente Den Haag", "rgb(35, 133, 65)"),
    "utrecht": ("Gemeente Utrecht", "rgb(36, 87, 143)"),
}
HEADINGS = {"nl": "Werk en inkomen in", "en": "Work and income in", "ar": "العمل والدخل في"}


@pytest.mark.parametrize("slug", TENANTS)
@pytest.mark.parametrize("locale", ["nl", "en", "ar"])
def test_home_page_in_each_language(page, slug, locale):
    name, primary_rgb = TENANTS[slug]
    set_language(page, locale, f"/{slug}/")
    assert page.locator("html").get_attribute("lang") == locale
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert HEADINGS[locale] in page.locator("h1").inner_text()
    border = page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomColor")
    assert border == primary_rgb
    assert name in page.title()
    assert_page_ok(page, name)


def test_municipality_list_on_desktop(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert page.locator(".card").count() == 4
    assert_page_ok(page)
    page.get_by_role("link", name="Gemeente Utrecht").click()
    assert page.url.endswith("/utrecht/")


def test_usable_at_320_pixels_without_horizontal_scrolling(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/den-haag/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow
