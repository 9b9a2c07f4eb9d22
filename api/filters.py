"""The query parameters of the list endpoints. A unit parameter accepts only units the caller may
read (another unit's id is invalid, as it is in the pages' filters) and includes its sub-units."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from evaluation.models import ServiceSurvey
from needs_analysis.models import NeedsSurvey
from programs.models import Competency, Employee, OrgUnit, Position
from programs.nip import normalize_nip
from training.models import Course, LearningRecord, Provider, Session


def readable_units(request):
    return OrgUnit.objects.for_user(request.user) if request is not None else OrgUnit.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """`?unit=<id>`: rows of that unit and every unit below it."""

    def __init__(self, *args, prefix="unit__", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("queryset", readable_units)
        kwargs.setdefault("label", _("Unit (termasuk sub-unit)"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.prefix}path__startswith": value.path})


class UnitFilter(django_filters.FilterSet):
    within = UnitSubtreeFilter(prefix="", label=_("Di bawah unit (termasuk unit itu)"))
    parent = django_filters.NumberFilter(method="filter_parent", label=_("Sub-unit langsung dari unit"))
    q = django_filters.CharFilter(method="filter_text", label=_("Cari nama atau kode"))

    class Meta:
        model = OrgUnit
        fields = ["kind", "is_service_unit", "depth"]

    def filter_parent(self, queryset, name, value):
        parent = OrgUnit.objects.filter(pk=value).values_list("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent[0], depth=parent[1] + 1)

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class EmployeeFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    q = django_filters.CharFilter(method="filter_text", label=_("Cari nama atau awal NIP"))
    position_kind = django_filters.ChoiceFilter(field_name="position__kind", choices=Position.Kind.choices)
    is_active = django_filters.BooleanFilter(label=_("Aktif (bawaan: hanya yang aktif)"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Diubah sejak (untuk sinkronisasi)")
    )

    position = django_filters.NumberFilter(field_name="position_id", label=_("Jabatan (id)"))
    supervisor = django_filters.NumberFilter(field_name="supervisor_id", label=_("Atasan langsung (id)"))

    class Meta:
        model = Employee
        fields = ["status", "golongan"]

    @property
    def qs(self):
        queryset = super().qs
        # Active people only unless asked otherwise, as on the employee list page.
        if self.form.cleaned_data.get("is_active") is None:
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_text(self, queryset, name, value):
        digits = normalize_nip(value)
        query = Q(name__icontains=value.strip())
        if digits.isdigit():
            query |= Q(nip__startswith=digits)
        return queryset.filter(query)


class LearningRecordFilter(django_filters.FilterSet):
    class Meta:
        model = LearningRecord
        fields = ["year", "source"]


class PositionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari nama jabatan"))

    class Meta:
        model = Position
        fields = ["kind", "jenjang"]


class CompetencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari nama kompetensi"))

    class Meta:
        model = Competency
        fields = ["type", "is_active"]


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari nama"))

    class Meta:
        model = Provider
        fields = ["kind", "is_active"]


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Cari judul"))
    competency = django_filters.NumberFilter(field_name="competencies", label=_("Mengembangkan kompetensi (id)"))
    jalur = django_filters.CharFilter(field_name="development_form__jalur", label=_("Jalur"))

    development_form = django_filters.NumberFilter(field_name="development_form_id", label=_("Bentuk (id)"))
    default_provider = django_filters.NumberFilter(field_name="default_provider_id", label=_("Penyedia (id)"))

    class Meta:
        model = Course
        fields = ["is_active"]


class SessionFilter(django_filters.FilterSet):
    organiser_unit = UnitSubtreeFilter(prefix="organiser_unit__", label=_("Penyelenggara (termasuk sub-unit)"))
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year", label=_("Tahun mulai"))
    starts_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Mulai sejak"))
    starts_until = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Mulai sampai"))

    course = django_filters.NumberFilter(field_name="course_id", label=_("Pelatihan (id)"))
    provider = django_filters.NumberFilter(field_name="provider_id", label=_("Penyedia (id)"))
    plan_item = django_filters.NumberFilter(field_name="plan_item_id", label=_("Butir rencana (id)"))

    class Meta:
        model = Session
        fields = ["status", "mode"]


class NeedsSurveyFilter(django_filters.FilterSet):
    class Meta:
        model = NeedsSurvey
        fields = ["year", "status"]


class ServiceSurveyFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year", label=_("Tahun periode"))
    period_from = django_filters.DateFilter(field_name="ends_on", lookup_expr="gte", label=_("Periode berakhir sejak"))
    period_until = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Periode mulai sampai"))

    class Meta:
        model = ServiceSurvey
        fields = []
