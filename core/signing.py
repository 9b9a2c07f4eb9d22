"""Electronic signatures (TTE) on PDFs: a PAdES signature (ETSI.CAdES.detached) from the agency's
certificate, and the check of a signed file.

The baseline is B-B: the time in the signature is the server's own word. With a time-stamping authority
configured (`BANGKOM["SIGNING_TSA_URL"]`, RFC 3161 over HTTP, with an optional basic-auth user and
password) the signature carries the authority's timestamp token as well: PAdES B-T, a signing time that
a third party vouches for.

The certificate is a PKCS#12 file named by `BANGKOM["SIGNING_P12"]`, its password in
`BANGKOM["SIGNING_P12_PASSWORD"]` (both from the environment). The signature is an incremental update:
the bytes of the unsigned PDF stay as they were, and the signature covers the whole file it ends. The
password is never logged nor put in an error message.

Checking trusts, unless told otherwise, the CA certificates that come with the agency's PKCS#12 (a BSrE
certificate carries its chain), so a file signed with another certificate is intact but not trusted.
"""

import base64
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
from pyhanko.sign.general import find_cms_attribute_iter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "TTE"
TSA_TIMEOUT_SECONDS = 10


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
    timestamped: bool = False  # the signature carries a timestamp token (PAdES B-T)
    timestamp_valid: bool = False  # the token is intact and sound and covers this signature
    timestamp_trusted: bool = False  # the authority's certificate leads to a trusted root
    timestamp_at: object = None  # the time the authority vouches for (a datetime), if any

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


def timestamper():
    """The time-stamping authority's client when one is configured, else None (signing stays B-B). The
    one place the authority is reached from: the tests put their own authority here."""
    url = settings.BANGKOM.get("SIGNING_TSA_URL")
    if not url:
        return None
    user = settings.BANGKOM.get("SIGNING_TSA_USER") or ""
    headers = {}
    if user:  # HTTP basic authentication, written as the header itself (the client's own helper is deprecated)
        login = f"{user}:{settings.BANGKOM.get('SIGNING_TSA_PASSWORD') or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(login).decode("ascii")
    return HTTPTimeStamper(url, timeout=TSA_TIMEOUT_SECONDS, headers=headers)


def sign_pdf(pdf_bytes, *, reason, location, name):
    """The PDF with a PAdES signature of the agency's certificate appended as an incremental update,
    timestamped by the configured authority (B-T) when there is one."""
    signer = _signer()
    stamper = timestamper()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        name=name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    try:
        return signers.sign_pdf(writer, meta, signer=signer, timestamper=stamper).getvalue()
    except TimestampRequestError:
        # Nothing is signed without the timestamp the configuration asks for; the authority's answer
        # (or its address, which may carry a token) stays out of the message.
        raise SigningError(
            _("Layanan cap waktu (TSA) tidak dapat dihubungi atau menolak permintaan; naskah belum ditandatangani.")
        ) from None


def timestamp_of(pdf_bytes):
    """The time in the timestamp token of the last signature of a PDF signed here, None without one.
    Read, not validated (a fresh signature's own record; checking a file is verify_pdf's)."""
    signature = PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_regular_signatures[-1]
    tokens = find_cms_attribute_iter(signature.signer_info["unsigned_attrs"], "signature_time_stamp_token")
    token = next(iter(tokens), None)
    if token is None:
        return None
    return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native


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
    stamp = status.timestamp_validity
    return Verification(
        signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification=level.name if level is not None else "",
        signer_name=status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
        timestamped=stamp is not None,
        timestamp_valid=stamp is not None and stamp.intact and stamp.valid,
        timestamp_trusted=stamp is not None and stamp.trusted,
        timestamp_at=stamp.timestamp if stamp is not None else None,
    )
