"""Evaluation and reports: a participant answers the reaction questionnaire on a phone and HR reads the
result; the head of office takes the annual report PDF and the 20-JP Excel list away and both open."""

import datetime
import re
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from pypdf import PdfReader

JAKARTA = ZoneInfo("Asia/Jakarta")
COMMENT = "Praktik langsung di aplikasi sangat membantu; waktunya perlu ditambah."


def choose(page, select, text):
    """Pick the option of `select` whose label contains `text` (unit names come indented by depth)."""
    page.select_option(select, page.locator(f"{select} option", has_text=text).first.get_attribute("value"))


def test_a_participant_answers_the_reaction_questionnaire_on_a_phone_and_hr_sees_the_results(person):
    participant = person(phone=True)
    home = participant.login("pegawai")
    me = home.locator("section[aria-labelledby=me-heading]")
    name, nip = me.locator(".fw-semibold").first.inner_text(), me.locator(".nip").first.inner_text()

    # HR records yesterday's one-day course he sat: the session, his nomination, the roll, the finish.
    hr = person()
    hr.login("admin")
    yesterday = datetime.datetime.now(JAKARTA).date() - datetime.timedelta(days=1)
    page = hr.go("/pelatihan/jadwal/tambah/")
    page.select_option("#id_course", label="Bimbingan Teknis SIPD")
    page.fill("#id_name", "Angkatan Evaluasi E2E")
    page.select_option("#id_provider", label="BKPSDM Kota Semarang")
    choose(page, "#id_organiser_unit", "Badan Kepegawaian")
    page.fill("#id_venue", "Ruang Rapat BKPSDM")
    page.fill("#id_days-0-date", yesterday.isoformat())
    page.fill("#id_days-0-starts_at", "08:00")
    page.fill("#id_days-0-ends_at", "16:00")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Angkatan Evaluasi E2E" in page.locator("h1").inner_text()
    session_url = page.url
    page.get_by_role("button", name="Pendaftaran dibuka").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Nominasikan").click()
    page.fill("input[name=q]", nip)
    page.get_by_role("button", name="Saring").click()
    page.wait_for_load_state()
    page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Nominasikan yang dipilih").click()
    page.wait_for_load_state()
    assert "1 pegawai dinominasikan" in page.locator("main").inner_text()
    page.goto(session_url)
    page.get_by_role("link", name="presensi").click()
    page.get_by_role("button", name="Tandai semua hadir").click()
    page.wait_for_load_state()
    assert "Kehadiran disimpan (1 perubahan)" in page.locator("main").inner_text()
    page.goto(session_url)
    page.get_by_role("button", name="Pendaftaran ditutup").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Peserta", exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())  # "Selesaikan angkatan dan hitung kelulusan?"
    page.get_by_role("button", name="Selesaikan dan hitung kelulusan").click()
    page.wait_for_load_state()
    assert "1 lulus" in page.locator("main").inner_text()

    # ... and attaches the standard reaction questionnaire, anonymous as the form recommends.
    page.goto(session_url)
    page.get_by_role("link", name="lampirkan kuesioner").click()
    page.select_option("#id_purpose", "reaction")
    choose(page, "#id_questionnaire", "Evaluasi penyelenggaraan pelatihan")
    page.get_by_label("Anonim").check()
    page.get_by_role("button", name="Lampirkan").click()
    page.wait_for_load_state()
    results_url = page.url
    assert "0 dari 1 sudah menjawab" in page.locator("main").inner_text()
    assert name in page.locator("main ul").last.inner_text()  # under "Belum menjawab"

    # On his phone the questionnaire is waiting; he answers every question and adds a suggestion.
    page = participant.go("/evaluasi/saya/")
    waiting = page.locator("main .list-group-item", has_text="Bimbingan Teknis SIPD")
    assert "Belum diisi" in waiting.inner_text()
    waiting.click()
    page.wait_for_load_state()
    assert "Evaluasi penyelenggaraan pelatihan" in page.locator("h1").inner_text()
    assert "jawaban Anda tidak dapat dihubungkan dengan nama Anda" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than his phone
    participant.look("questionnaire-phone")
    questions = page.locator("fieldset.question")
    for number in range(questions.count()):
        question = questions.nth(number)
        if question.locator("input[type=radio]").count():
            question.get_by_label("4 — Sangat baik" if number % 3 else "3 — Baik").check()
        else:
            question.locator("textarea").fill(COMMENT)
    assert page.locator("progress.answer-progress").evaluate("bar => bar.value === bar.max")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state()
    assert "Terima kasih!" in page.locator("h1").inner_text()
    participant.look("questionnaire-thanks-phone", posted=True)
    page.get_by_role("link", name="Kuesioner saya").click()
    assert "Sudah diisi" in page.locator("main .list-group-item", has_text="Bimbingan Teknis SIPD").inner_text()

    # HR's results page counts his answer; what he wrote stays hidden until the questionnaire has closed
    # with at least three answers, so nobody can tell it was his.
    page = hr.go(re.sub(r"^https?://[^/]+", "", results_url))
    main = page.locator("main").inner_text()
    assert "1 dari 1 sudah menjawab (100,0%)" in main
    assert "Semua sudah menjawab." in main and name not in main
    assert "hasilnya ditampilkan setelah ditutup dan paling sedikit tiga orang menjawab" in main
    assert COMMENT not in main and "Relevansi materi dengan tugas" not in main
    hr.look("questionnaire-results")


def test_the_head_of_office_downloads_the_annual_report_pdf_and_the_20_jp_excel_list(person, tmp_path):
    head = person()
    page = head.login("pimpinan")
    me = page.locator("section[aria-labelledby=me-heading]")
    name, nip = me.locator(".fw-semibold").first.inner_text(), me.locator(".nip").first.inner_text()
    year = datetime.datetime.now(JAKARTA).year
    assert "Kecamatan Candisari" in page.locator("#staff-heading").inner_text()
    assert f"Ringkasan {year}" in page.locator("#head-heading").inner_text()
    assert page.locator("section[aria-labelledby=head-heading] canvas[data-chart-source]").count() == 2
    # As an ASN himself, his own JP by month is charted too (issue 23: each role's home).
    assert me.locator('canvas[data-chart-source="my-jp-data"]').count() == 1
    head.look("dashboard-pimpinan")

    # The annual report of his kecamatan, built in the background; the job page shows the download.
    page.get_by_role("link", name="Laporan tahunan").click()
    page.wait_for_load_state()
    assert page.locator("#id_year").input_value() == str(year)
    choose(page, "#id_unit", "Kecamatan Candisari")
    head.look("annual-report")
    page.get_by_role("button", name="Buat laporan").click()
    page.wait_for_load_state()
    assert re.search(r"/unduhan/\d+/$", page.url)
    assert f"Laporan tahunan {year}" in page.locator("h1").inner_text()
    download_link = page.get_by_role("link", name="Unduh", exact=True)
    download_link.wait_for(timeout=60_000)  # htmx polls the job until the worker has built the PDF
    assert "Siap diunduh" in page.locator("#job-status").inner_text()
    head.look("annual-report-ready")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = " ".join(" ".join((leaf.extract_text() or "").split()) for leaf in reader.pages)
    assert "PEMERINTAH KOTA SEMARANG" in text and "Kecamatan Candisari" in text  # the cover: instansi, then unit
    assert f"Tahun {year}" in text
    signature = text[text.rindex("Semarang, ") :]  # the last page's signature block: place, date, head, NIP
    assert str(year) in signature and name in signature and f"NIP {nip}" in signature

    # The list of his people still below 20 JP, opened as he would open it in Excel.
    page = head.go("/")
    page.locator("a.stat-tile", has_text="ASN sudah 20 JP").click()
    page.wait_for_load_state()
    assert page.locator("#nominate-form").count() == 0  # nominating is HR's work; he only reads
    head.look("compliance-pimpinan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Daftar di bawah target (Excel)").click()
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    sheet = load_workbook(workbook).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Nama", "Unit kerja") and "Kekurangan" in rows[0]
    assert len(rows) >= 2 and all(re.fullmatch(r"\d{18}", row[0]) for row in rows[1:])
    assert sheet.freeze_panes == "A2"
