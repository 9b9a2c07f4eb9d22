"""Sessions: saving them with their days, the checks users expect, status changes, repetition."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.access import access_for
from core.formats import long_date

from .jp import credited_jp
from .models import Session, SessionDay, SessionEvent


def expected_jp(course, day_count, *, international=False):
    """The JP a session of `course` should credit by its form's rule (None if it cannot be computed)."""
    try:
        return credited_jp(
            course.development_form,
            days=day_count or None,
            sessions=day_count or None,
            international=international,
            program_jp=course.jp,
        )
    except ValidationError:
        return None


def warnings_for(session, days, instructor_ids):
    """Things a scheduler should see but may accept: double bookings and a JP off its form's rule."""
    found = []
    expected = expected_jp(session.course, len(days), international=session.is_international)
    if expected is not None and session.jp is not None and session.jp != expected:
        found.append(
            _("JP %(jp)s tidak sesuai aturan %(form)s; yang diharapkan %(expected)s JP.")
            % {"jp": session.jp, "form": session.course.development_form.name, "expected": expected}
        )
    if not days:
        return found
    overlap = Q()
    for day in days:
        overlap |= Q(date=day["date"], starts_at__lt=day["ends_at"], ends_at__gt=day["starts_at"])
    clashes = (
        SessionDay.objects.filter(overlap)
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__course")
        .prefetch_related("session__instructors")
    )
    if session.pk:
        clashes = clashes.exclude(session_id=session.pk)
    for clash in clashes:
        other = clash.session
        shared = [i.name for i in other.instructors.all() if i.pk in instructor_ids]
        if shared:
            found.append(
                _("Pengajar %(names)s juga mengajar di %(session)s pada %(date)s.")
                % {"names": ", ".join(shared), "session": other, "date": long_date(clash.date)}
            )
        if session.venue and other.venue and session.venue.strip().lower() == other.venue.strip().lower():
            found.append(
                _("Tempat %(venue)s juga dipakai %(session)s pada %(date)s.")
                % {"venue": session.venue, "session": other, "date": long_date(clash.date)}
            )
    return found


def check_registration_window(session, days):
    first = min(day["date"] for day in days)
    if session.registration_opens_on and session.registration_opens_on > first:
        raise ValidationError(
            _("Pendaftaran harus dibuka sebelum angkatan dimulai (%(date)s).") % {"date": long_date(first)}
        )
    if session.registration_closes_on and session.registration_closes_on > first:
        raise ValidationError(
            _("Pendaftaran harus ditutup paling lambat pada hari pertama (%(date)s).") % {"date": long_date(first)}
        )


@transaction.atomic
def save_session(*, session, days, instructors, by):
    """Save a session with its days (list of {date, starts_at, ends_at}); returns the warnings."""
    if not days:
        raise ValidationError(_("Isi paling sedikit satu hari pelaksanaan."))
    check_registration_window(session, days)
    if session.jp is None:
        session.jp = expected_jp(session.course, len(days), international=session.is_international) or session.course.jp
    instructor_ids = {instructor.pk for instructor in instructors}
    warnings = warnings_for(session, days, instructor_ids)
    session.starts_on = min(day["date"] for day in days)
    session.ends_on = max(day["date"] for day in days)
    is_new = session.pk is None
    if is_new:
        session.proposed_by = by
    session.save()
    session.instructors.set(instructors)
    session.days.all().delete()
    SessionDay.objects.bulk_create(SessionDay(session=session, **day) for day in days)
    if is_new:
        SessionEvent.objects.create(session=session, from_status="", to_status=session.status, by=by)
    return warnings


def can_move(user, session, to):
    access = access_for(user)
    if not session.can_move_to(to):
        return False
    if to == Session.Status.OPEN and session.status == Session.Status.DRAFT:
        return access.is_admin  # an operator proposes; BKPSDM opens registration
    return access.is_admin or access.can_edit_unit(session.organiser_unit)


@transaction.atomic
def move_session(*, session, to, by, reason=""):
    session = Session.objects.select_for_update(of=("self",)).select_related("organiser_unit").get(pk=session.pk)
    if not session.can_move_to(to):
        raise ValidationError(
            _("Status %(status)s tidak dapat diubah menjadi %(to)s.")
            % {"status": session.get_status_display(), "to": Session.Status(to).label}
        )
    if not can_move(by, session, to):
        raise PermissionDenied
    if to == Session.Status.CANCELLED and not reason.strip():
        raise ValidationError(_("Tuliskan alasan pembatalan."))
    SessionEvent.objects.create(session=session, from_status=session.status, to_status=to, by=by, reason=reason)
    session.status = to
    session.save(update_fields=["status"])
    return session


def _shift(day, every, step):
    if every == "week":
        return day + datetime.timedelta(weeks=step)
    month_index = day.month - 1 + step
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def repeat_session(*, session, every, times, by):
    """Create `times` further sessions like `session`, each shifted by a week or a month."""
    days = list(session.days.values("date", "starts_at", "ends_at"))
    instructors = list(session.instructors.all())
    created = []
    for step in range(1, times + 1):
        copy = Session.objects.get(pk=session.pk)
        copy.pk = None
        copy.name = f"{session.name} ({step + 1})"
        copy.status = Session.Status.DRAFT if session.status == Session.Status.DRAFT else session.status
        shifted = [dict(day, date=_shift(day["date"], every, step)) for day in days]
        if copy.registration_opens_on:
            copy.registration_opens_on = _shift(copy.registration_opens_on, every, step)
        if copy.registration_closes_on:
            copy.registration_closes_on = _shift(copy.registration_closes_on, every, step)
        copy.pk = None
        save_session(session=copy, days=shifted, instructors=instructors, by=by)
        created.append(copy)
    return created
