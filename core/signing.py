"""Electronic signatures (TTE) on PDFs: a PAdES signature (ETSI.CAdES.detached, baseline B-B) from the
agency's certificate, and the check of a signed file.

The certificate is a PKCS#12 file named by `BANGKOM["SIGNING_P12"]`, its password in
`BANGKOM["SIGNING_P12_PASSWORD"]` (both from the environment). The signature is an incremental update:
the bytes of the unsigned PDF stay as they were, and the signature covers the whole file it ends. The
password is never logged nor put in an error message.

Checking trusts, unless told otherwise, the CA certificates that come with the agency's PKCS#12 (a BSrE
certificate carries its chain), so a file signed with another certificate is intact but not trusted.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "TTE"


class SigningError(Exception):
    """Signing cannot be done: no certificate configured, the file is missing or the password wrong."""


@dataclass(frozen=True)
class Verification:
    """What a check of a signed PDF found. `signed` is False for a file with no signature (or one that
    cannot be read as a PDF); the other fields then mean nothing."""

    signed: bool
    damaged: bool = False  # the file, or its signature, could not be read at all
    intact: bool = False  # the signed bytes hash to what the signature says
    valid: bool = False  # the signature is cryptographically sound for the signer's key
    trusted: bool = False  # the signer's certificate leads to a trusted root
    whole_file: bool = False  # the signature covers every byte of the file (nothing added after it)
    modification: str = ""  # pyHanko's modification level after signing ("NONE", "FORM_FILLING", "OTHER"…)
    signer_name: str = ""
    signed_at: object = None  # the signing time the signer reported (a datetime), if any

    @property
    def unmodified(self):
        """Intact, sound and nothing changed or added after the signature."""
        return self.signed and self.intact and self.valid and self.whole_file


def is_configured():
    return bool(settings.BANGKOM.get("SIGNING_P12"))


def _p12_bytes():
    if not is_configured():
        raise SigningError(
            _("Tanda tangan elektronik belum dikonfigurasi: sertifikat instansi (PKCS#12) belum diatur.")
        )
    try:
        return Path(settings.BANGKOM["SIGNING_P12"]).read_bytes()
    except OSError as error:
        raise SigningError(_("Berkas sertifikat tanda tangan elektronik tidak dapat dibaca.")) from error


def _password():
    return (settings.BANGKOM.get("SIGNING_P12_PASSWORD") or "").encode() or None


def _cannot_open():
    return SigningError(_("Sertifikat tanda tangan elektronik tidak dapat dibuka: kata sandi salah atau berkas rusak."))


def _signer():
    data = _p12_bytes()
    try:
        # load_pkcs12_data raises on a wrong password (load_pkcs12 logs a traceback and returns None).
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=_password())
    except ValueError:
        # Not chained to the cause: its message says nothing useful and no secret belongs in a trace.
        raise _cannot_open() from None


def sign_pdf(pdf_bytes, *, reason, location, name):
    """The PDF with a PAdES signature of the agency's certificate appended as an incremental update."""
    signer = _signer()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        name=name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def configured_trust_roots():
    """The CA certificates in the agency's PKCS#12 (its own certificate when it carries none)."""
    try:
        _key, certificate, chain = pkcs12.load_key_and_certificates(_p12_bytes(), _password())
    except ValueError:
        raise _cannot_open() from None
    return [asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)) for cert in (chain or [certificate])]


def verify_pdf(pdf_bytes, trust_roots=None):
    """Check the last signature of a PDF (pyHanko's validator, no network). `trust_roots`: certificates
    (asn1crypto, or DER bytes); by default those of the configured PKCS#12, none when unconfigured."""
    if trust_roots is None:
        try:
            trust_roots = configured_trust_roots() if is_configured() else []
        except SigningError:  # a broken configuration trusts nothing; signing reports it
            trust_roots = []
    # A stranger's bytes (the public page checks uploads) can break the parser in any way: whatever
    # it raises means the file is damaged, never an error page.
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception:  # not a PDF, or one broken past reading
        return Verification(signed=False, damaged=True)
    if not signatures:
        return Verification(signed=False)
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:  # a signature whose CMS or byte range cannot be read
        return Verification(signed=True, damaged=True)
    level = status.modification_level
    return Verification(
        signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification=level.name if level is not None else "",
        signer_name=status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
    )
