"""Sending questionnaires: when each distribution opens and closes, and who is invited.

Invitations are created when a distribution is due (by `sync_invitations`, run from the daily
`sync_evaluations` command, when HR presses "send now", and when a participant opens their list), so the
reaction questionnaire reaches those who attended once the session has finished, and the level-3
follow-up reaches each alumnus and their supervisor N months later."""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from training.models import Attendance, Enrolment

from .models import Distribution, Invitation

Purpose = Distribution.Purpose
DEFAULT_FOLLOW_UP_MONTHS = 3


def add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def default_window(session, purpose, months=DEFAULT_FOLLOW_UP_MONTHS):
    """(opens_at, closes_at) for a purpose, from the session's days (Asia/Jakarta). The pre-test runs from an
    hour before the first day until that day ends (on a one-day session, until its middle); the post-test
    from the last day's start, never before the pre-test closes (Distribution.test_overlapped), until a
    day after the session."""
    zone = ZoneInfo(settings.TIME_ZONE)
    days = list(session.days.all())
    first, last = days[0], days[-1]

    def at(date, time):
        return datetime.datetime.combine(date, time, tzinfo=zone)

    pre_opens, pre_closes = at(first.date, first.starts_at) - datetime.timedelta(hours=1), at(first.date, first.ends_at)
    if len(days) == 1:
        pre_closes = at(first.date, first.starts_at) + (pre_closes - at(first.date, first.starts_at)) / 2
    if purpose == Purpose.PRE_TEST:
        return pre_opens, pre_closes
    if purpose == Purpose.POST_TEST:
        return max(at(last.date, last.starts_at), pre_closes), at(last.date, last.ends_at) + datetime.timedelta(days=1)
    if purpose == Purpose.REACTION:
        opens = at(last.date, last.ends_at) - datetime.timedelta(hours=1)
        return opens, opens + datetime.timedelta(days=14)
    opens = at(add_months(last.date, months), datetime.time(7, 0))
    return opens, opens + datetime.timedelta(days=30)


def after_the_other_test(distribution):
    """Fit a new test around its session's other test, which may have been scheduled on other days or by
    hand: a post-test waits for the pre-test to close; a pre-test closes when the post-test opens, and
    is refused when the post-test opens before the pre-test would."""
    sibling = distribution.test_overlapped()
    if sibling is None:
        return
    if distribution.purpose == Purpose.POST_TEST:
        length = distribution.closes_at - distribution.opens_at
        distribution.opens_at = sibling.closes_at
        distribution.closes_at = max(distribution.closes_at, distribution.opens_at + length)
    elif sibling.opens_at > distribution.opens_at:
        distribution.closes_at = sibling.opens_at
    else:
        raise ValidationError(distribution.order_message(sibling), code="test_order")


def attach(*, session, questionnaire, purpose, by, is_anonymous=False, months=None):
    months = months if months is not None else DEFAULT_FOLLOW_UP_MONTHS
    opens_at, closes_at = default_window(session, purpose, months)
    distribution = Distribution(
        session=session,
        questionnaire=questionnaire,
        purpose=purpose,
        opens_at=opens_at,
        closes_at=closes_at,
        is_anonymous=is_anonymous,
        months_after=months if purpose == Purpose.FOLLOW_UP else None,
        created_by=by,
    )
    after_the_other_test(distribution)
    distribution.save()
    sync_invitations(distribution)
    return distribution


def invitees(distribution):
    """[(employee_id, role, about_id)] the distribution asks, by its purpose."""
    session = distribution.session
    enrolled = Enrolment.objects.filter(session=session)
    if distribution.purpose in (Purpose.PRE_TEST, Purpose.POST_TEST):
        people = enrolled.seated().values_list("employee_id", flat=True)
        return [(pk, Invitation.Role.PARTICIPANT, None) for pk in people]
    if distribution.purpose == Purpose.REACTION:
        attended = Attendance.objects.filter(enrolment__session=session, status=Attendance.Status.PRESENT).values(
            "enrolment_id"
        )
        people = enrolled.filter(pk__in=attended).values_list("employee_id", flat=True).distinct()
        return [(pk, Invitation.Role.PARTICIPANT, None) for pk in people]
    alumni = enrolled.filter(status=Enrolment.Status.COMPLETED).values_list(
        "employee_id", "employee__supervisor_id", "employee__supervisor__is_active"
    )
    result = []
    for alumnus, supervisor, supervisor_active in alumni:
        result.append((alumnus, Invitation.Role.PARTICIPANT, None))
        if supervisor and supervisor_active:
            result.append((supervisor, Invitation.Role.SUPERVISOR, alumnus))
    return result


@transaction.atomic
def sync_invitations(distribution, now=None):
    """Invite whoever the distribution asks, once it is due; safe to run any number of times."""
    now = now or timezone.now()
    if distribution.opens_at > now or distribution.closes_at < now:
        return 0
    existing = set(distribution.invitations.values_list("employee_id", "about_id"))
    new = [
        Invitation(distribution=distribution, employee_id=employee_id, role=role, about_id=about)
        for employee_id, role, about in invitees(distribution)
        if (employee_id, about) not in existing
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def sync_due(now=None):
    now = now or timezone.now()
    return sum(
        sync_invitations(distribution, now)
        for distribution in Distribution.objects.filter(opens_at__lte=now, closes_at__gte=now).select_related("session")
    )
