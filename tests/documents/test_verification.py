"""The public verification page of a signed document (documents/verification.py): no login, what the
document is and the hash of the file issued, never the people in its annex; a received file uploaded
there is compared with the one issued (and its signature checked), and nothing uploaded is kept."""

import datetime
import uuid

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.formats import date_time
from core.models import RateLimitHit
from documents import esign, verification
from documents.models import Revision
from tests.factories import EmployeeFactory
from tests.signing import small_pdf


@pytest.fixture(scope="module")
def pdf():
    return small_pdf()


def copy_bytes(copy):
    with copy.file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def signed(signing_certificate, document, operator, pdf):
    """The document signed; its signed bytes."""
    return copy_bytes(esign.sign_issued(document, pdf, user=operator))


def url(document):
    return reverse("document_verification:document_verify", args=[document.verification_token])


def upload(client, document, content, name="naskah.pdf", content_type="application/pdf", **extra):
    return client.post(url(document), {"file": SimpleUploadedFile(name, content, content_type=content_type)}, **extra)


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


def test_the_page_says_the_signature_has_no_trusted_timestamp(client, document, signed):
    page = client.get(url(document)).content.decode()

    assert "PAdES B-B (tanpa cap waktu tepercaya)" in page
    assert "Tidak ada (waktu menurut server Bangkom)" in page
    assert "Tanpa cap waktu tepercaya" in upload(client, document, signed).content.decode()


def test_a_timestamped_copy_shows_its_level_and_the_authoritys_time(
    client, signing_certificate, timestamping_authority, document, operator, pdf
):
    copy = esign.sign_issued(document, pdf, user=operator)

    page = client.get(url(document)).content.decode()

    assert "PAdES B-T (dengan cap waktu tepercaya)" in page
    assert date_time(copy.timestamp_at) in page
    checked = upload(client, document, copy_bytes(copy)).content.decode()
    assert "Berkas sama dengan yang diterbitkan" in checked
    # The page trusts the roots of the agency's PKCS#12; this authority's root is not among them.
    assert f"Cap waktu: {date_time(copy.timestamp_at)}, tetapi sertifikat otoritas" in checked


# Revising a signed document: the copy already sent out stays genuine, named as the revision it is.
FIRST_SIGNING = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.UTC)  # 09.30 WIB
SECOND_SIGNING = datetime.datetime(2026, 12, 8, 3, 0, tzinfo=datetime.UTC)


def revise(document, by, tree):
    """What issuing.refresh does to a document whose participants changed: the next revision."""
    newcomer = EmployeeFactory(unit=tree.a1, name="Siti Peserta Rahasia")
    document.revision += 1
    document.people = [*document.people, newcomer.pk]
    document.save()
    Revision.objects.create(
        document=document, revision=document.revision, changed_by=by, note=f"Perubahan peserta: ditambah: {newcomer}"
    )
    return newcomer


def test_a_copy_signed_before_a_revision_still_verifies_as_that_revision(
    client, signing_certificate, document, operator, pdf, tree
):
    with time_machine.travel(FIRST_SIGNING, tick=False):
        first = copy_bytes(esign.sign_issued(document, pdf, user=operator))
    newcomer = revise(document, operator, tree)
    with time_machine.travel(SECOND_SIGNING, tick=False):
        second = esign.sign_issued(document, pdf + b"\n", user=operator)

    page = upload(client, document, first).content.decode()

    assert "Berkas berbeda" not in page
    assert "Berkas sama dengan salinan bertanda tangan terbitan awal, ditandatangani 5 Desember 2026" in page
    assert "sudah diganti oleh perubahan ke-1 karena peserta berubah" in page
    assert "Utuh dan sah" in page
    assert second.sha256 in page  # the copy in force is the one the page shows
    assert "Siti Peserta Rahasia" not in page and newcomer.nip not in page  # never the annex, nor the note
    assert "Berkas sama dengan yang diterbitkan" in upload(client, document, copy_bytes(second)).content.decode()


def test_a_revision_not_signed_yet_leaves_the_earlier_copy_verifiable(
    client, signing_certificate, document, operator, pdf, tree
):
    first = copy_bytes(esign.sign_issued(document, pdf, user=operator))
    revise(document, operator, tree)

    page = client.get(url(document)).content.decode()
    assert "perubahan terakhirnya belum ditandatangani" in page
    assert esign.sha256(first) not in page  # the copy in force is not this one

    checked = upload(client, document, first).content.decode()
    assert "Berkas sama dengan salinan bertanda tangan terbitan awal" in checked
    assert "Perubahan terakhir belum ditandatangani secara elektronik" in checked
    assert "Siti Peserta Rahasia" not in checked


# The upload check parses a stranger's PDF: limited per client address, across server processes.
FLOODER, NEIGHBOUR = "203.0.113.9", "198.51.100.23"


def test_a_flood_of_checks_is_refused_before_parsing_and_the_others_still_check(
    client, document, signed, monkeypatch, settings
):
    parsed = []
    real_verify = esign.signing.verify_pdf
    monkeypatch.setattr(esign.signing, "verify_pdf", lambda content: parsed.append(1) or real_verify(content))
    limit = verification.CHECKS_PER_HOUR

    from django.core.cache import cache

    answers = []
    for _number in range(limit + 3):
        cache.clear()  # as if each request reached another worker
        answers.append(upload(client, document, signed, REMOTE_ADDR=FLOODER))

    assert [response.status_code for response in answers] == [200] * limit + [429] * 3
    assert len(parsed) == limit  # the refused ones were never parsed
    refused = answers[-1].content.decode()
    assert "Terlalu banyak pemeriksaan berkas dari alamat Anda" in refused
    assert "Berkas sama" not in refused
    neighbour = upload(client, document, signed, REMOTE_ADDR=NEIGHBOUR)
    assert neighbour.status_code == 200 and "Berkas sama dengan yang diterbitkan" in neighbour.content.decode()
    assert not RateLimitHit.objects.filter(address__contains=FLOODER).exists()  # kept only as a salted hash
    assert client.get(url(document), REMOTE_ADDR=FLOODER).status_code == 200  # reading the page is not limited


def test_the_limit_forgets_after_an_hour(client, document, signed):
    start = datetime.datetime(2026, 12, 5, 2, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _number in range(verification.CHECKS_PER_HOUR + 1):
            last = upload(client, document, signed, REMOTE_ADDR=FLOODER)
    assert last.status_code == 429
    with time_machine.travel(start + datetime.timedelta(hours=1, minutes=1), tick=False):
        again = upload(client, document, signed, REMOTE_ADDR=FLOODER)
    assert again.status_code == 200
    assert RateLimitHit.objects.count() == 1  # the old hits are gone


def test_behind_the_proxy_the_limit_is_per_client_not_per_proxy(client, document, signed, settings):
    settings.BANGKOM_TRUSTED_PROXIES = ["127.0.0.1"]
    behind = {"REMOTE_ADDR": "127.0.0.1"}
    for _number in range(verification.CHECKS_PER_HOUR):
        upload(client, document, signed, HTTP_X_FORWARDED_FOR=FLOODER, **behind)

    assert upload(client, document, signed, HTTP_X_FORWARDED_FOR=FLOODER, **behind).status_code == 429
    # A forged header from the flooder names the flooder all the same (read from the right).
    forged = upload(client, document, signed, HTTP_X_FORWARDED_FOR=f"{NEIGHBOUR}, {FLOODER}", **behind)
    assert forged.status_code == 429
    assert upload(client, document, signed, HTTP_X_FORWARDED_FOR=NEIGHBOUR, **behind).status_code == 200
