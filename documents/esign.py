"""Electronic signing of issued documents (TTE): sign the rendered PDF with the agency's certificate
(core/signing.py), keep the signed file and its SHA-256, and point the QR code at the public
verification page, where anyone can check the file they received against the one issued."""

import hashlib
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import signing
from training.certificates import qr_data_uri
from training.participation import can_manage

from .models import IssuedDocument


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def sign_issued(document, pdf_bytes, *, user):
    """Sign the PDF of `document` (rendered with its verification QR), store the signed file under a
    generated name with its hash and time, and return the signed bytes. Raises signing.SigningError
    (Indonesian) when signing is not configured or the certificate cannot be opened."""
    if not can_manage(user, document.session):
        raise PermissionDenied
    name = (document.signatory or {}).get("name", "")
    if not name:
        raise signing.SigningError(_("Naskah ini belum memiliki nama penanda tangan."))
    signed = signing.sign_pdf(
        pdf_bytes,
        reason=_("%(kind)s nomor %(number)s") % {"kind": document.get_kind_display(), "number": document.number},
        # Where the document says it was signed (its letterhead's place, snapshotted at issue).
        location=document.signatory.get("place") or settings.BANGKOM["REPORT_PLACE"],
        name=name,
    )
    with transaction.atomic():
        # One signing at a time per document: the second waits, then replaces the first's file.
        IssuedDocument.objects.select_for_update().only("pk").get(pk=document.pk)
        replaced = document.signed_file.name  # signed again: the page verifies the newest file only
        document.signed_file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(signed), save=False)
        document.signed_sha256 = sha256(signed)
        document.signed_at = timezone.now()
        document.save(update_fields=["signed_file", "signed_sha256", "signed_at", "updated_at"])
        if replaced:
            storage = document.signed_file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return signed


def verification_path(document):
    return reverse("document_verification:document_verify", args=[document.verification_token])


def verification_url(document, request=None, *, site=""):
    """The absolute address of the public verification page, for the QR code: from the request that
    renders the PDF, or from `site` (a background job passes the address along as text), else from the
    first trusted origin of the settings (production sets it)."""
    path = verification_path(document)
    if request is not None:
        return request.build_absolute_uri(path)
    site = site or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
    return urljoin(site, path) if site else path


def verification_qr(document, request=None, *, site=""):
    """The QR code of the verification page as an SVG data URI, for the PDF's footer."""
    return qr_data_uri(verification_url(document, request, site=site))


@dataclass(frozen=True)
class FileCheck:
    """A file someone received, held against the document as issued."""

    same: bool  # byte for byte the signed file (its SHA-256 equals the one recorded)
    sha256: str
    signature: signing.Verification


def check_file(document, content):
    """Compare `content` (bytes of an uploaded PDF, never stored) with the signed file of `document`."""
    digest = sha256(content)
    return FileCheck(
        same=bool(document.signed_sha256) and digest == document.signed_sha256,
        sha256=digest,
        signature=signing.verify_pdf(content),
    )
