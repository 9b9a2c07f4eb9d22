"""HR makes a session's paperwork: previews the instructors' assignment letter, takes its number, and
downloads the Word copy to correct before signing; the PDF and the Word copy carry the same number.
HR issues every document of a finished session and signs its decree electronically: the signed PDF
verifies, and the public page its QR code opens names the decree without the participants' NIP."""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import docx
from pypdf import PdfReader

from core.signing import verify_pdf

# A session the demo seeds as finished, with participants and instructors, none of whose documents the
# demo issues (demo/documents.py issues only the first three sessions'); no other journey touches it.
FINISHED_SESSION = "/pelatihan/jadwal/21/"
# Each kind of the session's documents section, by its label, with the mark its number carries
# (documents/texts.py NUMBER_MARKS; the invitation's register has none).
KINDS = {
    "Surat undangan peserta": None,
    "Surat tugas peserta": "ST",
    "Surat tugas pengajar": "ST-NS",
    "Keputusan penetapan peserta": "KEP",
    "Daftar hadir": "DH",
    "Laporan pelaksanaan": "LAP",
}
# An NIP, written whole or as the letters print it (19871013 201312 1 001).
NIP = re.compile(r"(?<!\d)\d{8} ?\d{6} ?\d ?\d{3}(?!\d)")


def nips_in(text):
    return {nip.replace(" ", "") for nip in NIP.findall(text)}


def row_of(section, label):
    """The row of the documents section whose first cell is `label` (two labels start alike)."""
    return section.locator("tbody tr").filter(
        has=section.page.locator("td:first-child", has_text=re.compile(f"^{label}$"))
    )


def verified(pdf, trust_root):
    """core.signing.verify_pdf in a thread of its own: pyHanko's validator runs an event loop, and this
    thread has Playwright's."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(verify_pdf, pdf, trust_roots=[trust_root]).result()


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


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


def test_hr_issues_every_document_of_a_finished_session_and_downloads_the_signed_decree(person, server):
    hr = person()
    hr.login("admin")
    page = hr.go(FINISHED_SESSION)
    assert "Selesai" in page.locator("main").inner_text()
    section = page.locator("#naskah")
    labels = [cell.inner_text().strip() for cell in section.locator("tbody tr td:first-child").all()]
    assert labels == list(KINDS)
    assert section.get_by_role("button", name="Terbitkan nomor").count() == len(KINDS)

    numbers, nips = {}, set()
    for label, mark in KINDS.items():
        row = row_of(section, label)
        preview = page.request.get(hr.server.url + row.get_by_role("link", name="Pratinjau").get_attribute("href"))
        assert preview.status == 200 and preview.headers["content-type"] == "application/pdf", label
        draft = pdf_text(preview.body())
        assert "KONSEP" in draft, label
        if mark == "KEP":
            nips = nips_in(draft)

        row.get_by_role("button", name="Terbitkan nomor").click()
        page.wait_for_load_state()
        assert "diterbitkan dengan nomor" in page.locator(".alert").first.inner_text(), label
        numbers[label] = page.locator("main p strong").first.inner_text()
        if mark == "KEP":
            decree = page.url

        hr.go(FINISHED_SESSION)
        listed = row_of(section, label)
        assert numbers[label] in listed.inner_text(), label
        assert listed.get_by_role("button", name="Terbitkan nomor").count() == 0, label

    assert len(set(numbers.values())) == len(KINDS), numbers
    marks = {mark for mark in KINDS.values() if mark}
    for label, mark in KINDS.items():
        carried = {part for part in numbers[label].split("/") if part in marks}
        assert carried == ({mark} if mark else set()), (label, numbers[label])
    hr.look("session-documents-issued")

    # The decree, signed electronically with the agency's certificate (a throwaway one here).
    page.goto(decree)
    page.get_by_role("button", name="Tandatangani secara elektronik").click()
    page.wait_for_load_state()
    assert "ditandatangani secara elektronik" in page.locator(".alert").first.inner_text()
    assert page.get_by_role("button", name="Tandatangani secara elektronik").count() == 0
    hr.look("decree-signed", posted=True)
    signed = page.request.get(hr.server.url + page.get_by_role("link", name="Unduh PDF").get_attribute("href"))
    assert signed.status == 200 and signed.headers["content-type"] == "application/pdf"
    result = verified(signed.body(), server.certificate.root)
    assert result.signed and result.intact and result.valid and result.trusted and result.whole_file
    text = pdf_text(signed.body())
    assert numbers["Keputusan penetapan peserta"] in text and "KONSEP" not in text
    assert "Dokumen ini ditandatangani secara elektronik" in text
    verification = page.get_by_role("link", name="Halaman verifikasi").get_attribute("href")
    token = re.fullmatch(rf"{re.escape(hr.server.url)}/verifikasi/naskah/([0-9a-f-]{{36}})/", verification)
    assert token, verification
    # The footer names the page the QR code opens (a long address may wrap across lines).
    assert verification in re.sub(r"\s+", "", text)
    # The copy the page lists is the same file.
    copy = page.request.get(hr.server.url + page.get_by_role("link", name="Unduh salinan").get_attribute("href"))
    assert copy.body() == signed.body()

    # Anyone holding the paper opens the page the QR code points to, in a browser of their own.
    stranger = person(phone=True)
    public = stranger.go(verification.removeprefix(hr.server.url))
    assert "/akun/login/" not in public.url
    shown = public.locator("main").inner_text()
    assert "ditandatangani secara elektronik melalui Bangkom" in shown
    assert numbers["Keputusan penetapan peserta"] in shown
    # The signatory's NIP is on the page; no participant's is.
    signer = public.locator("xpath=//main//dt[normalize-space()='Penanda tangan']/following-sibling::dd[1]")
    participants = nips - nips_in(signer.inner_text())
    assert len(participants) >= 5, nips
    assert not participants & nips_in(public.content())
    stranger.look("decree-verification")
