"""Electronic signing of issued documents (TTE): sign the rendered PDF with the agency's certificate
(core/signing.py), keep the signed copy of each revision with its SHA-256 (a revision does not void
the copies already sent out), and point the QR code at the public verification page, where anyone can
check the file they received against the copies issued."""

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

from .models import IssuedDocument, SignedCopy


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def sign_issued(document, pdf_bytes, *, user):
    """Sign the PDF of `document`'s revision in force (rendered with its verification QR) and keep it as
    that revision's signed copy, under a generated name, with its hash, time, signature block and level
    (with a trusted timestamp or not). Returns the copy. A revision is signed once: signing it again (a
    double submit) returns the copy already made. Raises signing.SigningError (Indonesian) when signing
    is not configured, the certificate cannot be opened or the time-stamping authority fails."""
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
    # Read back from the file itself: the level and time are what a checker of the copy will find.
    stamped_at = signing.timestamp_of(signed)
    with transaction.atomic():
        # One signing at a time per document: the second waits, then finds the first's copy.
        locked = IssuedDocument.objects.select_for_update().only("pk", "revision").get(pk=document.pk)
        if locked.revision != document.revision:
            # Revised while this PDF was being drawn: it shows the people of a revision no longer in force.
            raise signing.SigningError(_("Naskah diperbarui saat ditandatangani; silakan tandatangani lagi."))
        existing = locked.signed_copies.filter(revision=locked.revision).first()
        if existing is not None:
            return existing
        copy = SignedCopy(
            document=locked,
            revision=locked.revision,
            sha256=sha256(signed),
            signed_at=timezone.now(),
            signatory=document.signatory,
            level=SignedCopy.Level.BASIC if stamped_at is None else SignedCopy.Level.TIMESTAMPED,
            timestamp_at=stamped_at,
        )
        copy.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(signed), save=False)
        try:
            copy.save()
        except Exception:
            copy.file.storage.delete(copy.file.name)  # a copy that is not recorded leaves no file behind
            raise
    return copy


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
    """A file someone received, held against the copies of the document signed electronically."""

    copy: SignedCopy | None  # the signed copy it is byte for byte (same SHA-256), if any
    current: SignedCopy | None  # the copy of the revision in force, if it is signed
    sha256: str
    signature: signing.Verification

    @property
    def same(self):
        """It is the signed copy of the revision in force."""
        return self.copy is not None and self.current is not None and self.copy.pk == self.current.pk

    @property
    def superseded(self):
        """It is a signed copy of an earlier revision: genuine, but replaced since."""
        return self.copy is not None and not self.same

    @property
    def replaced_by(self):
        """The revision that replaced the copy it is (the one after it)."""
        return self.copy.revision + 1 if self.superseded else None


def check_file(document, content, *, current=None):
    """Compare `content` (bytes of an uploaded PDF, never stored) with every signed copy of `document`;
    `current` is its copy in force (as the caller already read it)."""
    digest = sha256(content)
    return FileCheck(
        copy=document.signed_copies.filter(sha256=digest).first(),
        current=current,
        sha256=digest,
        signature=signing.verify_pdf(content),
    )
