"""What each role sees first: figures computed once, in a handful of queries, for the home page."""

import datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.access import access_for
from core.figure_cache import cached_figures
from core.formats import month_year
from evaluation.figures import likert_mean
from evaluation.models import Invitation, Response, ServiceSurvey
from evaluation.skm import results_for
from needs_analysis.figures import ANSWERED, person_gap_profile, recap
from needs_analysis.models import AWAITING_EMPLOYEE, Assessment, Need, NeedsSurvey
from programs.models import DevelopmentProgram, Employee, RoleAssignment
from training import compliance
from training.models import Agreement, Certificate, Enrolment, ExternalClaim, LearningRecord, Session
from training.targets import jp_target

from .annual import report_unit
from .realisation import plan_realisation


def asn_home(employee, year):
    """An ASN's JP against the target, where they are registered, what they still have to fill in."""
    now = timezone.now()
    jp = LearningRecord.objects.filter(employee=employee, year=year).jp_total()
    target = jp_target(employee.status)
    return {
        "jp": jp,
        "target": target,
        "missing": max(target - jp, 0),
        "enrolments": Enrolment.objects.filter(
            employee=employee, status__in=Enrolment.ACTIVE, session__ends_on__gte=timezone.localdate()
        )
        .select_related("session__course")
        .order_by("session__starts_on")[:10],
        "questionnaires": Invitation.objects.filter(
            employee=employee, answered=False, distribution__opens_at__lte=now, distribution__closes_at__gte=now
        )
        .select_related("distribution__session__course", "about")
        .in_answering_order()[:10],
        "assessments": Assessment.objects.filter(
            employee=employee,
            survey__status=NeedsSurvey.Status.OPEN,
            status__in=AWAITING_EMPLOYEE,
        ).select_related("survey")[:5],
        "certificates": Certificate.objects.filter(enrolment__employee=employee, revoked=False)
        .select_related("enrolment__session__course")
        .order_by("-issued_on")[:5],
    }


def _month_labels(year):
    """Short month names for a chart's axis (twelve labels have no room for more) and the full
    names for the table under it."""
    days = [datetime.date(year, month, 1) for month in range(1, 13)]
    return [date_format(day, "M") for day in days], [month_year(day) for day in days]


def _months_so_far(year):
    today = timezone.localdate()
    return 12 if year < today.year else today.month if year == today.year else 0


def asn_charts(employee, year, *, target):
    """An ASN's JP month by month (what they earned, and the running total against the target) and
    their gap profile from their latest answered assessment. Three queries."""
    monthly = LearningRecord.objects.filter(employee=employee).jp_by_month(year)[: _months_so_far(year)]
    months, names = _month_labels(year)
    running, total = [], Decimal(0)
    for jp in monthly:
        total += jp
        running.append(total)
    assessment = (
        Assessment.objects.filter(employee=employee, status__in=ANSWERED)
        .select_related("survey")
        .order_by("-survey__year", "-submitted_at", "-id")
        .first()
    )
    return {
        "jp_rows": list(zip(names, monthly, running, strict=False)),
        "jp_chart": {
            "labels": months[: len(monthly)],
            "values": [float(jp) for jp in monthly],
            "line_values": [float(jp) for jp in running],
            "target": float(target),
            "series": str(_("JP bulan ini")),
            "line_series": str(_("JP kumulatif")),
            "target_series": str(_("Target JP")),
        },
        "gap_assessment": assessment,
        "gap_profile": person_gap_profile(assessment) if assessment else None,
    }


def operator_charts(user, year):
    """The operator's units: the share of their ASN at 20 JP by the end of each month, and this month's
    sessions with how many of their people take part. Four queries."""
    trend = compliance.monthly_trend(user, year=year)[: _months_so_far(year)]
    months, names = _month_labels(year)
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    # Everyone of theirs who holds or held a seat, or waits for approval (not the waitlist).
    ours = Enrolment.objects.filter(
        access_for(user).employee_q("employee__"), status__in=[Enrolment.Status.PENDING, *Enrolment.SEATED]
    )
    sessions = list(
        Session.objects.for_user(user)
        .filter(starts_on__lte=last, ends_on__gte=first)
        .exclude(status__in=[Session.Status.DRAFT, Session.Status.CANCELLED])
        .filter(Q(pk__in=ours.values("session_id")) | access_for(user).unit_q("organiser_unit__"))
        .annotate(ours=Count("enrolments", filter=Q(enrolments__in=ours)))
        .select_related("course")
        .order_by("starts_on", "pk")[:15]
    )
    return {
        "trend_rows": list(zip(names, trend, strict=False)),
        "trend_chart": {
            "labels": months[: len(trend)],
            "line": [round(float(row["share"]) * 100, 1) for row in trend],
            "series": str(_("% ASN sudah 20 JP")),
        },
        "month": first,
        "sessions": sessions,
        "sessions_chart": {
            "labels": [Truncator(f"{session.course.title} — {session.name}").chars(28) for session in sessions],
            "values": [session.ours for session in sessions],
            "series": str(_("Peserta dari unit Anda")),
            "horizontal": True,
            "whole_numbers": True,
            "max": max([session.ours for session in sessions], default=0) or 1,
        },
    }


def team(supervisor_id, year):
    """A supervisor's direct reports: each one's JP against their target this year, and what each has
    not answered yet (open questionnaires, competency self-assessments). Three queries."""
    people = list(
        LearningRecord.objects.with_jp(Employee.objects.active().filter(supervisor_id=supervisor_id), year)
        .select_related("position")
        .order_by("name", "pk")
    )
    now = timezone.now()
    open_questionnaires = dict(
        Invitation.objects.filter(
            employee__in=[person.pk for person in people],
            answered=False,
            distribution__opens_at__lte=now,
            distribution__closes_at__gte=now,
        )
        .values_list("employee_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    open_assessments = dict(
        Assessment.objects.filter(
            employee__in=[person.pk for person in people],
            survey__status=NeedsSurvey.Status.OPEN,
            status__in=AWAITING_EMPLOYEE,
        )
        .values_list("employee_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for person in people:
        person.open_questionnaires = open_questionnaires.get(person.pk, 0)
        person.open_assessments = open_assessments.get(person.pk, 0)
    return {
        "people": people,
        "not_answered": [p for p in people if p.open_questionnaires or p.open_assessments],
        "chart": {
            "labels": [Truncator(person.name).chars(28) for person in people],
            "values": [float(person.jp) for person in people],
            "series": str(_("JP tahun ini")),
            "horizontal": True,
            "max": float(max([person.target for person in people] + [person.jp for person in people], default=0)),
        },
    }


def todo(user):
    """The operator's to-do list: counts that each link to the page where the work is done."""
    access = access_for(user)
    now = timezone.now()
    today = timezone.localdate()
    return {
        "approvals": Enrolment.objects.awaiting_decision_by(user).count(),
        "validations": Assessment.objects.awaiting_validation_by(user).count(),
        "claims": ExternalClaim.objects.awaiting_verification_by(user).count(),
        "unanswered": Invitation.objects.in_units_of(user)
        .filter(
            answered=False,
            distribution__opens_at__lte=now,
            distribution__closes_at__gte=now,
        )
        .count(),
        "agreements": list(
            Agreement.objects.filter(
                ends_on__lte=today + timezone.timedelta(days=60), ends_on__gte=today - timezone.timedelta(days=90)
            )
            .select_related("provider")
            .order_by("ends_on")[:10]
        )
        if access.is_admin
        else [],
    }


def plans_to_approve(user, limit=20):
    """The submitted plans waiting for this user's approval, oldest submission first, with who
    submitted them (one query)."""
    return list(
        DevelopmentProgram.objects.awaiting_approval_by(user)
        .select_related("unit", "submitted_by")
        .order_by("submitted_at", "id")[:limit]
    )


# The user fields that hand out power besides a RoleAssignment.
POWER_FIELDS = ["is_superuser", "is_staff", "groups", "user_permissions"]
ROLE_FIELDS = ["role", "unit", "user"]


def recent_role_changes(*, days=30, limit=10):
    """Grants, changes and removals of roles (and of Django admin powers) in the last `days`, newest
    first, from the audit trail, so every BKPSDM admin sees who gave whom what. One query (content types
    are cached by Django); a user's entries count only when a power field changed to or from on."""
    user_type = ContentType.objects.get_for_model(get_user_model())
    role_type = ContentType.objects.get_for_model(RoleAssignment)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=role_type) | Q(content_type=user_type, changes__has_any_keys=POWER_FIELDS),
            timestamp__gte=timezone.now() - datetime.timedelta(days=days),
        )
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-id")[: limit * 5]
    )
    verbs = {
        LogEntry.Action.CREATE: _("diberikan"),
        LogEntry.Action.UPDATE: _("diubah"),
        LogEntry.Action.DELETE: _("dicabut"),
    }
    changes = []
    for entry in entries:
        fields = ROLE_FIELDS if entry.content_type_id == role_type.pk else POWER_FIELDS
        shown = {name: pair for name, pair in (entry.changes_dict or {}).items() if name in fields}
        if entry.content_type_id == user_type.pk and not _grants_power(shown):
            continue  # a user created or changed without any power before or after
        changes.append(
            {
                "when": entry.timestamp,
                "actor": entry.actor,
                "verb": verbs.get(entry.action, ""),
                "what": entry.object_repr,
                "details": [] if entry.action != LogEntry.Action.UPDATE else sorted(shown.items()),
            }
        )
        if len(changes) == limit:
            break
    return changes


def _grants_power(shown):
    return any(str(value) not in ("None", "False", "", "[]") for pair in shown.values() for value in pair)


def head_home(user, year):
    """The head of office's figures for their subtree and year, each tile pointing at the list behind it."""
    unit = report_unit(user)
    duty = compliance.summary(user, year=year, unit=unit)
    trend = compliance.monthly_trend(user, year=year, unit=unit, staff=duty["totals"]["staff"])
    programs = DevelopmentProgram.objects.for_user(user).filter(year=year)
    realisation = plan_realisation(user, programs)
    surveys = ServiceSurvey.objects.for_user(user).select_related("unit").order_by("unit_id", "-ends_on")
    latest = {}
    for survey in surveys:
        latest.setdefault(survey.unit_id, survey)
    results = results_for(latest.values())
    ikm = [(survey, results[survey.pk]) for survey in latest.values() if survey.pk in results]
    evaluation = {
        row["distribution__purpose"]: row
        for row in Response.objects.organised_in_scope(user)
        .filter(
            likert_answers__gt=0,
            distribution__purpose__in=["reaction", "follow_up"],
            distribution__session__ends_on__year=year,
        )
        .values("distribution__purpose")
        .annotate(percent=likert_mean(), answers=Sum("likert_answers"))
        .order_by()
    }
    needs = needs_campaign(user, year)
    top_needs = top_priorities(needs, user) if needs else []
    last_month = _months_so_far(year)
    months, month_names = _month_labels(year)
    return {
        "duty": duty,
        "trend": trend[:last_month],
        "trend_rows": list(zip(month_names, trend[:last_month], strict=False)),
        "plan": realisation["totals"] | {"items": len(realisation["rows"]), "covered": realisation["covered"]},
        "ikm": sorted(ikm, key=lambda pair: pair[0].unit.path),
        "needs": needs,
        "top_needs": top_needs,
        "evaluation": evaluation,
        "chart": {
            "labels": [row["unit"].name if row["unit"] else "-" for row in duty["rows"]],
            "values": [round(float(row["share"]) * 100, 1) for row in duty["rows"]],
            "series": str(_("% ASN yang memenuhi target JP")),
            "horizontal": True,
        },
        "trend_chart": {
            "labels": months[:last_month],
            "line": [round(float(row["share"]) * 100, 1) for row in trend[:last_month]],
            "series": str(_("% ASN yang sudah memenuhi target JP (kumulatif)")),
        },
    }


def needs_campaign(user, year):
    """The campaign the home speaks of: of this year's and next year's in scope, the latest one with
    answers (a campaign that has just opened has no priorities yet), else the latest. Two queries."""
    surveys = list(
        NeedsSurvey.objects.for_user(user)
        .filter(year__in=[year, year + 1])
        .annotate(answered=Count("assessments", filter=Q(assessments__status__in=ANSWERED)))
    )
    return max(surveys, key=lambda s: (s.answered > 0, s.year, s.answered, s.pk), default=None)


def top_priorities(survey, user, limit=5):
    """The recap's highest priorities in scope (the same ranking as the recap page), each marked when a
    plan item already answers it."""
    figures = recap(survey, user)
    planned = set(Need.objects.filter(survey=survey, plan_item__isnull=False).values_list("unit_id", "competency_id"))
    return [
        {
            "competency": figures.competencies[cell.competency_id],
            "unit": figures.units[cell.unit_id],
            "people_with_gap": cell.with_gap,
            "planned": (cell.unit_id, cell.competency_id) in planned,
        }
        for cell in [cell for cell in figures.cells if cell.with_gap][:limit]
    ]


def cached_head_home(user, year, *, refresh=False):
    """head_home, kept a few minutes (core.figure_cache): at province scale its figures aggregate a
    million questionnaire answers and the whole JP ledger."""
    return cached_figures(user, "head-home", year, compute=lambda: head_home(user, year), refresh=refresh)
