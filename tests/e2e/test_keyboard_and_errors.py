"""Without a mouse, and with mistakes: a user logs in and reaches a page by keyboard alone; a form sent
incomplete says so in words (announced to screen readers), not by a red border alone."""

import re


def tab_to(page, selector, presses=40):
    """Press Tab until `selector` has the focus (as a keyboard user moves through the page)."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_login_and_the_menu_work_from_the_keyboard(person):
    someone = person()
    page = someone.go("/akun/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("operator")
    page.keyboard.press("Tab")
    page.keyboard.type("bangkom-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/akun/login/" not in url)
    page.wait_for_load_state()
    tab_to(page, "a.dropdown-toggle")  # the first menu
    page.keyboard.press("Enter")
    assert page.locator(".dropdown-menu.show").count() == 1
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('dropdown-item')")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)  # the menu's first entry opened


def test_an_incomplete_survey_is_explained_in_words_next_to_each_question(person):
    hr = person()
    hr.login("admin")
    hr.go("/evaluasi/skm/")
    hr.page.locator("main table a").first.click()
    link = hr.page.locator("a[href*='/s/']").first.get_attribute("href")

    citizen = person(phone=True)
    form = citizen.go(re.sub(r"^https?://[^/]+", "", link))
    form.locator("input[name=u1][value='3']").check()
    form.wait_for_timeout(5200)
    form.click("main button[type=submit]")
    form.wait_for_load_state()
    assert "Mohon lengkapi" in form.locator("[role=alert]").inner_text()
    unanswered = form.locator("fieldset.question[aria-describedby]")
    assert unanswered.count() >= 8  # U2..U9 at least, each with its reason in words
    first = unanswered.first
    reason = form.locator("#" + first.get_attribute("aria-describedby")).inner_text()
    assert reason.strip()
    assert form.locator("input[name=u1][value='3']").is_checked()  # nothing typed is lost
    citizen.look("skm-incomplete-phone", posted=True)
