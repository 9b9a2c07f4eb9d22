"""The JP ledger (LearningRecord) and what is credited to it: completed enrolments, verified claims,
logged mentoring. JP per year is summed in the database."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for

from .jp import credited_jp
from .models import ExternalClaim, LearningRecord

ZERO = Decimal(0)


def credit_enrolment(enrolment):
    session = enrolment.session
    record, _created = LearningRecord.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "employee": enrolment.employee,
            "source": LearningRecord.Source.ENROLMENT,
            "title": session.course.title,
            "development_form": session.course.development_form,
            "organiser": session.provider.name,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "year": session.ends_on.year,
            "jp": session.jp,
            "certificate_number": getattr(getattr(enrolment, "certificate", None), "number", ""),
        },
    )
    return record


def uncredit_enrolment(enrolment):
    LearningRecord.objects.filter(enrolment=enrolment).delete()


def claim_jp(claim):
    return credited_jp(
        claim.development_form,
        days=claim.days,
        sessions=claim.sessions,
        international=claim.is_international,
        program_jp=claim.program_jp,
    )


@transaction.atomic
def review_claim(*, claim, by, verified, note=""):
    claim = ExternalClaim.objects.select_for_update(of=("self",)).select_related("development_form").get(pk=claim.pk)
    if access_for(by).employee_id == claim.employee_id:
        raise PermissionDenied  # nobody verifies their own claim
    if claim.status != ExternalClaim.Status.PENDING:
        raise ValidationError(_("Klaim ini sudah diperiksa."))
    if not verified and not note.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."))
    claim.reviewed_by, claim.reviewed_at, claim.review_note = by, timezone.now(), note
    if verified:
        claim.jp_credited = claim_jp(claim)
        claim.status = ExternalClaim.Status.VERIFIED
        LearningRecord.objects.create(
            employee=claim.employee,
            source=LearningRecord.Source.CLAIM,
            claim=claim,
            title=claim.title,
            development_form=claim.development_form,
            organiser=claim.organiser,
            starts_on=claim.starts_on,
            ends_on=claim.ends_on,
            year=claim.ends_on.year,
            jp=claim.jp_credited,
        )
    else:
        claim.status = ExternalClaim.Status.REJECTED
    claim.save()
    return claim


@transaction.atomic
def log_mentoring(*, mentorship, date, hours, notes, by):
    """Log a mentoring/coaching meeting and credit the mentee by the form's rule."""
    from .models import MentoringLog

    if not mentorship.starts_on <= date <= min(mentorship.ends_on, timezone.localdate()):
        raise ValidationError(_("Tanggal sesi harus dalam periode mentoring dan tidak di masa depan."))
    log = MentoringLog.objects.create(mentorship=mentorship, date=date, hours=hours, notes=notes, logged_by=by)
    jp = credited_jp(mentorship.development_form, sessions=1, days=1, program_jp=hours)
    LearningRecord.objects.create(
        employee=mentorship.mentee,
        source=LearningRecord.Source.MENTORING,
        mentoring_log=log,
        title=_("%(form)s %(competency)s oleh %(mentor)s")
        % {
            "form": mentorship.development_form.name,
            "competency": mentorship.competency.name,
            "mentor": mentorship.mentor.full_name,
        },
        development_form=mentorship.development_form,
        organiser=mentorship.mentor.full_name,
        starts_on=date,
        ends_on=date,
        year=date.year,
        jp=jp,
    )
    return log


def prune_claim_evidence(*, now=None):
    """Delete the evidence files of claims decided more than BANGKOM["EVIDENCE_RETENTION_YEARS"] ago
    (a scan of a certificate is personal data, kept only as long as an audit may ask for it). The
    claim and the JP it credited stay. Returns how many files were removed; 0 years keeps them all."""
    years = settings.BANGKOM["EVIDENCE_RETENTION_YEARS"]
    if not years:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=round(365.25 * years))
    removed = 0
    decided = ExternalClaim.objects.exclude(status=ExternalClaim.Status.PENDING).exclude(evidence="")
    for claim in decided.filter(reviewed_at__lt=cutoff).only("pk", "evidence"):
        claim.evidence.delete(save=False)  # the storage's file; a missing file is no error
        ExternalClaim.objects.filter(pk=claim.pk).update(evidence="")
        removed += 1
    return removed


def submit_claim(*, claim, employee):
    """Store an ASN's claim once: the same activity sent again while the first waits (a resend, a
    double tap, parallel sendings) is that first claim, and so is one already verified (its JP is in
    the ledger). A rejected claim may be sent again. Returns (claim, created)."""
    claim.employee = employee
    same = ExternalClaim.objects.filter(
        employee=employee,
        development_form_id=claim.development_form_id,
        title=claim.title,
        starts_on=claim.starts_on,
        ends_on=claim.ends_on,
    )
    verified = same.filter(status=ExternalClaim.Status.VERIFIED).order_by("id").first()
    if verified is not None:
        return verified, False
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        claim.evidence.delete(save=False)  # the copy's file; the first claim keeps its own
        return same.get(status=ExternalClaim.Status.PENDING), False
    return claim, True
