"""Every unit proposes its people (usulan peserta).

BKPSDM schedules a session and opens registration. The Candisari kecamatan operator, on a phone, opens
the 20 JP page, goes to the session's proposal list of people below 20 JP and proposes three of them at
once. The BKPSDM admin accepts two and declines the third with a reason; the operator sees each status.
"""

import datetime
import re
from zoneinfo import ZoneInfo


def today():
    return datetime.datetime.now(ZoneInfo("Asia/Jakarta")).date()


def messages(page):
    return " ".join(page.locator("main .alert").all_inner_texts())


def row_of(page, name):
    return page.locator("main table tbody tr").filter(has_text=name)


def test_a_kecamatan_proposes_three_below_20_jp_and_bkpsdm_accepts_two(person):
    # BKPSDM schedules an evening session four weeks ahead and opens registration.
    hr = person()
    hr.login("admin")
    page = hr.go("/pelatihan/jadwal/tambah/")
    page.select_option("#id_course", index=1)
    page.fill("#id_name", "Angkatan Usulan Unit")
    page.select_option("#id_provider", index=1)
    page.fill("#id_venue", "Aula BKPSDM Lantai 3")
    page.fill("#id_capacity", "10")
    page.fill("#id_registration_opens_on", today().isoformat())
    page.fill("#id_registration_closes_on", (today() + datetime.timedelta(days=14)).isoformat())
    page.fill("#id_days-0-date", (today() + datetime.timedelta(days=28)).isoformat())
    page.fill("#id_days-0-starts_at", "19:00")
    page.fill("#id_days-0-ends_at", "21:00")
    unit = page.locator("#id_organiser_unit option", has_text="Badan Kepegawaian").first.get_attribute("value")
    page.select_option("#id_organiser_unit", value=unit)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Angkatan disimpan" in messages(page)
    session = re.sub(r"^https?://[^/]+", "", page.url)
    page.get_by_role("button", name="Pendaftaran dibuka").click()
    page.wait_for_load_state()
    assert "Status angkatan: Pendaftaran dibuka" in messages(page)

    # The kecamatan operator, on a phone, goes from the 20 JP page to the session's proposal list.
    operator = person(phone=True)
    operator.login("operator")
    mine = operator.go("/pelatihan/kepatuhan-jp/")
    option = mine.locator("#nominate-session option", has_text="Angkatan Usulan Unit")
    mine.select_option("#nominate-session", value=option.get_attribute("value"))
    mine.get_by_role("button", name="Buka daftar nominasi").click()
    mine.wait_for_url(re.compile(r"/usulan/\?dari=belum-20-jp"))
    assert mine.get_by_role("link", name="Belum 20 JP").get_attribute("aria-current") == "page"
    operator.look("proposal-below-20-jp-phone")
    rows = mine.locator("main form[method=post] tbody tr")
    chosen = [rows.nth(n).locator("label").inner_text().strip() for n in range(3)]
    for name in chosen:
        mine.get_by_role("checkbox", name=name, exact=True).check()
    mine.get_by_role("button", name="Usulkan yang dipilih").click()
    mine.wait_for_load_state()
    assert "3 pegawai diusulkan" in messages(mine)
    for name in chosen:
        assert row_of(mine, name).locator("td[data-label=Status]").inner_text().startswith("Diusulkan")
    operator.look("proposal-list-proposed-phone")

    # BKPSDM accepts two and declines the third, with the reason.
    page = hr.go(session)
    page.get_by_role("link", name=re.compile("Usulan masuk")).click()
    page.wait_for_load_state()
    hr.look("proposal-review")
    for name in chosen[:2]:
        page.get_by_role("checkbox", name=name, exact=True).check()
    page.get_by_role("button", name="Terima yang dipilih").click()
    page.wait_for_load_state()
    assert "2 usulan diterima" in messages(page)
    declined = row_of(page, chosen[2])
    declined.get_by_role("button", name="Tolak").click()  # no reason yet: refused, nothing changes
    page.wait_for_load_state()
    assert "Tuliskan alasan penolakan usulan." in messages(page)
    declined = row_of(page, chosen[2])
    declined.get_by_label("Alasan penolakan").fill("Belum memenuhi syarat jabatan sasaran")
    declined.get_by_role("button", name="Tolak").click()
    page.wait_for_load_state()
    assert "1 usulan ditolak" in messages(page)

    # The operator sees each status: two accepted and seated, one declined with the reason.
    mine.reload()
    for name in chosen[:2]:
        status = row_of(mine, name).locator("td[data-label=Status]").inner_text()
        assert status.startswith("Diterima") and "Terkonfirmasi" in status
    refused = row_of(mine, chosen[2])
    assert refused.locator("td[data-label=Status]").inner_text().startswith("Ditolak")
    assert "Belum memenuhi syarat jabatan sasaran" in refused.inner_text()
    operator.look("proposal-list-decided-phone")
