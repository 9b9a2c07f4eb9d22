"""What each role sees first: figures computed once, in a handful of queries, for the home page."""

import datetime

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import access_for
from core.figure_cache import cached_figures
from core.formats import month_year
from evaluation.figures import likert_mean
from evaluation.models import Invitation, Response, ServiceSurvey
from evaluation.skm import results_for
from needs_analysis.models import Assessment, Need, NeedsSurvey
from programs.models import DevelopmentProgram, RoleAssignment
from training import compliance
from training.models import Agreement, Certificate, Enrolment, ExternalClaim, LearningRecord
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
            status__in=[Assessment.Status.NOT_STARTED, Assessment.Status.DRAFT],
        ).select_related("survey")[:5],
        "certificates": Certificate.objects.filter(enrolment__employee=employee, revoked=False)
        .select_related("enrolment__session__course")
        .order_by("-issued_on")[:5],
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
    needs = NeedsSurvey.objects.for_user(user).filter(year__in=[year, year + 1]).order_by("-year", "-id").first()
    top_needs = (
        list(Need.objects.for_user(user).filter(survey=needs).select_related("competency", "unit")[:5]) if needs else []
    )
    today = timezone.localdate()
    last_month = 12 if year < today.year else today.month if year == today.year else 0
    # The chart's axis has room for a short month name only; the table under it names the month in full.
    months = [date_format(datetime.date(year, month, 1), "M") for month in range(1, 13)]
    month_names = [month_year(datetime.date(year, month, 1)) for month in range(1, 13)]
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


def cached_head_home(user, year, *, refresh=False):
    """head_home, kept a few minutes (core.figure_cache): at province scale its figures aggregate a
    million questionnaire answers and the whole JP ledger."""
    return cached_figures(user, "head-home", year, compute=lambda: head_home(user, year), refresh=refresh)
