"""Signing an issued document (documents/esign.py): the signed PDF is stored with its hash and time,
validates against the throwaway root, and its QR code names the public verification page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from core import signing
from documents import esign
from documents.models import IssuedDocument, SignedCopy
from tests.signing import small_pdf

from .conftest import SIGNATORY


@pytest.fixture(scope="module")
def pdf():
    return small_pdf()


def test_signing_stores_the_signed_file_its_hash_and_time(signing_certificate, document, operator, pdf):
    copy = esign.sign_issued(document, pdf, user=operator)

    copy.refresh_from_db()
    assert copy.document == document and copy.revision == 0
    assert copy.file.name.startswith("documents/") and copy.file.name.endswith(".pdf")
    with copy.file.open("rb") as stored:
        signed = stored.read()
    assert copy.sha256 == esign.sha256(signed) and len(copy.sha256) == 64
    assert copy.signed_at is not None
    assert copy.signatory == SIGNATORY  # the block printed on it, kept with it
    assert copy.level == SignedCopy.Level.BASIC and copy.timestamp_at is None  # no authority configured
    assert document.current_copy() == copy
    result = signing.verify_pdf(signed, trust_roots=[signing_certificate.root])
    assert result.unmodified and result.trusted


def test_signing_a_revision_again_keeps_its_first_copy(signing_certificate, document, operator, pdf):
    """Was: signing again replaced the file. A revision is now signed once (a double submit finds the
    copy made), so the file sent out after the first signing is never orphaned."""
    first = esign.sign_issued(document, pdf, user=operator)

    second = esign.sign_issued(document, pdf, user=operator)

    assert second == first
    assert SignedCopy.objects.filter(document=document).count() == 1
    assert first.file.storage.exists(first.file.name)


def test_a_revision_is_signed_once_and_its_hash_is_whole(signing_certificate, document, operator, pdf):
    copy = esign.sign_issued(document, pdf, user=operator)

    with pytest.raises(IntegrityError), transaction.atomic():
        SignedCopy.objects.create(
            document=document, revision=0, file="documents/x.pdf", sha256="b" * 64, signed_at=copy.signed_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignedCopy.objects.create(
            document=document, revision=1, file="documents/x.pdf", sha256="abc", signed_at=copy.signed_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # B-T without its timestamp
        SignedCopy.objects.create(
            document=document,
            revision=1,
            file="documents/x.pdf",
            sha256="c" * 64,
            signed_at=copy.signed_at,
            level=SignedCopy.Level.TIMESTAMPED,
        )


def test_a_pdf_drawn_before_a_revision_is_not_signed_as_the_new_one(signing_certificate, document, operator, pdf):
    drawn_from = IssuedDocument.objects.get(pk=document.pk)  # the PDF is drawn from revision 0 ...
    document.revision = 1  # ... while the participants' change is saved
    document.save()

    with pytest.raises(signing.SigningError, match="diperbarui saat ditandatangani"):
        esign.sign_issued(drawn_from, pdf, user=operator)
    assert not document.signed_copies.exists()


def test_another_units_operator_may_not_sign(signing_certificate, document, other_unit_operator, pdf):
    with pytest.raises(PermissionDenied):
        esign.sign_issued(document, pdf, user=other_unit_operator)
    assert not document.signed_copies.exists()


def test_without_a_certificate_nothing_is_stored(settings, document, operator, pdf):
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12": ""}

    with pytest.raises(signing.SigningError, match="belum dikonfigurasi"):
        esign.sign_issued(document, pdf, user=operator)
    assert not document.signed_copies.exists()


def test_a_document_without_a_signatorys_name_is_not_signed(signing_certificate, document, operator, pdf):
    document.signatory = {**SIGNATORY, "name": ""}
    document.save()

    with pytest.raises(signing.SigningError, match="penanda tangan"):
        esign.sign_issued(document, pdf, user=operator)


def test_with_a_time_stamping_authority_the_copy_is_b_t_with_its_time(
    signing_certificate, timestamping_authority, document, operator, pdf
):
    copy = esign.sign_issued(document, pdf, user=operator)

    assert copy.level == SignedCopy.Level.TIMESTAMPED
    with copy.file.open("rb") as stored:
        result = signing.verify_pdf(stored.read(), trust_roots=[signing_certificate.root, timestamping_authority.root])
    assert result.unmodified and result.timestamped and result.timestamp_valid
    assert copy.timestamp_at == result.timestamp_at


def test_the_qr_code_names_the_public_page_by_its_token(document, settings):
    settings.ALLOWED_HOSTS = ["bangkom.example.go.id"]
    path = f"/verifikasi/naskah/{document.verification_token}/"
    request = RequestFactory().get("/", HTTP_HOST="bangkom.example.go.id", secure=True)

    assert esign.verification_url(document, request) == f"https://bangkom.example.go.id{path}"
    assert esign.verification_url(document, site="https://bkpsdm.contoh.go.id/") == f"https://bkpsdm.contoh.go.id{path}"
    settings.CSRF_TRUSTED_ORIGINS = ["https://bangkom.contoh.go.id"]
    assert esign.verification_url(document) == f"https://bangkom.contoh.go.id{path}"
    assert esign.verification_qr(document, request).startswith("data:image/svg+xml")


@pytest.mark.django_db(transaction=True)
def test_a_revision_signed_in_a_race_is_one_copy_and_one_file(signing_certificate, document, operator, pdf):
    from core.signing import verify_pdf
    from tests.concurrency import race

    def stored_names():
        from django.core.files.storage import default_storage

        if not default_storage.exists("documents"):
            return set()  # nothing signed yet on this worker's storage
        folders = default_storage.listdir("documents")[0]
        return {name for folder in folders for name in default_storage.listdir(f"documents/{folder}")[1]}

    before = stored_names()

    copies, errors = race(lambda: esign.sign_issued(document, pdf, user=operator), 3)

    assert errors == []
    (copy,) = SignedCopy.objects.filter(document=document)
    assert {made.pk for made in copies} == {copy.pk}
    with copy.file.open("rb") as stored:
        assert verify_pdf(stored.read()).unmodified
    assert stored_names() - before == {copy.file.name.rsplit("/", 1)[1]}  # no orphan file
