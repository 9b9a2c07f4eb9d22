"""Sessions: saving them with their days, the checks users expect, repetition and the names of repeats.
(Their status changes are training/session_flow.py.)"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import long_date

from .jp import credited_jp
from .models import Course, Session, SessionDay, SessionEvent

# A batch's name is data printed on letters and certificates, so it is always in Indonesian.
BATCH_WORD = "Angkatan"
# "Angkatan 3", or in Roman numerals up to LXXXIX ("Angkatan IV"), as older batches were named.
BATCH_NUMBER = re.compile(r"^\s*angkatan\s+(\d+|(?=[ivxl])(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))\b", re.IGNORECASE)
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


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


def agreement_warning(provider, ends_on, *, today=None):
    """A warning when the provider's cooperation agreement (its latest MoU/PKS) ends before a session
    ending on `ends_on`: expired already, or running out before the last day. None when it lasts, or
    when the provider works without any agreement (an internal unit). Warned, never refused: the
    renewal is often on its way while the session is planned."""
    if provider is None or ends_on is None:
        return None
    latest = max(provider.agreements.all(), key=lambda agreement: agreement.ends_on, default=None)
    if latest is None or latest.ends_on >= ends_on:
        return None
    values = {"provider": provider.name, "agreement": latest, "date": long_date(latest.ends_on)}
    if latest.ends_on < (today or timezone.localdate()):
        return _("Perjanjian kerja sama dengan %(provider)s (%(agreement)s) sudah berakhir pada %(date)s.") % values
    return _(
        "Perjanjian kerja sama dengan %(provider)s (%(agreement)s) berakhir pada %(date)s, sebelum angkatan "
        "ini selesai (%(end)s)."
    ) % (values | {"end": long_date(ends_on)})


def warnings_for(session, days, instructor_ids):
    """Things a scheduler should see but may accept: double bookings, a JP off its form's rule, and a
    provider whose agreement ends before the session does."""
    found = []
    if days:
        agreement = agreement_warning(session.provider, max(day["date"] for day in days))
        if agreement:
            found.append(agreement)
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


def _shift(day, every, step):
    if every == "week":
        return day + datetime.timedelta(weeks=step)
    month_index = day.month - 1 + step
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def batch_number(name):
    """The number in a batch's name ("Angkatan 3" -> 3, "Angkatan IV" -> 4), None without one."""
    found = BATCH_NUMBER.match(name or "")
    if found is None:
        return None
    number = found.group(1).lower()
    if number.isdigit():
        return int(number)
    values = [ROMAN[letter] for letter in number]
    return sum(-value if value < after else value for value, after in zip(values, values[1:] + [0], strict=True))


def next_batch_name(course, year):
    """ "Angkatan N" for the next batch of `course` in `year`: after the highest number its batches of
    that year carry, and never below their count (names without a number count as batches too)."""
    names = list(Session.objects.filter(course=course, starts_on__year=year).values_list("name", flat=True))
    numbers = [number for number in map(batch_number, names) if number]
    return f"{BATCH_WORD} {max([len(names), *numbers]) + 1}"


@transaction.atomic
def repeat_session(*, session, every, times, by):
    """Create `times` further sessions like `session`, each shifted by a week or a month and named
    after the course's batches of its year ("Angkatan 2", "Angkatan 3", ...)."""
    # Two people repeating batches of one course at once would otherwise give two the same number.
    Course.objects.select_for_update().filter(pk=session.course_id).first()
    days = list(session.days.values("date", "starts_at", "ends_at"))
    instructors = list(session.instructors.all())
    created = []
    for step in range(1, times + 1):
        copy = Session.objects.get(pk=session.pk)
        copy.pk = None
        copy.status = Session.Status.DRAFT if session.status == Session.Status.DRAFT else session.status
        shifted = [dict(day, date=_shift(day["date"], every, step)) for day in days]
        copy.name = next_batch_name(session.course, min(day["date"] for day in shifted).year)
        if copy.registration_opens_on:
            copy.registration_opens_on = _shift(copy.registration_opens_on, every, step)
        if copy.registration_closes_on:
            copy.registration_closes_on = _shift(copy.registration_closes_on, every, step)
        copy.pk = None
        save_session(session=copy, days=shifted, instructors=instructors, by=by)
        created.append(copy)
    return created
