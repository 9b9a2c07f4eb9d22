"""Attendance (roster and QR self check-in) and completion at the end of a session."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for
from core.formats import clock_range, long_date

from . import ledger
from .models import Attendance, CheckinCode, Enrolment, EnrolmentEvent, Session

# Participants may check in from a little before the day starts until it ends.
CHECKIN_EARLY_MINUTES = 30
AttendanceStatus = Attendance.Status


def can_manage(user, session):
    access = access_for(user)
    return access.is_admin or access.can_edit_unit(session.organiser_unit)


def roster(day):
    """Confirmed (or already finished) participants with their attendance on `day` (two queries)."""
    enrolments = list(
        day.session.enrolments.filter(status__in=Enrolment.ON_ROSTER)
        .select_related("employee__unit", "employee__position")
        .order_by("employee__name", "id")
    )
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(day=day, enrolment__in=enrolments)}
    return [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


@transaction.atomic
def mark(*, day, statuses, by, method=Attendance.Method.ROSTER):
    """Set attendance for {enrolment id: status} on `day`."""
    if not can_manage(by, day.session):
        raise PermissionDenied
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(day=day, enrolment_id__in=statuses)}
    allowed = set(day.session.enrolments.filter(status=Enrolment.Status.CONFIRMED).values_list("pk", flat=True))
    to_create, to_update = [], []
    for enrolment_id, status in statuses.items():
        if enrolment_id not in allowed or status not in AttendanceStatus.values:
            continue
        record = existing.get(enrolment_id)
        if record is None:
            to_create.append(Attendance(enrolment_id=enrolment_id, day=day, status=status, method=method, marked_by=by))
        elif record.status != status:
            record.status, record.method, record.marked_by = status, method, by
            to_update.append(record)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status", "method", "marked_by"])
    return len(to_create) + len(to_update)


def checkin_code(day):
    code, _created = CheckinCode.objects.get_or_create(day=day, defaults={"token": secrets.token_urlsafe(24)})
    return code


def checkin_window(day):
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(day.date, day.starts_at, tzinfo=zone) - datetime.timedelta(
        minutes=CHECKIN_EARLY_MINUTES
    )
    end = datetime.datetime.combine(day.date, day.ends_at, tzinfo=zone)
    return start, end


@transaction.atomic
def self_checkin(*, token, user, now=None):
    """A participant marks themself present by scanning the day's QR code. Returns the Attendance."""
    code = CheckinCode.objects.select_related("day__session__course").filter(token=token).first()
    if code is None:
        raise ValidationError(_("Kode presensi tidak dikenal."))
    day = code.day
    start, end = checkin_window(day)
    now = now or timezone.now()
    if not start <= now <= end:
        raise ValidationError(
            _("Presensi untuk hari ini hanya dapat dilakukan pada %(date)s pukul %(hours)s.")
            % {"date": long_date(day.date), "hours": clock_range(start, end)}
        )
    employee_id = access_for(user).employee_id
    enrolment = Enrolment.objects.filter(
        session=day.session, employee_id=employee_id or 0, status=Enrolment.Status.CONFIRMED
    ).first()
    if enrolment is None:
        raise ValidationError(_("Anda tidak terdaftar sebagai peserta terkonfirmasi pada kegiatan ini."))
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        day=day,
        defaults={"status": AttendanceStatus.PRESENT, "method": Attendance.Method.QR, "marked_by": user},
    )
    return attendance


def completion_rule(enrolment, day_count, present):
    """True when the attendance and, where the course asks, the post-test are enough."""
    session = enrolment.session
    if day_count == 0:
        return False
    enough = present * 100 >= session.min_attendance_percent * day_count
    if session.course.requires_post_test:
        return enough and enrolment.post_test_passed is True
    return enough


@transaction.atomic
def finish_session(*, session, by):
    """Finish a session: completed / not completed for every confirmed participant, JP credited."""
    from .scheduling import move_session

    session = Session.objects.select_for_update(of=("self",)).select_related("course", "provider").get(pk=session.pk)
    if not can_manage(by, session):
        raise PermissionDenied
    # Walk the status flow so the history shows every step (open -> closed -> running -> finished).
    for step in (Session.Status.CLOSED, Session.Status.RUNNING, Session.Status.FINISHED):
        current = Session.objects.values_list("status", flat=True).get(pk=session.pk)
        if Session(status=current).can_move_to(step):
            move_session(session=session, to=step, by=by)
    if Session.objects.values_list("status", flat=True).get(pk=session.pk) != Session.Status.FINISHED:
        raise ValidationError(_("Angkatan ini tidak dapat diselesaikan dari statusnya sekarang."))
    session.refresh_from_db(fields=["status"])
    day_count = session.days.count()
    present = {}
    for enrolment_id in Attendance.objects.filter(
        enrolment__session=session, status=AttendanceStatus.PRESENT
    ).values_list("enrolment_id", flat=True):
        present[enrolment_id] = present.get(enrolment_id, 0) + 1
    results = {"completed": 0, "not_completed": 0}
    # The ledger reads each participant's certificate number and the session's course and provider:
    # loaded here once, not per participant.
    confirmed = session.enrolments.filter(status=Enrolment.Status.CONFIRMED).select_related("employee", "certificate")
    for enrolment in confirmed:
        enrolment.session = session
        done = completion_rule(enrolment, day_count, present.get(enrolment.pk, 0))
        _set_completion(enrolment, done, by, _("Dihitung saat angkatan selesai"))
        results["completed" if done else "not_completed"] += 1
    return results


def _set_completion(enrolment, done, by, reason):
    to = Enrolment.Status.COMPLETED if done else Enrolment.Status.NOT_COMPLETED
    EnrolmentEvent.objects.create(enrolment=enrolment, from_status=enrolment.status, to_status=to, by=by, reason=reason)
    enrolment.status = to
    enrolment.save(update_fields=["status"])
    if done:
        ledger.credit_enrolment(enrolment)
    else:
        ledger.uncredit_enrolment(enrolment)


@transaction.atomic
def override_completion(*, enrolment, done, by, reason):
    enrolment = Enrolment.objects.select_related("session__course", "session__provider", "employee").get(
        pk=enrolment.pk
    )
    if not can_manage(by, enrolment.session) or access_for(by).employee_id == enrolment.employee_id:
        raise PermissionDenied
    if enrolment.status not in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED):
        raise ValidationError(_("Kelulusan hanya dapat diubah setelah angkatan selesai."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan perubahan kelulusan."))
    _set_completion(enrolment, done, by, reason)
    if hasattr(enrolment, "certificate"):
        # Not completed revokes the certificate; completed again restores it.
        enrolment.certificate.revoked = not done
        enrolment.certificate.save(update_fields=["revoked"])
    return enrolment
