"""Signing an issued document (documents/esign.py): the signed PDF is stored with its hash and time,
validates against the throwaway root, and its QR code names the public verification page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core import signing
from documents import esign
from tests.signing import small_pdf

from .conftest import SIGNATORY


@pytest.fixture(scope="module")
def pdf():
    return small_pdf()


def test_signing_stores_the_signed_file_its_hash_and_time(signing_certificate, document, operator, pdf):
    signed = esign.sign_issued(document, pdf, user=operator)

    document.refresh_from_db()
    assert document.signed_file.name.startswith("documents/") and document.signed_file.name.endswith(".pdf")
    with document.signed_file.open("rb") as stored:
        assert stored.read() == signed
    assert document.signed_sha256 == esign.sha256(signed) and len(document.signed_sha256) == 64
    assert document.signed_at is not None
    result = signing.verify_pdf(signed, trust_roots=[signing_certificate.root])
    assert result.unmodified and result.trusted


def test_signing_again_replaces_the_file(
    signing_certificate, document, operator, pdf, django_capture_on_commit_callbacks
):
    esign.sign_issued(document, pdf, user=operator)
    first = document.signed_file.name

    with django_capture_on_commit_callbacks(execute=True):
        second = esign.sign_issued(document, pdf, user=operator)

    document.refresh_from_db()
    assert document.signed_file.name != first
    assert not document.signed_file.storage.exists(first)
    assert document.signed_sha256 == esign.sha256(second)


def test_another_units_operator_may_not_sign(signing_certificate, document, other_unit_operator, pdf):
    with pytest.raises(PermissionDenied):
        esign.sign_issued(document, pdf, user=other_unit_operator)
    document.refresh_from_db()
    assert not document.signed_file and not document.signed_sha256


def test_without_a_certificate_nothing_is_stored(settings, document, operator, pdf):
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12": ""}

    with pytest.raises(signing.SigningError, match="belum dikonfigurasi"):
        esign.sign_issued(document, pdf, user=operator)
    document.refresh_from_db()
    assert not document.signed_file and document.signed_at is None


def test_a_document_without_a_signatorys_name_is_not_signed(signing_certificate, document, operator, pdf):
    document.signatory = {**SIGNATORY, "name": ""}
    document.save()

    with pytest.raises(signing.SigningError, match="penanda tangan"):
        esign.sign_issued(document, pdf, user=operator)


def test_the_qr_code_names_the_public_page_by_its_token(document, settings):
    settings.ALLOWED_HOSTS = ["bangkom.example.go.id"]
    path = f"/verifikasi/naskah/{document.verification_token}/"
    request = RequestFactory().get("/", HTTP_HOST="bangkom.example.go.id", secure=True)

    assert esign.verification_url(document, request) == f"https://bangkom.example.go.id{path}"
    assert esign.verification_url(document, site="https://bkpsdm.contoh.go.id/") == f"https://bkpsdm.contoh.go.id{path}"
    settings.CSRF_TRUSTED_ORIGINS = ["https://bangkom.contoh.go.id"]
    assert esign.verification_url(document) == f"https://bangkom.contoh.go.id{path}"
    assert esign.verification_qr(document, request).startswith("data:image/svg+xml")
