"""The annual report (laporan tahunan pengembangan kompetensi) of a subtree: every figure computed
once here, in a fixed number of queries; the PDF template only lays them out."""

from django.conf import settings
from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import access_for
from evaluation.figures import likert_mean
from evaluation.models import Response, ServiceSurvey
from evaluation.skm import results_for
from needs_analysis.models import Need
from programs.letterheads import letterhead_for
from programs.models import DevelopmentProgram, DocumentKind, Employee, OrgUnit
from programs.signatories import signature_for
from training import compliance
from training.models import Enrolment, Session

from .charts import bar_chart, line_chart
from .realisation import plan_realisation

IKM_TREND_YEARS = 3
TOP_NEEDS = 20


def report_unit(user, unit=None):
    """The unit the report is about: the one asked for, the user's only unit, or None (all in scope)."""
    return unit if unit is not None else access_for(user).default_unit


def scope_label(user, unit):
    """What the report covers, as printed on it: the unit, the agency, or the user's units."""
    if unit is not None:
        return unit.name
    access = access_for(user)
    if access.is_admin:
        return settings.BANGKOM["INSTANSI_NAME"]
    return ", ".join(sorted({unit.name for unit in access.units}))


def in_unit(queryset, unit, prefix):
    return queryset if unit is None else queryset.filter(**{f"{prefix}path__startswith": unit.path})


def staff_figures(user, unit):
    people = in_unit(Employee.objects.for_user(user).active(), unit, "unit__")
    return people.aggregate(
        total=Count("pk"),
        pns=Count("pk", filter=Q(status=Employee.Status.PNS)),
        cpns=Count("pk", filter=Q(status=Employee.Status.CPNS)),
        pppk=Count("pk", filter=Q(status=Employee.Status.PPPK)),
    )


def sessions_of_year(user, year, unit):
    sessions = (
        Session.objects.organised_in_scope(user)
        .filter(starts_on__year=year)
        .exclude(status__in=[Session.Status.CANCELLED, Session.Status.DRAFT])
        .annotate(
            # Everyone who took part, whether they completed it or not.
            participants=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED)),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
        )
        .select_related("course", "provider", "organiser_unit")
        .order_by("starts_on", "id")
    )
    return list(in_unit(sessions, unit, "organiser_unit__"))


def evaluation_levels(session_ids):
    """Kirkpatrick L1 (reaction) and L3 (follow-up) as mean Likert %, L2 as mean pre/post test score,
    per course and overall: two grouped queries."""
    likert = (
        Response.objects.filter(
            likert_answers__gt=0,
            distribution__purpose__in=["reaction", "follow_up"],
            distribution__session_id__in=session_ids,
        )
        .values("distribution__session__course_id", "distribution__session__course__title", "distribution__purpose")
        .annotate(percent=likert_mean(), answers=Sum("likert_answers"))
        .order_by()
    )
    tests = (
        Response.objects.filter(
            distribution__purpose__in=["pre_test", "post_test"],
            distribution__session_id__in=session_ids,
            max_score__gt=0,
        )
        .values("distribution__session__course_id", "distribution__session__course__title", "distribution__purpose")
        .annotate(
            percent=Avg(Cast(F("score"), FloatField()) * 100.0 / Cast(F("max_score"), FloatField())),
            answers=Count("pk"),
        )
        .order_by()
    )
    courses, overall = {}, {}
    titles = {}
    for row in [*likert, *tests]:
        course, purpose = row["distribution__session__course_id"], row["distribution__purpose"]
        titles[course] = row["distribution__session__course__title"]
        courses.setdefault(course, {})[purpose] = None if row["percent"] is None else float(row["percent"])
        total = overall.setdefault(purpose, {"weighted": 0.0, "answers": 0})
        total["weighted"] += float(row["percent"] or 0) * row["answers"]
        total["answers"] += row["answers"]
    means = {
        purpose: (values["weighted"] / values["answers"] if values["answers"] else None)
        for purpose, values in overall.items()
    }
    return {
        "overall": {
            "reaction": means.get("reaction"),
            "pre_test": means.get("pre_test"),
            "post_test": means.get("post_test"),
            "follow_up": means.get("follow_up"),
        },
        "courses": sorted(((titles[course], levels) for course, levels in courses.items()), key=lambda pair: pair[0]),
    }


def needs_answered(user, year, unit):
    """The top needs found this year (a campaign's year is the plan year it feeds, so this year's
    campaign has year + 1) or answered by this year's plan, and how each was answered."""
    needs = (
        Need.objects.for_user(user)
        .filter(Q(survey__year__in=[year, year + 1]) | Q(plan_item__program__year=year))
        .select_related("unit", "competency", "plan_item")
        .annotate(
            sessions=Count("plan_item__sessions", filter=~Q(plan_item__sessions__status=Session.Status.CANCELLED)),
            held=Count("plan_item__sessions", filter=Q(plan_item__sessions__status=Session.Status.FINISHED)),
        )
        .order_by("-priority", "id")
    )
    needs = list(in_unit(needs, unit, "unit__")[:TOP_NEEDS])
    return {"rows": needs, "planned": sum(1 for need in needs if need.plan_item_id)}


def ikm_by_unit(user, year, unit):
    """IKM per service unit for the year and the years before it (the trend)."""
    years = list(range(year - IKM_TREND_YEARS + 1, year + 1))
    surveys = in_unit(
        ServiceSurvey.objects.for_user(user).filter(ends_on__year__in=years).select_related("unit"), unit, "unit__"
    )
    surveys = {survey.pk: survey for survey in surveys}
    units = {}
    for survey_id, result in results_for(surveys.values()).items():
        survey = surveys[survey_id]
        entry = units.setdefault(survey.unit_id, {"unit": survey.unit, "years": {}, "latest": None, "ends": None})
        entry["years"].setdefault(survey.ends_on.year, []).append(result)
        if survey.ends_on.year == year and (entry["ends"] is None or survey.ends_on > entry["ends"]):
            entry["latest"], entry["ends"] = result, survey.ends_on  # the year's last survey
    rows = []
    for entry in sorted(units.values(), key=lambda entry: entry["unit"].path):
        trend = []
        for each_year in years:
            results = [result for result in entry["years"].get(each_year, []) if result.converted is not None]
            trend.append(sum(result.converted for result in results) / len(results) if results else None)
        rows.append({"unit": entry["unit"], "latest": entry["latest"], "trend": trend})
    return {"years": years, "rows": rows}


def letterhead_and_signature(user, unit, on):
    """The kop and the signature block of the report: the unit's, the instansi's for the whole agency,
    and for a head of several units the instansi's kop over a blank block (no one signs for them all)."""
    speaks_for = unit if unit is not None else OrgUnit.get_root_nodes().first()
    kop = letterhead_for(speaks_for)
    signer = speaks_for if unit is not None or access_for(user).is_admin else None
    return kop, signature_for(signer, DocumentKind.ANNUAL_REPORT, on=on, place=kop.place)


def annual_report(user, *, year, unit=None, progress=None):
    """Every figure of the annual report of `unit` (or of the user's whole scope) for `year`."""
    step = progress or (lambda percent, label="": None)
    unit = report_unit(user, unit)
    step(5, _("Data pegawai"))
    staff = staff_figures(user, unit)
    duty = compliance.summary(user, year=year, unit=unit)
    trend = compliance.monthly_trend(user, year=year, unit=unit, staff=duty["totals"]["staff"])
    step(20, _("Rencana dan realisasi"))
    programs = in_unit(DevelopmentProgram.objects.for_user(user).filter(year=year), unit, "unit__")
    plan = plan_realisation(user, programs)
    sessions = sessions_of_year(user, year, unit)
    step(40, _("Analisis kebutuhan dan evaluasi"))
    needs = needs_answered(user, year, unit)
    evaluation = evaluation_levels([session.pk for session in sessions])
    step(55, _("Indeks kepuasan masyarakat"))
    ikm = ikm_by_unit(user, year, unit)
    finished = [session for session in sessions if session.status == Session.Status.FINISHED]
    # The labels of a twelve-bar chart on a portrait page: short month names, the only room there is.
    months = [date_format(timezone.datetime(year, month, 1), "M") for month in range(1, 13)]
    today = timezone.localdate()
    last_month = 12 if year < today.year else today.month
    kop, signature = letterhead_and_signature(user, unit, today)
    return {
        "year": year,
        "unit": unit,
        "scope_name": scope_label(user, unit),
        "instansi_name": settings.BANGKOM["INSTANSI_NAME"],
        "staff": staff,
        "duty": duty,
        "trend": trend,
        "plan": plan,
        "sessions": sessions,
        "summary": {
            "sessions": len(sessions),
            "held": len(finished),
            "participants": sum(session.participants for session in sessions),
            "completed": sum(session.completed for session in sessions),
            "jp": sum(session.completed * session.jp for session in sessions),
            "cost": sum(session.cost for session in sessions),
        },
        "needs": needs,
        "evaluation": evaluation,
        "ikm": ikm,
        "charts": {
            "duty": bar_chart(
                [(row["unit"].name if row["unit"] else "-", row["share"] * 100) for row in duty["rows"]],
                maximum=100,
                unit="%",
            ),
            "trend": line_chart(
                months,
                [row["share"] * 100 if row["month"] <= last_month else None for row in trend],
            ),
            "ikm": bar_chart(
                [(row["unit"].name, row["latest"].converted) for row in ikm["rows"] if row["latest"]],
                maximum=100,
            ),
        },
        "kop": kop,
        "signature": signature,
        "printed_at": timezone.localtime(),
    }
