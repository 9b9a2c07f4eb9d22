"""Issue 23, point 4, as people do it: an ASN sends her self-assessment; her supervisor, on a phone,
returns it with a note; she revises and sends it again; he validates it. HR opens the recap of the
district's campaign on its ranked priorities, reads the heat map in colour, adds a priority to the
plan, sees it marked, and cannot add it a second time."""

import re

CAMPAIGN = "Penilaian kompetensi Kecamatan Candisari"  # the demo's open campaign
DISTRICT = "AKPK Kota Semarang 2027"  # the demo's closed campaign, 2,010 assessments
NOTE = "Level yang Anda pilih belum sesuai uraian perilaku; nilai ulang dengan jujur."


def open_menu(page):
    if page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")


def send_assessment(page, *, revise=False):
    competencies = page.locator("main fieldset.card:has(input[type=radio])")
    assert competencies.count() > 1
    for number in range(competencies.count()):
        competencies.nth(number).locator(".form-check:has(.badge) input[type=radio]").check()
    if revise:
        competencies.first.get_by_label("Level 1").check()
    page.once("dialog", lambda dialog: dialog.accept())  # "Kirim penilaian? …"
    page.get_by_role("button", name="Kirim", exact=True).click()
    page.wait_for_load_state()
    assert "Penilaian terkirim" in page.locator("main").inner_text()


def test_a_returned_assessment_comes_back_revised_and_a_priority_goes_to_the_plan_once(person):
    asn = person(phone=True)
    phone = asn.login("pegawai")
    open_menu(phone)
    phone.get_by_role("link", name="Penilaian saya").click()
    phone.locator("main a", has_text=CAMPAIGN).click()
    phone.wait_for_load_state()
    name = phone.locator("main p.text-body-secondary").first.inner_text().split(" · ")[0]
    send_assessment(phone)

    # The supervisor, on his phone, sends it back with a note instead of validating it.
    supervisor = person(phone=True)
    mobile = supervisor.login("atasan")
    open_menu(mobile)
    mobile.get_by_role("link", name="Validasi", exact=True).click()
    mobile.locator("main .list-group a", has_text=CAMPAIGN).filter(has_text=name).click()
    mobile.wait_for_load_state()
    mobile.get_by_role("button", name="Kembalikan untuk diperbaiki").click()  # without a note first
    mobile.wait_for_load_state()
    assert "Tulis catatan untuk pegawai" in mobile.locator("main").inner_text()
    supervisor.look("needs-return-needs-a-note-phone", posted=True)
    mobile.get_by_label("Catatan untuk pegawai").fill(NOTE)
    mobile.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    mobile.wait_for_load_state()
    main = mobile.locator("main").inner_text()
    assert f"Penilaian {name} dikembalikan" in main
    returned = mobile.locator("#returned a", has_text=name).filter(has_text=CAMPAIGN)
    assert returned.count() == 1 and "nilai ulang" in returned.inner_text()
    supervisor.look("needs-returned-list-phone")

    # The ASN reads the note, revises and sends again.
    phone = asn.go("/kebutuhan/penilaian/")
    mine = phone.locator("main a", has_text=CAMPAIGN)
    assert "Dikembalikan untuk diperbaiki" in mine.inner_text()
    mine.click()
    phone.wait_for_load_state()
    assert NOTE in phone.locator("#returned-note").inner_text()
    asn.look("needs-revise-phone")
    send_assessment(phone, revise=True)

    # Back on the supervisor's list, it waits for validation; he validates it.
    mobile = supervisor.go("/kebutuhan/validasi/")
    assert mobile.locator("#returned a", has_text=name).filter(has_text=CAMPAIGN).count() == 0
    mobile.locator("main .list-group a", has_text=CAMPAIGN).filter(has_text=name).click()
    mobile.wait_for_load_state()
    assert NOTE in mobile.locator("main").inner_text()  # what he asked, beside what came back
    mobile.get_by_role("button", name="Validasi", exact=True).click()
    mobile.wait_for_load_state()
    assert f"Penilaian {name} divalidasi" in mobile.locator("main").inner_text()

    # HR opens the district's recap: the ranked priorities first.
    hr = person()
    page = hr.login("admin")
    page = hr.go("/kebutuhan/survei/")
    page.locator("main a", has_text=DISTRICT).first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Rekap kebutuhan").click()
    page.wait_for_load_state()
    recap = page.url
    rows = page.locator("#priorities tbody tr")
    assert 1 < rows.count() <= 10
    assert page.get_by_role("link", name="Nominasikan").count() == 0
    assert page.locator(".nav-tabs [aria-current=page]").inner_text() == "Prioritas teratas"
    assert page.locator("#id_unit optgroup").count() > 5  # units grouped per OPD and kecamatan
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2500, height
    hr.look("needs-recap-compact")

    page.get_by_role("link", name="Peta panas").click()
    page.wait_for_load_state()
    background = "cells => cells.map(cell => getComputedStyle(cell).backgroundColor)"
    colours = set(page.eval_on_selector_all(".heatmap td", background))
    assert len(colours - {"rgb(255, 255, 255)"}) >= 3, colours  # shaded by value, not all white
    hr.look("needs-recap-heatmap")  # axe's color-contrast holds for every step

    # A priority goes to the plan, is marked, and is not added twice.
    page = hr.go(recap.removeprefix(hr.server.url))
    row = page.locator("#priorities tbody tr").filter(has=page.get_by_role("link", name="Jadikan rencana")).first
    unit, competency = row.locator("td").nth(1).inner_text(), row.locator("td").nth(2).inner_text()
    row.get_by_role("link", name="Jadikan rencana").click()
    page.wait_for_load_state()
    form = page.url
    page.select_option("#id_development_form", label=page.locator("#id_development_form option").nth(1).inner_text())
    title = page.input_value("#id_title")
    page.get_by_role("button", name="Buat butir rencana").click()
    page.wait_for_load_state()
    assert "Butir rencana dibuat dari kebutuhan prioritas" in page.locator("main").inner_text()
    plan = page.url
    page = hr.go(recap.removeprefix(hr.server.url))
    marked = page.locator("#priorities tbody tr").filter(has_text=unit).filter(has_text=competency)
    assert "Dalam rencana" in marked.inner_text() and marked.get_by_role("link", name="Jadikan rencana").count() == 0
    hr.look("needs-recap-marked")
    page = hr.go(form.removeprefix(hr.server.url))  # the form again, by its address
    assert page.url.startswith(recap.split("?")[0])
    assert re.search(r"sudah ada dalam rencana: .+ Tidak ditambahkan lagi", page.locator("main").inner_text())
    page = hr.go(plan.removeprefix(hr.server.url))
    assert page.locator("main tbody tr", has_text=title).count() == 1
