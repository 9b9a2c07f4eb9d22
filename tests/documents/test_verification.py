"""The public verification page of a signed document (documents/verification.py): no login, what the
document is and the hash of the file issued, never the people in its annex; a received file uploaded
there is compared with the one issued (and its signature checked), and nothing uploaded is kept."""

import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import esign
from tests.factories import EmployeeFactory
from tests.signing import small_pdf


@pytest.fixture(scope="module")
def pdf():
    return small_pdf()


@pytest.fixture
def signed(signing_certificate, document, operator, pdf):
    """The document signed; its signed bytes."""
    return esign.sign_issued(document, pdf, user=operator)


def url(document):
    return reverse("document_verification:document_verify", args=[document.verification_token])


def upload(client, document, content, name="naskah.pdf", content_type="application/pdf"):
    return client.post(url(document), {"file": SimpleUploadedFile(name, content, content_type=content_type)})


def stored_files(directory=""):
    directories, files = default_storage.listdir(directory)
    found = {f"{directory}{name}" for name in files}
    for sub in directories:
        found |= stored_files(f"{directory}{sub}/")
    return found


def test_anyone_sees_what_the_document_is_and_the_hash_of_the_file_issued(client, document, signed, tree):
    participant = EmployeeFactory(unit=tree.a1, name="Siti Peserta Rahasia")
    document.people = [participant.pk]
    document.save()

    response = client.get(url(document))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Surat tugas peserta" in page
    assert "800.2/7/KEC-A/2026" in page
    assert "5 Desember 2026" in page
    assert "Camat A," in page and "Drs. Budi Santoso, M.Si." in page and "197001011990031001" in page
    assert "ditandatangani secara elektronik" in page and "Ya, pada" in page and " WIB" in page
    assert esign.sha256(signed) in page
    assert "Siti Peserta Rahasia" not in page and participant.nip not in page  # never the annex
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_an_unknown_token_is_404(client, db):
    response = client.get(reverse("document_verification:document_verify", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert "tidak tercatat" in response.content.decode()


def test_the_file_as_issued_is_the_same_and_its_signature_holds(client, document, signed):
    response = upload(client, document, signed)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Berkas sama dengan yang diterbitkan" in page
    assert "Utuh dan sah" in page
    assert "Kepala BKPSDM Uji" in page  # the certificate's name


def test_a_file_with_bytes_appended_is_different(client, document, signed):
    page = upload(client, document, signed + b"\n% catatan tambahan\n").content.decode()

    assert "Berkas berbeda" in page
    assert "Berkas sama" not in page
    assert "diubah setelah ditandatangani" in page


def test_a_file_changed_inside_is_different_and_its_signature_broken(client, document, signed, pdf):
    middle = len(pdf) // 2
    changed = signed[:middle] + bytes([signed[middle] ^ 0x01]) + signed[middle + 1 :]

    page = upload(client, document, changed).content.decode()

    assert "Berkas berbeda" in page
    assert "Tidak utuh" in page


def test_the_unsigned_original_is_different_and_carries_no_signature(client, document, signed, pdf):
    page = upload(client, document, pdf).content.decode()

    assert "Berkas berbeda" in page
    assert "Tidak ada tanda tangan elektronik" in page


def test_a_damaged_signature_is_reported_not_an_error(client, document, signed):
    start = signed.index(b"/Contents <") + 20

    response = upload(client, document, signed[:start] + b"00" * 10 + signed[start + 20 :])

    assert response.status_code == 200
    assert "Berkas rusak" in response.content.decode()


def test_nothing_uploaded_is_stored(client, document, signed):
    before = stored_files()

    upload(client, document, signed)
    upload(client, document, signed + b"%x")

    assert stored_files() == before


def test_only_a_pdf_within_the_size_cap_is_checked(client, document, signed, monkeypatch):
    page = upload(client, document, b"\x89PNG\r\n\x1a\nbukan pdf", name="gambar.png", content_type="image/png")
    assert "Berkas harus berupa PDF" in page.content.decode()

    from documents.verification import CheckFileForm

    monkeypatch.setattr(CheckFileForm, "MAX_BYTES", len(signed) - 1)
    page = upload(client, document, signed).content.decode()
    assert "Berkas terlalu besar" in page
    assert "Berkas sama" not in page


def test_a_document_not_signed_electronically_has_no_file_to_compare(client, document):
    response = client.get(url(document))

    page = response.content.decode()
    assert response.status_code == 200
    assert "tidak ditandatangani secara elektronik" in page
    assert 'type="file"' not in page
    assert client.post(url(document), {}).status_code == 200
