"""The check in a browser: follow-up questions appear, the result shows, no axe violations."""

from tests.e2e.conftest import assert_page_ok, set_language


def test_check_from_home_page_to_result(page):
    set_language(page, "en", "/amsterdam/")
    page.get_by_role("link", name="Start the check").first.click()
    assert_page_ok(page, "Gemeente Amsterdam")
    page.get_by_role("link", name="Start the check").click()
    assert_page_ok(page, "Gemeente Amsterdam")
    page.locator("#field-lives_here-1").check()
    page.fill("#field-birth_date", "1985-01-01")
    page.locator("#field-has_partner-1").check()  # yes: htmx reveals the partner question
    page.locator("#field-partner_birth_date").wait_for()
    assert_page_ok(page, "Gemeente Amsterdam")
    page.fill("#field-partner_birth_date", "1986-02-02")
    page.get_by_role("button", name="Continue").click()
    page.fill("#field-children_count", "0")
    page.fill("#field-housemates_27_plus", "0")
    page.get_by_role("button", name="Continue").click()
    page.fill("#field-income", "400")
    page.fill("#field-partner_income", "0")
    page.fill("#field-assets", "100")
    page.fill("#field-debts", "0")
    page.fill("#field-home_equity", "0")
    page.get_by_role("button", name="Continue").click()
    page.locator("#field-in_detention-2").check()
    page.fill("#field-months_low_income", "40")
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "Your result"
    assert page.get_by_role("link", name="Apply for Stadspas").count() == 1
    assert_page_ok(page, "Gemeente Amsterdam")


def test_error_next_to_the_field(page):
    set_language(page, "nl", "/rotterdam/check/about-you")
    page.locator("#field-lives_here-1").check()
    page.fill("#field-birth_date", "31 januari 1985")
    page.locator("#field-has_partner-2").check()
    page.get_by_role("button", name="Verder").click()
    assert "dag-maand-jaar" in page.locator("#error-birth_date").inner_text()
    assert page.locator("#field-has_partner-2").is_checked()
    assert_page_ok(page, "Gemeente Rotterdam", expect=400)  # the page again, with the error
