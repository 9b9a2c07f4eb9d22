"""The read API (`/api/v1/`). Every queryset starts from the model's `for_user`, the scoping entry
point the pages use, and each endpoint asks the same role as its page: what an operator's token
reads is what that operator sees in the browser. Lists answer in a fixed number of queries."""

from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.access import access_for
from core.figure_cache import cached_figures
from evaluation import figures as evaluation_figures
from evaluation.models import Distribution, ServiceSurvey
from evaluation.skm import results_for
from needs_analysis import figures as needs_figures
from needs_analysis.models import NeedsSurvey
from programs.models import Competency, CompetencyLevel, CompetencyRequirement, Employee, OrgUnit, Position
from programs.nip import normalize_nip
from training import compliance
from training.models import Course, LearningRecord, Provider, Session
from training.targets import jp_target

from . import filters
from . import serializers as out
from .permissions import HasRole, ManagesUnits, SeesProviders

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Year (default: this year).")
REFRESH = OpenApiParameter(
    "refresh", OpenApiTypes.INT, enum=[1], description="1: recompute instead of the figures kept for 10 minutes."
)


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


def year_asked(request):
    query = YearQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("year") or timezone.localdate().year


class Root(APIView):
    """The index of /api/v1/: every endpoint, the schema and its docs (no data, so no login)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    ENDPOINTS = [
        "unit-list", "employee-list", "position-list", "competency-list", "provider-list", "course-list",
        "session-list", "compliance", "needs-survey-list", "session-scores", "course-scores", "provider-scores",
        "ikm-list", "schema", "docs",
    ]  # fmt: skip

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({name: reverse(f"api:{name}", request=request) for name in self.ENDPOINTS})


class SchemaView(SpectacularAPIView):
    """The schema, in English: the filters' labels are translated strings, so it is drawn and
    rendered under English whatever the caller's language."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list and a detail by integer id."""

    lookup_value_converter = "id"

    def filter_queryset(self, queryset):
        # The query parameters filter lists; a detail is found by its id alone (an inactive ASN
        # asked for by id is shown, as on the pages, though the list leaves them out by default).
        return super().filter_queryset(queryset) if self.action == "list" else queryset


# --- Organisation, people, positions, competencies ------------------------------------------------


class UnitViewSet(ReadOnly):
    """Organisation units the caller reads (admin: all; operator and pimpinan: their subtree)."""

    serializer_class = out.UnitSerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.UnitFilter

    def get_queryset(self):
        return OrgUnit.objects.for_user(self.request.user).order_by("path")

    def get_serializer_context(self):
        # parent_id from the parents' paths, read once for the page (treebeard keeps no parent column).
        context = super().get_serializer_context()
        context["parents"] = getattr(self, "_parents", {})
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._parents = self._parent_ids(page)
        return page

    def retrieve(self, request, *args, **kwargs):
        unit = self.get_object()
        self._parents = self._parent_ids([unit])
        return Response(self.get_serializer(unit).data)

    def _parent_ids(self, units):
        """Parents the caller may read: an operator's top unit has a parent outside their scope,
        whose id is not theirs to learn (null, as the pages do not name it either)."""
        paths = {unit.path[: -OrgUnit.steplen] for unit in units if unit.depth > 1}
        readable = OrgUnit.objects.for_user(self.request.user).filter(path__in=paths)
        return dict(readable.values_list("path", "pk")) if paths else {}


@extend_schema(parameters=[YEAR])
class EmployeeViewSet(ReadOnly):
    """ASN the caller may see (admin: all; operator/pimpinan: their subtree; atasan: direct reports;
    everyone: themself), each with their JP of the year against the target."""

    serializer_class = out.EmployeeSerializer
    permission_classes = [HasRole]
    filterset_class = filters.EmployeeFilter

    def get_queryset(self):
        return Employee.objects.for_user(self.request.user).select_related("unit", "position").order_by("name", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["year"] = year_asked(self.request)
        context["jp"] = getattr(self, "_jp", {})
        return context

    DEFERRED_FROM = 2000

    def paginate_queryset(self, queryset):
        page = self._page_number()
        if page is not None and page * self.paginator.get_page_size(self.request) > self.DEFERRED_FROM:
            # Deep in a long list: the page's ids first (a scan of the name index), then only their rows
            # with unit and position, instead of joining every skipped row (the benchmark's deep-page row
            # measures both). Early pages stay one query: for a small scope
            # PostgreSQL plans the ids-only query as a walk of the whole name index.
            ids = super().paginate_queryset(queryset.values_list("pk", flat=True))
            found = Employee.objects.select_related("unit", "position").in_bulk(ids)
            people = [found[pk] for pk in ids]
        else:
            people = super().paginate_queryset(queryset)
        self._jp = self._jp_of([person.pk for person in people])
        return people

    def _page_number(self):
        value = self.request.query_params.get(self.paginator.page_query_param, "1")
        return int(value) if value.isdecimal() and len(value) < 10 else None

    def retrieve(self, request, *args, **kwargs):
        return self._one(self.get_object())

    @extend_schema(
        parameters=[OpenApiParameter("nip", OpenApiTypes.STR, OpenApiParameter.PATH, description="18 digit NIP")]
    )
    @action(detail=False, url_path="nip/<str:nip>", filterset_class=None, pagination_class=None)
    def by_nip(self, request, nip):
        """One ASN by NIP (spaces allowed)."""
        digits = normalize_nip(nip)
        if not (digits.isdigit() and len(digits) == 18):
            raise ValidationError({"nip": [_("NIP harus 18 digit angka.")]})
        return self._one(get_object_or_404(self.get_queryset(), nip=digits))

    def _one(self, person):
        self._jp = self._jp_of([person.pk])
        return Response(self.get_serializer(person).data)

    def _jp_of(self, ids):
        year = year_asked(self.request)
        return LearningRecord.objects.filter(employee_id__in=ids, year=year).jp_by_person()


def _person(request, pk):
    return get_object_or_404(Employee.objects.for_user(request.user), pk=pk)


class LearningRecordList(generics.ListAPIView):
    """A person's learning records (the JP ledger): trainings, verified claims, mentoring."""

    serializer_class = out.LearningRecordSerializer
    permission_classes = [HasRole]
    filterset_class = filters.LearningRecordFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, which has no person
            return LearningRecord.objects.none()
        person = _person(self.request, self.kwargs["pk"])
        return (
            LearningRecord.objects.for_user(self.request.user)
            .filter(employee=person)
            .select_related("development_form", "enrolment")
            .order_by("-ends_on", "-id")
        )


@extend_schema(responses=out.JpSerializer(many=True))
class JpPerYear(generics.GenericAPIView):
    """A person's JP per year against their target, every year they have records plus this year."""

    serializer_class = out.JpSerializer
    permission_classes = [HasRole]
    pagination_class = None
    filter_backends = []

    def get(self, request, pk):
        person = _person(request, pk)
        records = LearningRecord.objects.for_user(request.user).filter(employee=person)
        totals = records.jp_by_year()
        totals.setdefault(timezone.localdate().year, Decimal(0))
        target = jp_target(person.status)
        rows = [out.jp_figures(year, totals[year], target) for year in sorted(totals, reverse=True)]
        return Response(self.get_serializer(rows, many=True).data)


class PositionViewSet(ReadOnly):
    """Positions (jabatan) with their competency standard."""

    serializer_class = out.PositionSerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.PositionFilter

    def get_queryset(self):
        standard = CompetencyRequirement.objects.select_related("competency").order_by("competency__code")
        return Position.objects.prefetch_related(Prefetch("requirements", queryset=standard)).order_by("name", "id")


class CompetencyViewSet(ReadOnly):
    """The competency dictionary with the behaviour of each level."""

    serializer_class = out.CompetencySerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.CompetencyFilter

    def get_queryset(self):
        levels = CompetencyLevel.objects.order_by("level")
        return Competency.objects.prefetch_related(Prefetch("levels", queryset=levels)).order_by("code", "id")


# --- Training ---------------------------------------------------------------------------------------


class ProviderViewSet(ReadOnly):
    serializer_class = out.ProviderSerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.ProviderFilter

    def get_queryset(self):
        return Provider.objects.order_by("name", "id")


class CourseViewSet(ReadOnly):
    """The training catalogue (inactive courses only for an admin, as on the pages)."""

    serializer_class = out.CourseSerializer
    permission_classes = [HasRole]
    filterset_class = filters.CourseFilter

    def get_queryset(self):
        courses = Course.objects.select_related("development_form", "default_provider").prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("code"))
        )
        if not access_for(self.request.user).is_admin:
            courses = courses.filter(is_active=True)
        return courses.order_by("title", "id")


class SessionViewSet(ReadOnly):
    """Scheduled sessions (angkatan); drafts only for their organisers."""

    serializer_class = out.SessionSerializer
    permission_classes = [HasRole]
    filterset_class = filters.SessionFilter

    def get_queryset(self):
        return (
            Session.objects.for_user(self.request.user)
            .select_related("course", "provider", "organiser_unit")
            .order_by("-starts_on", "-id")
        )


@extend_schema(
    parameters=[
        YEAR,
        OpenApiParameter(
            "unit", OpenApiTypes.INT, description="A unit (default: your whole scope); its sub-units are the rows."
        ),
        REFRESH,
    ],
    responses=out.ComplianceSerializer,
)
class Compliance(generics.GenericAPIView):
    """The 20 JP duty per unit for a year: staff, who reached their target, JP still missing."""

    serializer_class = out.ComplianceSerializer
    permission_classes = [ManagesUnits]
    pagination_class = None
    filter_backends = []

    def get(self, request):
        year = year_asked(request)
        unit = compliance.unit_shown(request.user, _unit_asked(request))
        data = cached_figures(
            request.user,
            "api-compliance",
            year,
            unit.pk if unit else "",
            compute=lambda: compliance.summary(request.user, year=year, unit=unit),
            refresh=refreshing(request),
        )
        body = {
            "year": year,
            "unit": unit,
            "target_pns": jp_target("pns"),
            "target_pppk": jp_target("pppk"),
            "totals": {"unit": None, **data["totals"]},
            "rows": data["rows"],
            "computed_at": data["computed_at"],
        }
        return Response(self.get_serializer(body).data)


def refreshing(request):
    """`?refresh=1`: recompute figures kept for a few minutes (core/figure_cache.py), as "Hitung ulang"."""
    return request.query_params.get("refresh") == "1"


def _unit_asked(request, name="unit"):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdecimal() or not value.isascii() or len(value) > 18:
        raise ValidationError({name: [_("Isi dengan id unit (angka).")]})
    unit = OrgUnit.objects.for_user(request.user).filter(pk=int(value)).first()
    if unit is None:
        raise NotFound(_("Unit tidak ditemukan dalam cakupan Anda."))
    return unit


# --- Needs analysis ----------------------------------------------------------------------------------


class NeedsSurveyViewSet(ReadOnly):
    """Needs-analysis campaigns the caller reads."""

    serializer_class = out.NeedsSurveySerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.NeedsSurveyFilter

    def get_queryset(self):
        return NeedsSurvey.objects.for_user(self.request.user).select_related("owner_unit").order_by("-year", "-id")


class RecapQuery(serializers.Serializer):
    by = serializers.ChoiceField(
        choices=[("cell", "cell"), ("competency", "competency")],
        default="cell",
        help_text="cell: per unit × competency; competency: merged per competency.",
    )
    competency_type = serializers.ChoiceField(choices=Competency.Type.choices, required=False)


@extend_schema(
    parameters=[
        RecapQuery,
        OpenApiParameter("unit", OpenApiTypes.INT, description="Only this unit and its sub-units."),
        REFRESH,
    ]
)
class NeedsRecap(generics.ListAPIView):
    """The campaign's priority needs within the caller's scope, highest priority first (people with a
    gap × mean gap), from submitted and validated assessments."""

    serializer_class = out.RecapCellSerializer
    permission_classes = [ManagesUnits]
    filter_backends = []

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response["X-Computed-At"] = self.computed_at.isoformat()
        return response

    def get_queryset(self):
        survey = get_object_or_404(NeedsSurvey.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        query = RecapQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        unit, by = _unit_asked(self.request), query.validated_data["by"]
        competency_type = query.validated_data.get("competency_type", "")
        figures = cached_figures(
            self.request.user,
            "api-needs-recap",
            survey.pk,
            unit.pk if unit else "",
            competency_type,
            by,
            compute=lambda: {"cells": self._cells(survey, unit, competency_type, per_unit=by == "cell")},
            refresh=refreshing(self.request),
        )
        self.computed_at = figures["computed_at"]
        return figures["cells"]

    def _cells(self, survey, unit, competency_type, *, per_unit):
        """The ranked cells as plain numbers: that is what is kept (a province's 7,000 cells with their
        units and competencies took longer to pickle into the cache than to compute)."""
        recap = needs_figures.recap(survey, self.request.user, unit=unit, competency_type=competency_type)
        return [
            # A merged cell keeps the unit id of its first part: it stands for all of them, so no unit.
            (cell.unit_id if per_unit else None, cell.competency_id, cell.population, cell.assessed,
             cell.with_gap, cell.mean_gap_cents, cell.share_units, cell.priority_cents)
            for cell in (recap.cells if per_unit else recap.by_competency)
        ]  # fmt: skip

    def paginate_queryset(self, cells):
        page = super().paginate_queryset(cells)
        units = OrgUnit.objects.in_bulk({cell[0] for cell in page if cell[0]})
        competencies = Competency.objects.in_bulk({cell[1] for cell in page})
        return [
            {
                "unit": units.get(unit_id),
                "competency": competencies[competency_id],
                "population": population,
                "assessed": assessed,
                "with_gap": with_gap,
                "mean_gap": Decimal(mean_gap).scaleb(-2),
                "share": Decimal(share).scaleb(-4),
                "priority": Decimal(priority).scaleb(-2),
            }
            for unit_id, competency_id, population, assessed, with_gap, mean_gap, share, priority in page
        ]


# --- Evaluation ---------------------------------------------------------------------------------------


@extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Year the session starts.")])
class SessionScores(generics.ListAPIView):
    """Reaction (level 1) and follow-up (level 3) scores per session the caller organises or reads."""

    serializer_class = out.SessionScoresSerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.SessionFilter

    def get_queryset(self):
        return (
            Session.objects.for_user(self.request.user)
            .organised_in_scope(self.request.user)
            .select_related("course", "provider")
            .order_by("-starts_on", "-id")
        )

    def paginate_queryset(self, queryset):
        sessions = super().paginate_queryset(queryset)
        ids = [session.pk for session in sessions]
        # One query per level, through evaluation_figures.scores_by: it leaves out what anonymity still hides.
        figures = {
            purpose: {
                row["key"]: {
                    "percent": round(row["percent"], 2) if row["percent"] is not None else None,
                    "answers": row["answers"],
                    "responses": row["responses"],
                    "low": row["low"],
                }
                for row in evaluation_figures.scores_by("id", purposes=[purpose], distribution__session__in=ids)
            }
            for purpose in (Distribution.Purpose.REACTION, Distribution.Purpose.FOLLOW_UP)
        }
        return [
            {
                "session": session,
                "reaction": figures[Distribution.Purpose.REACTION].get(session.pk),
                "follow_up": figures[Distribution.Purpose.FOLLOW_UP].get(session.pk),
            }
            for session in sessions
        ]


class GroupScores(generics.ListAPIView):
    """Scores across every session per course or provider (the scoreboard): admin and pimpinan."""

    serializer_class = out.GroupScoresSerializer
    permission_classes = [SeesProviders]
    filter_backends = []
    field = model = None
    name_field = "name"

    def get_queryset(self):
        rows = evaluation_figures.scores_by(self.field)
        names = dict(self.model.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", self.name_field))
        return [
            {
                "id": row["key"],
                "name": names.get(row["key"], ""),
                "percent": round(row["percent"], 2) if row["percent"] is not None else None,
                "answers": row["answers"],
                "sessions": row["sessions"],
                "low": row["low"],
            }
            for row in rows
        ]


class CourseScores(GroupScores):
    field, model, name_field = "course", Course, "title"


class ProviderScores(GroupScores):
    field, model = "provider", Provider


class IkmViewSet(ReadOnly):
    """The community satisfaction index (IKM, PermenPANRB 14/2017) per service unit and period."""

    serializer_class = out.IkmSerializer
    permission_classes = [ManagesUnits]
    filterset_class = filters.ServiceSurveyFilter

    def get_queryset(self):
        return ServiceSurvey.objects.for_user(self.request.user).select_related("unit").order_by("-ends_on", "-id")

    def paginate_queryset(self, queryset):
        return self._with_results(super().paginate_queryset(queryset))

    def retrieve(self, request, *args, **kwargs):
        (survey,) = self._with_results([self.get_object()])
        return Response(self.get_serializer(survey).data)

    @staticmethod
    def _with_results(surveys):
        found = results_for(surveys)  # one grouped query for the page
        for survey in surveys:
            survey.ikm_result = found.get(survey.pk)
        return surveys
