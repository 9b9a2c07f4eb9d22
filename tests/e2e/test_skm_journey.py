"""A citizen fills the public SKM form on a phone; the unit's IKM report counts the new answer."""

import re


def respondents(page):
    return int(page.locator(".card-body:has-text('responden') .display-6").inner_text())


def test_a_citizen_answers_on_a_phone_and_the_ikm_report_counts_it(person):
    hr = person()
    hr.login("admin")
    hr.go("/evaluasi/skm/")
    hr.page.locator("main table a").first.click()
    report = hr.look("skm-report")
    before = respondents(report)
    public_link = report.locator("a[href*='/s/']").first.get_attribute("href")

    citizen = person(phone=True)
    form = citizen.go(re.sub(r"^https?://[^/]+", "", public_link))
    citizen.look("skm-public-phone")
    for number in range(1, 10):
        form.locator(f"input[name=u{number}][value='4']").check()
    form.locator("input[name=gender]").first.check()
    form.fill("input[name=age]", "34")
    form.select_option("select[name=education]", index=2)
    form.select_option("select[name=occupation]", index=1)
    form.select_option("select[name=service_type]", index=1)
    form.fill("textarea[name=suggestion]", "Antrean lebih tertib, terima kasih.")
    form.wait_for_timeout(5200)  # a person takes longer than the form's bot threshold to read nine questions
    form.click("main button[type=submit]")
    form.wait_for_load_state()
    assert "terima kasih" in form.locator("main").inner_text().lower()
    citizen.look("skm-thanks-phone", posted=True)

    hr.page.reload()
    assert respondents(hr.page) == before + 1
    assert "Antrean lebih tertib" in hr.page.locator("main").inner_text()
