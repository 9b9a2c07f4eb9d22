"""Who takes part in a session: requests, approval, seat allocation, waitlist and withdrawal.

Every change that touches seats runs with the session row locked (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's immediate transactions serialise writers), so `capacity` holds under concurrent requests and
the waitlist is served in order. A repeated request returns the enrolment that already exists.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for
from core.formats import long_date

from . import notifications
from .models import Enrolment, EnrolmentEvent, Session, SessionDay

Status = Enrolment.Status


def _lock(session):
    return Session.objects.select_for_update().get(pk=session.pk)


def _move(enrolment, to, by, reason=""):
    """Change the status and write the history row (who, when, from, to, why)."""
    EnrolmentEvent.objects.create(enrolment=enrolment, from_status=enrolment.status, to_status=to, by=by, reason=reason)
    enrolment.status = to
    enrolment.save(update_fields=["status", "waitlisted_at", "reserved_for", "note"])


def conflicting_session(employee, session):
    """Another session the employee is confirmed for whose days overlap this one's, or None."""
    days = list(session.days.all())
    if not days:
        return None
    overlap = Q()
    for day in days:
        overlap |= Q(date=day.date, starts_at__lt=day.ends_at, ends_at__gt=day.starts_at)
    clash = (
        SessionDay.objects.filter(
            overlap, session__enrolments__employee=employee, session__enrolments__status=Status.CONFIRMED
        )
        .exclude(session=session)
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__course")
        .first()
    )
    return clash.session if clash else None


def can_decide(user, enrolment):
    """HR for the employee's unit, or the employee's direct supervisor, approves and rejects."""
    access = access_for(user)
    employee = enrolment.employee
    if access.employee_id == employee.pk:
        return False  # nobody approves their own registration
    return access.can_edit_unit(employee.unit) or (
        access.employee_id is not None and employee.supervisor_id == access.employee_id
    )


def _seat_for(session, employee):
    """(True, reservation or None) when a seat is free for `employee`, else (False, None)."""
    confirmed = list(session.enrolments.seated().values_list("reserved_for_id", flat=True))
    if len(confirmed) >= session.capacity:
        return False, None
    reservations = list(session.reservations.select_related("unit"))
    for reservation in reservations:
        if employee.unit.path.startswith(reservation.unit.path) and confirmed.count(reservation.pk) < reservation.seats:
            return True, reservation
    general = session.capacity - sum(reservation.seats for reservation in reservations)
    return confirmed.count(None) < general, None


def _allocate(session, enrolment, by, reason=""):
    """Confirm if a seat is free for this person, otherwise put them at the end of the waitlist."""
    clash = conflicting_session(enrolment.employee, session)
    if clash is not None:
        raise ValidationError(
            _("%(name)s sudah terkonfirmasi di %(other)s pada waktu yang bertabrakan.")
            % {"name": enrolment.employee.full_name, "other": clash}
        )
    free, reservation = _seat_for(session, enrolment.employee)
    if free:
        enrolment.reserved_for = reservation
        enrolment.waitlisted_at = None
        _move(enrolment, Status.CONFIRMED, by, reason)
        notifications.on_commit(notifications.confirmed, enrolment)
    else:
        enrolment.waitlisted_at = timezone.now()
        _move(enrolment, Status.WAITLISTED, by, reason)
        notifications.on_commit(notifications.waitlisted, enrolment)
    return enrolment


def request_place(*, session, employee, by, source):
    """Register (an ASN for themself) or nominate (HR or a supervisor). HR nominations are approved at
    once; the others wait for approval. Asking twice returns the enrolment that exists."""
    access = access_for(by)
    is_hr = access.can_edit_unit(employee.unit)
    try:
        with transaction.atomic():
            session = _lock(session)
            existing = Enrolment.objects.filter(session=session, employee=employee).first()
            if existing and existing.status not in (Status.WITHDRAWN, Status.REJECTED):
                return existing
            _check_can_request(session, employee, source=source, is_hr=is_hr)
            clash = conflicting_session(employee, session)
            if clash is not None:
                raise ValidationError(
                    _("Jadwal bertabrakan: %(name)s sudah terkonfirmasi di %(other)s.")
                    % {"name": employee.full_name, "other": clash}
                )
            if existing:
                enrolment = existing
                enrolment.source, enrolment.requested_by = source, by
                enrolment.save(update_fields=["source", "requested_by"])
                _move(enrolment, Status.PENDING, by, _("Mendaftar ulang"))
            else:
                enrolment = Enrolment.objects.create(
                    session=session, employee=employee, source=source, requested_by=by, status=Status.PENDING
                )
                EnrolmentEvent.objects.create(enrolment=enrolment, from_status="", to_status=Status.PENDING, by=by)
            if source != Enrolment.Source.SELF and is_hr:
                _allocate(session, enrolment, by, _("Dinominasikan oleh pengelola kepegawaian"))
            elif source != Enrolment.Source.SELF:
                notifications.on_commit(notifications.nominated, enrolment)
            return enrolment
    except IntegrityError:
        # Two identical requests raced past the check; the other one won.
        return Enrolment.objects.get(session=session, employee=employee)


def place(*, session, employee, by, source, reason=""):
    """Enrol someone the session's organisers chose (the session row must already be locked): a seat
    if one is free for them, else the end of the waitlist. Someone already waitlisted or seated keeps
    their place; a pending registration of theirs is the one placed."""
    existing = Enrolment.objects.filter(session=session, employee=employee).first()
    if existing and existing.status not in (Status.PENDING, Status.WITHDRAWN, Status.REJECTED):
        return existing
    _check_can_request(session, employee, source=source, is_hr=True)
    if existing is None:
        enrolment = Enrolment.objects.create(
            session=session, employee=employee, source=source, requested_by=by, status=Status.PENDING
        )
        EnrolmentEvent.objects.create(enrolment=enrolment, from_status="", to_status=Status.PENDING, by=by)
    else:
        enrolment = existing
        if enrolment.status != Status.PENDING:
            enrolment.source, enrolment.requested_by = source, by
            enrolment.save(update_fields=["source", "requested_by"])
            _move(enrolment, Status.PENDING, by, reason)
    return _allocate(session, enrolment, by, reason)


def closed_reason(session, today=None):
    """Why nobody can register or be proposed for `session` now, or "" when they can: it must be open
    for registration, within its registration dates."""
    today = today or timezone.localdate()
    if session.status != Session.Status.OPEN:
        return _("Pendaftaran angkatan ini tidak dibuka.")
    if session.registration_opens_on and today < session.registration_opens_on:
        return _("Pendaftaran baru dibuka pada %(date)s.") % {"date": long_date(session.registration_opens_on)}
    if session.registration_closes_on and today > session.registration_closes_on:
        return _("Pendaftaran sudah ditutup pada %(date)s.") % {"date": long_date(session.registration_closes_on)}
    return ""


def _check_can_request(session, employee, *, source, is_hr):
    if not employee.is_active:
        raise ValidationError(_("Pegawai tidak aktif tidak dapat didaftarkan."))
    if source == Enrolment.Source.SELF:
        why = closed_reason(session)
        if why:
            raise ValidationError(why)
    elif session.status not in (Session.Status.DRAFT, Session.Status.OPEN, Session.Status.CLOSED):
        raise ValidationError(_("Angkatan ini sudah berjalan, selesai, atau dibatalkan."))


@transaction.atomic
def approve(*, enrolment, by, reason=""):
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_related("employee__unit").get(pk=enrolment.pk)
    if not can_decide(by, enrolment):
        raise PermissionDenied
    if enrolment.status != Status.PENDING:
        raise ValidationError(_("Hanya pendaftaran yang menunggu persetujuan yang dapat disetujui."))
    return _allocate(session, enrolment, by, reason)


@transaction.atomic
def reject(*, enrolment, by, reason):
    _lock(enrolment.session)
    enrolment = Enrolment.objects.select_related("employee__unit").get(pk=enrolment.pk)
    if not can_decide(by, enrolment):
        raise PermissionDenied
    if enrolment.status not in (Status.PENDING, Status.WAITLISTED):
        raise ValidationError(_("Pendaftaran ini tidak dapat ditolak lagi."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."))
    enrolment.note = reason
    _move(enrolment, Status.REJECTED, by, reason)
    notifications.on_commit(notifications.rejected, enrolment)
    return enrolment


@transaction.atomic
def withdraw(*, enrolment, by, reason=""):
    """Withdraw a person; a seat they held goes to the first on the waitlist who can take it."""
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_related("employee__unit").get(pk=enrolment.pk)
    access = access_for(by)
    if not (access.employee_id == enrolment.employee_id or can_decide(by, enrolment)):
        raise PermissionDenied
    if enrolment.status not in Enrolment.ACTIVE:
        raise ValidationError(_("Pendaftaran ini tidak aktif."))
    held_seat = enrolment.status == Status.CONFIRMED
    enrolment.reserved_for = None
    _move(enrolment, Status.WITHDRAWN, by, reason)
    promoted = promote_waitlist(session, by) if held_seat else []
    return enrolment, promoted


def promote_waitlist(session, by):
    """Give free seats to the waitlist in order (locks must already be held)."""
    promoted = []
    waiting = (
        session.enrolments.filter(status=Status.WAITLISTED)
        .select_related("employee__unit")
        .order_by("waitlisted_at", "id")
    )
    for enrolment in waiting:
        free, reservation = _seat_for(session, enrolment.employee)
        if not free:
            continue
        if conflicting_session(enrolment.employee, session) is not None:
            continue
        enrolment.reserved_for = reservation
        _move(enrolment, Status.CONFIRMED, by, _("Naik dari daftar tunggu"))
        notifications.on_commit(notifications.promoted, enrolment)
        promoted.append(enrolment)
        if session.enrolments.seated().count() >= session.capacity:
            break
    return promoted
