"""HR makes a session's paperwork: previews the instructors' assignment letter, takes its number, and
downloads the Word copy to correct before signing; the PDF and the Word copy carry the same number."""

import io

import docx
from pypdf import PdfReader


def test_hr_issues_an_assignment_letter_and_takes_the_word_copy(person, tmp_path):
    hr = person()
    hr.login("admin")
    page = hr.go("/pelatihan/jadwal/1/")
    section = page.locator("#naskah")
    row = section.locator("tr").filter(has_text="Surat tugas pengajar")
    preview = page.request.get(hr.server.url + row.get_by_role("link", name="Pratinjau").get_attribute("href"))
    assert preview.headers["content-type"] == "application/pdf"
    draft = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.body())).pages)
    assert "KONSEP" in draft and "SURAT TUGAS" in draft
    hr.look("session-documents")

    row.get_by_role("button", name="Terbitkan nomor").click()
    page.wait_for_load_state()
    assert "diterbitkan dengan nomor" in page.locator(".alert").first.inner_text()
    number = page.locator("main p strong").first.inner_text()
    assert "/ST-NS/" in number
    hr.look("document-issued", posted=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Word (.docx)").click()
    download.value.save_as(tmp_path / "surat-tugas.docx")
    word = docx.Document(str(tmp_path / "surat-tugas.docx"))
    word_text = "\n".join(p.text for p in word.paragraphs)
    assert f"Nomor : {number}" in word_text
    pdf = page.request.get(hr.server.url + page.get_by_role("link", name="Unduh PDF").get_attribute("href"))
    assert number in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)

    # Back on the session, the letter is listed with its number.
    hr.go("/pelatihan/jadwal/1/")
    assert number in page.locator("#naskah").inner_text()
    hr.sweep()
