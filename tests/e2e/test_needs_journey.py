"""HR opens a needs-analysis campaign; an ASN fills and submits the self-assessment on a phone; the supervisor
validates it; HR reads the recap and turns the need it shows into an item of next year's plan."""

TITLE = "Analisis kebutuhan Kelurahan Jatingaleh (uji)"
TECHNICAL = "Pelayanan Administrasi Kependudukan"  # the pegawai's technical competency, standard level 2


def choose(page, select, text):
    """Pick the option that reads `text` (unit lists indent their names by depth)."""
    page.select_option(select, page.locator(f"{select} option", has_text=text).first.get_attribute("value"))


def test_a_campaign_goes_from_self_assessment_to_a_plan_item(person):
    hr = person()
    hr.login("admin")
    page = hr.go("/kebutuhan/survei/tambah/")
    page.fill("#id_title", TITLE)
    page.fill("#id_instructions", "Nilailah diri Anda dengan jujur. Atasan langsung akan memvalidasinya.")
    choose(page, "#id_owner_unit", "Pemerintah Kota Semarang")
    choose(page, "#id_target_units", "Kelurahan Jatingaleh")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Survei dibuat sebagai draf" in page.locator("main").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # "Buka survei dan buat penilaian untuk … pegawai?"
    page.get_by_role("button", name="Buka survei").click()
    page.wait_for_load_state()
    assert "Survei dibuka" in page.locator("main").inner_text()
    assert "0 dari" in page.locator("main").inner_text()
    campaign = page.url
    hr.look("needs-campaign")

    asn = person(phone=True)
    phone = asn.login("pegawai")
    phone.click(".navbar-toggler")
    phone.get_by_role("link", name="Penilaian saya").click()
    phone.locator("main a", has_text=TITLE).click()
    phone.wait_for_load_state()
    name = phone.locator("main p.text-body-secondary").first.inner_text().split(" · ")[0]
    asn.look("needs-self-assessment-phone")
    competencies = phone.locator("main fieldset.card:has(input[type=radio])")
    assert competencies.count() > 1
    for number in range(competencies.count()):  # at the standard everywhere…
        competencies.nth(number).locator(".form-check:has(.badge) input[type=radio]").check()
    technical = phone.locator("main fieldset.card", has_text=TECHNICAL)
    technical.get_by_label("Level 1").check()  # …but below it on the technical competency
    phone.locator("#autosave-status", has_text="Draf tersimpan otomatis").wait_for()  # kept while she types
    technical.locator("summary").click()
    technical.locator("textarea").fill("Belum pernah ikut bimtek SIAK versi terbaru.")
    phone.get_by_label("Bimbingan teknis").check()
    phone.get_by_label("Waktu yang Anda minati").select_option(index=2)
    phone.get_by_label("Pelatihan apa yang Anda butuhkan").fill("Bimtek aplikasi SIAK terpusat.")
    phone.once("dialog", lambda dialog: dialog.accept())  # "Kirim penilaian? Setelah dikirim, …"
    phone.get_by_role("button", name="Kirim", exact=True).click()
    phone.wait_for_load_state()
    assert "Penilaian terkirim" in phone.locator("main").inner_text()
    assert "Dikirim" in phone.locator("main .badge").first.inner_text()
    asn.look("needs-assessment-sent-phone")

    supervisor = person()
    desk = supervisor.login("atasan")
    desk.get_by_role("link", name="Validasi", exact=True).click()
    desk.locator("main .list-group a", has_text=TITLE).filter(has_text=name).click()
    desk.wait_for_load_state()
    row = desk.locator("main fieldset", has_text=TECHNICAL)
    assert "penilaian diri 1" in row.inner_text()
    assert row.locator("select option:checked").inner_text().startswith("1")
    assert "bimtek SIAK" in row.inner_text()  # the ASN's comment reaches the supervisor
    supervisor.look("needs-validate")
    row.get_by_label("Catatan").fill("Sesuai pengamatan: perlu bimtek SIAK.")
    desk.get_by_role("button", name="Validasi", exact=True).click()
    desk.wait_for_load_state()
    assert f"Penilaian {name} divalidasi" in desk.locator("main").inner_text()

    page = hr.go(campaign.removeprefix(hr.server.url))
    assert "1 dari" in page.locator("main").inner_text()
    page.get_by_role("link", name="Rekap kebutuhan").click()
    page.wait_for_load_state()
    need = page.locator("main tr", has_text="Kelurahan Jatingaleh").filter(has_text=TECHNICAL)
    assert need.count() == 1 and need.locator("td").nth(3).inner_text().startswith("1 /")
    hr.look("needs-recap")
    need.get_by_role("link", name="Jadikan rencana").click()
    page.wait_for_load_state()
    assert TECHNICAL in page.locator("main").inner_text()
    assert page.input_value("#id_planned_participants") == "1"
    choose(page, "#id_development_form", "Bimbingan teknis")
    page.select_option("#id_quarter", label="Triwulan II")
    page.fill("#id_provider", "BPSDM Provinsi Jawa Tengah")
    page.fill("#id_budget", "1500000")
    title = page.input_value("#id_title")
    hr.look("needs-to-plan")
    page.get_by_role("button", name="Buat butir rencana").click()
    page.wait_for_load_state()
    assert "Butir rencana dibuat dari kebutuhan prioritas" in page.locator("main").inner_text()
    item = page.locator("main tbody tr", has_text=title)
    assert "menjawab kebutuhan Kelurahan Jatingaleh (1 pegawai)" in item.inner_text()
    assert "Triwulan II" in item.inner_text() and "Bimbingan teknis" in item.inner_text()
    hr.look("needs-plan-item")
