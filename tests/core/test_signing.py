"""Electronic signatures (core/signing.py): a PAdES signature from the configured PKCS#12, checked with
pyHanko's validator against a throwaway root; a changed file fails; misconfiguration is a clear error."""

import base64
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core import signing
from tests.signing import make_p12, small_pdf


@pytest.fixture
def certificate(signing_certificate):
    return signing_certificate


@pytest.fixture(scope="module")
def pdf():
    return small_pdf()


def sign(pdf):
    return signing.sign_pdf(pdf, reason="Surat tugas 800.2/1/BKPSDM/2026", location="Semarang", name="Kepala BKPSDM")


def test_a_signed_pdf_carries_a_pades_signature_that_pyhanko_validates(certificate, pdf):
    signed = sign(pdf)

    assert signed.startswith(pdf)  # an incremental update: the unsigned bytes are kept as they were
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_regular_signatures
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.sig_object["/Reason"] == "Surat tugas 800.2/1/BKPSDM/2026"
    assert embedded.sig_object["/Location"] == "Semarang"
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[certificate.root]))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line


def test_verify_pdf_reports_an_intact_trusted_signature_over_the_whole_file(certificate, pdf):
    result = signing.verify_pdf(sign(pdf), trust_roots=[certificate.root])

    assert result.signed and result.intact and result.valid and result.trusted and result.whole_file
    assert result.unmodified
    assert result.signer_name == "Kepala BKPSDM Uji"
    assert result.signed_at is not None


def test_by_default_the_configured_certificates_chain_is_trusted(certificate, pdf):
    assert signing.verify_pdf(sign(pdf)).trusted


def test_a_byte_flipped_inside_the_signed_range_breaks_the_signature(certificate, pdf):
    signed = sign(pdf)
    middle = len(pdf) // 2
    changed = signed[:middle] + bytes([signed[middle] ^ 0x01]) + signed[middle + 1 :]

    result = signing.verify_pdf(changed, trust_roots=[certificate.root])
    assert result.signed and not result.intact
    assert not result.unmodified
    (embedded,) = PdfFileReader(io.BytesIO(changed), strict=False).embedded_regular_signatures
    assert not validate_pdf_signature(embedded, ValidationContext(trust_roots=[certificate.root])).bottom_line


def test_bytes_appended_after_signing_are_seen(certificate, pdf):
    appended = sign(pdf) + b"\n% ditambahkan setelah ditandatangani\n"

    result = signing.verify_pdf(appended, trust_roots=[certificate.root])
    assert result.intact  # the signed part is untouched …
    assert not result.whole_file  # … but the signature no longer covers the file
    assert not result.unmodified


def test_another_root_does_not_trust_the_signature(certificate, pdf, tmp_path):
    stranger = make_p12(tmp_path / "lain.p12", "x", root_name="CA Lain")

    result = signing.verify_pdf(sign(pdf), trust_roots=[stranger.root])
    assert result.intact and result.valid and not result.trusted


def test_an_unsigned_pdf_or_no_pdf_at_all_is_not_signed(certificate, pdf):
    unsigned = signing.verify_pdf(pdf)
    assert not unsigned.signed and not unsigned.damaged
    assert signing.verify_pdf(b"bukan pdf").damaged
    assert signing.verify_pdf(b"%PDF-1.7 sisanya hilang").damaged


def test_a_signature_whose_contents_are_overwritten_is_damaged_not_an_error(certificate, pdf):
    signed = sign(pdf)
    start = signed.index(b"/Contents <") + 20

    result = signing.verify_pdf(signed[:start] + b"00" * 10 + signed[start + 20 :])
    assert result.damaged and not result.unmodified


def test_a_wrong_password_is_a_clear_error_that_does_not_show_the_password(certificate, settings, pdf, caplog):
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12_PASSWORD": "sandi-keliru-123"}

    with pytest.raises(signing.SigningError, match="kata sandi salah") as error:
        sign(pdf)
    assert "sandi-keliru-123" not in str(error.value)
    assert error.value.__cause__ is None
    assert "sandi-keliru-123" not in caplog.text


def test_without_a_certificate_signing_is_not_configured(settings, pdf):
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12": "", "SIGNING_P12_PASSWORD": ""}

    assert not signing.is_configured()
    with pytest.raises(signing.SigningError, match="belum dikonfigurasi"):
        sign(pdf)


def test_a_missing_certificate_file_is_a_clear_error(settings, tmp_path, pdf):
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12": str(tmp_path / "tidak-ada.p12")}

    assert signing.is_configured()
    with pytest.raises(signing.SigningError, match="tidak dapat dibaca"):
        sign(pdf)


def test_with_an_authority_the_signature_carries_a_timestamp_token_pyhanko_validates(
    certificate, timestamping_authority, pdf
):
    signed = sign(pdf)

    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_regular_signatures
    context = ValidationContext(trust_roots=[certificate.root, timestamping_authority.root])
    status = validate_pdf_signature(embedded, context)
    assert status.bottom_line
    stamp = status.timestamp_validity  # PAdES B-T: the authority's token over the signature
    assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    assert signing.timestamp_of(signed) == stamp.timestamp
    result = signing.verify_pdf(signed, trust_roots=[certificate.root, timestamping_authority.root])
    assert result.timestamped and result.timestamp_valid and result.timestamp_trusted
    assert result.timestamp_at == stamp.timestamp
    assert not signing.verify_pdf(signed, trust_roots=[certificate.root]).timestamp_trusted


def test_without_an_authority_the_signature_has_no_timestamp(certificate, pdf):
    signed = sign(pdf)

    assert signing.timestamper() is None
    assert signing.timestamp_of(signed) is None
    result = signing.verify_pdf(signed, trust_roots=[certificate.root])
    assert not result.timestamped and result.timestamp_at is None


def test_a_timestamped_file_changed_after_signing_fails(certificate, timestamping_authority, pdf):
    signed = sign(pdf)
    middle = len(pdf) // 2
    changed = signed[:middle] + bytes([signed[middle] ^ 0x01]) + signed[middle + 1 :]

    result = signing.verify_pdf(changed, trust_roots=[certificate.root, timestamping_authority.root])

    assert not result.unmodified


def test_the_configured_authority_is_reached_over_http_with_its_login(settings):
    settings.BANGKOM = {
        **settings.BANGKOM,
        "SIGNING_TSA_URL": "https://tsa.example.go.id/tsr",
        "SIGNING_TSA_USER": "bangkom",
        "SIGNING_TSA_PASSWORD": "rahasia-tsa",
    }

    stamper = signing.timestamper()

    assert isinstance(stamper, HTTPTimeStamper)
    assert stamper.url == "https://tsa.example.go.id/tsr"
    login = base64.b64encode(b"bangkom:rahasia-tsa").decode()
    assert stamper.request_headers()["Authorization"] == f"Basic {login}"
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_TSA_USER": ""}
    assert "Authorization" not in signing.timestamper().request_headers()


def test_an_authority_that_cannot_be_reached_signs_nothing_and_says_so(certificate, settings, pdf):
    # Nothing listens on port 9 of this machine: the request is refused at once, no network needed.
    settings.BANGKOM = {
        **settings.BANGKOM,
        "SIGNING_TSA_URL": "http://127.0.0.1:9/tsr",
        "SIGNING_TSA_USER": "bangkom",
        "SIGNING_TSA_PASSWORD": "rahasia-tsa",
    }

    with pytest.raises(signing.SigningError, match="cap waktu") as raised:
        sign(pdf)
    assert "rahasia-tsa" not in str(raised.value) and raised.value.__cause__ is None
