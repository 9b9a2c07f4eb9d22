"""A session's status, in one place: what may follow what, who may move it, and when it may be finished.

An operator proposes (draft); BKPSDM approves it in one action, which opens registration; once its
last day has ended (Asia/Jakarta) its organiser finishes it, which computes who completed
(training.participation.finish_session). Closing registration early, or marking a session as
running, are steps an office may take but never has to: finishing is allowed from any of them.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for
from core.formats import date_time

from .models import Session, SessionEvent

Status = Session.Status


def ends_at(session, days=None):
    """The moment the session's last day ends, in the agency's time zone (None without any day).
    `days` are the session's days when the caller has them already (spares a query)."""
    days = list(session.days.all()) if days is None else list(days)
    if not days:
        return None
    last = max(days, key=lambda day: (day.date, day.ends_at))
    return datetime.datetime.combine(last.date, last.ends_at, tzinfo=ZoneInfo(settings.TIME_ZONE))


def has_ended(session, *, now=None, days=None):
    end = ends_at(session, days)
    return end is None or (now or timezone.now()) >= end


def can_move(user, session, to, *, now=None, days=None):
    """Whether `user` may move `session` to `to` now: the status map, the role, and for finishing
    the end of the last day. Pages offer only the moves this allows."""
    access = access_for(user)
    if not session.can_move_to(to):
        return False
    if to == Status.FINISHED and not has_ended(session, now=now, days=days):
        return False
    if to == Status.OPEN and session.status == Status.DRAFT:
        return access.is_admin  # an operator proposes; BKPSDM approves, which opens registration
    return access.is_admin or access.can_edit_unit(session.organiser_unit)


def finish_after(user, session, *, now=None, days=None):
    """The end of `session` while `user` could finish it but its last day has not ended yet; else None."""
    end = ends_at(session, days)
    if end is None or (now or timezone.now()) >= end:
        return None
    return end if can_move(user, session, Status.FINISHED, now=end, days=days) else None


def moves_for(user, session, *, now=None, days=None):
    """[(status, label)] of the moves `user` may make on `session` now, in the order of the statuses."""
    return [(status, label) for status, label in Status.choices if can_move(user, session, status, now=now, days=days)]


@transaction.atomic
def move_session(*, session, to, by, reason="", now=None):
    """Move a session to `to`, writing the history row. Finishing goes through
    participation.finish_session, which calls this and then computes completion."""
    session = Session.objects.select_for_update(of=("self",)).select_related("organiser_unit").get(pk=session.pk)
    if not session.can_move_to(to):
        raise ValidationError(
            _("Status %(status)s tidak dapat diubah menjadi %(to)s.")
            % {"status": session.get_status_display(), "to": Status(to).label}
        )
    if to == Status.FINISHED and not has_ended(session, now=now):
        raise ValidationError(
            _("Angkatan belum dapat diselesaikan sebelum hari terakhirnya berakhir (%(end)s).")
            % {"end": date_time(ends_at(session))}
        )
    if not can_move(by, session, to, now=now):
        raise PermissionDenied
    if to == Status.CANCELLED and not reason.strip():
        raise ValidationError(_("Tuliskan alasan pembatalan."))
    SessionEvent.objects.create(session=session, from_status=session.status, to_status=to, by=by, reason=reason)
    session.status = to
    session.save(update_fields=["status"])
    return session
