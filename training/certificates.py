"""Certificates (sertifikat/STTPP): numbering in the agency's format, the PDF with a verification QR
code, a ZIP of a session's certificates, and what the public verification page may show."""

import io
import secrets
import zipfile
from urllib.parse import urljoin

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import in_words as terbilang
from core.pdf import render_pdf
from programs.letterheads import letterhead_for
from programs.models import DocumentKind
from programs.signatories import letterhead_and_signature

from .models import Certificate, CertificateSequence, Enrolment, LearningRecord, Session
from .participation import can_manage

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def format_number(seq, issued_on, pattern=None):
    pattern = pattern or settings.BANGKOM["CERTIFICATE_NUMBER_FORMAT"]
    try:
        return pattern.format(
            seq=seq, roman_month=ROMAN_MONTHS[issued_on.month - 1], month=issued_on.month, year=issued_on.year
        )
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(_("Format nomor sertifikat tidak valid: %(pattern)s") % {"pattern": pattern}) from error


def _next_seq(year):
    sequence, _created = CertificateSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def signatory_snapshot(unit, issued_on):
    """The Certificate fields of the signature block of `unit`'s certificates on `issued_on`: its
    configured signatory (programs.signatories), else the settings' name and title."""
    config = settings.BANGKOM
    kop, block = letterhead_and_signature(unit, DocumentKind.CERTIFICATE, on=issued_on)
    place = kop.place
    if block.is_blank:
        return {
            "signatory_name": config["CERTIFICATE_SIGNATORY_NAME"],
            "signatory_title": config["CERTIFICATE_SIGNATORY_TITLE"],
            "signatory_nip": config["CERTIFICATE_SIGNATORY_NIP"],
            "signatory_office_lines": [f"{config['CERTIFICATE_SIGNATORY_TITLE']},"],
            "signatory_pangkat": "",
            "signed_place": place,
        }
    return {
        "signatory_name": block.name[:200],
        "signatory_title": block.office_lines[-1].rstrip(",")[:200],
        "signatory_nip": block.nip.replace(" ", ""),
        "signatory_office_lines": list(block.office_lines),
        "signatory_pangkat": block.pangkat,
        "signed_place": place,
    }


@transaction.atomic
def issue_certificates(*, session, by):
    """Number and issue a certificate for every completed participant that has none yet, signed by the
    organiser unit's certificate signatory of the day (snapshotted on each certificate)."""
    if not can_manage(by, session):
        raise PermissionDenied
    # One issue at a time per session: a double-clicked button waits here, then finds nothing left
    # to number (without the lock both numbered the same participants: a unique-key error).
    Session.objects.select_for_update().only("pk").get(pk=session.pk)
    issued_on = timezone.localdate()
    signatory = signatory_snapshot(session.organiser_unit, issued_on)
    issued = []
    waiting = session.enrolments.filter(status=Enrolment.Status.COMPLETED, certificate__isnull=True).order_by(
        "employee__name", "id"
    )
    for enrolment in waiting:
        certificate = Certificate.objects.create(
            enrolment=enrolment,
            number=format_number(_next_seq(issued_on.year), issued_on),
            issued_on=issued_on,
            jp=session.jp,
            verification_code=secrets.token_hex(8),
            **signatory,
        )
        LearningRecord.objects.filter(enrolment=enrolment).update(certificate_number=certificate.number)
        issued.append(certificate)
    return issued


def site_url(request):
    """The address certificates point their QR codes at, taken from the request that asked for them
    (a background job has no request, so it is passed along as text)."""
    return request.build_absolute_uri("/")


def verification_url(certificate, site):
    return urljoin(site, reverse("training:certificate_verify", args=[certificate.verification_code]))


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def certificate_context(certificate, site, kop=None):
    """What the certificate PDF shows; `kop` (the organiser unit's letterhead) is passed in when many
    certificates of one session are drawn at once."""
    enrolment = certificate.enrolment
    return {
        "kop": kop or letterhead_for(enrolment.session.organiser_unit),
        "certificate": certificate,
        "enrolment": enrolment,
        "session": enrolment.session,
        "employee": enrolment.employee,
        "jp_words": terbilang(certificate.jp),
        "qr": qr_data_uri(verification_url(certificate, site)),
        "printed_at": timezone.localtime(),
        "days": list(enrolment.session.days.all()),
        "instansi_name": settings.BANGKOM["INSTANSI_NAME"],
    }


def certificate_pdf(certificate, site, kop=None):
    return render_pdf("training/pdf/certificate.html", certificate_context(certificate, site, kop))


def session_zip(session, site, progress=None):
    """All certificates of a session as one ZIP (one PDF each); `progress(percent, step)` is told
    after each certificate when it runs in the background."""
    buffer = io.BytesIO()
    certificates = list(
        Certificate.objects.filter(enrolment__session=session, revoked=False)
        .select_related("enrolment__employee", "enrolment__session__course", "enrolment__session__provider")
        .prefetch_related("enrolment__session__days")
        .order_by("number")
    )
    kop = letterhead_for(session.organiser_unit)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(certificates, start=1):
            name = f"{certificate.enrolment.employee.nip}-{certificate.number.replace('/', '-')}.pdf"
            archive.writestr(name, certificate_pdf(certificate, site, kop))
            if progress:
                progress(
                    done * 100 // len(certificates),
                    _("Sertifikat %(done)d dari %(total)d") % {"done": done, "total": len(certificates)},
                )
    return buffer.getvalue(), len(certificates)


def mask_nip(nip):
    """Enough of a NIP to tell people apart on a public page, not enough to reuse it."""
    return f"{nip[:4]}**** ****** * {nip[-3:]}" if len(nip) == 18 else "****"
