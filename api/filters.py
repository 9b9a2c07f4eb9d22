"""The query parameters of the list endpoints. A unit parameter accepts only units the caller may
read (another unit's id is invalid, as it is in the pages' filters) and includes its sub-units."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from evaluation.models import ServiceSurvey
from needs_analysis.models import NeedsSurvey
from programs.models import Competency, Employee, OrgUnit, Position
from training.lists import CourseSearch, SessionSearch
from training.models import Course, LearningRecord, Provider, Session

# Ids and years are bounded like the database's integers: a number past them is a clear 400, not
# an overflow inside the database driver.
MAX_ID = 999_999_999_999_999_999


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(IdFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=2000, max_value=2100, **kwargs)


class WithinYears:
    """A date the database can compare: SQLite overflows on year 1 or 9999 with a time zone."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Tahun harus antara 2000 dan 2100."), code="out_of_range")
        return value


class BoundedDateField(WithinYears, forms.DateField):
    pass


class BoundedDateTimeField(WithinYears, django_filters.fields.IsoDateTimeField):
    pass


class DateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedDateTimeField


def readable_units(request):
    return OrgUnit.objects.for_user(request.user) if request is not None else OrgUnit.objects.none()


class UnitIdField(forms.ModelChoiceField):
    def to_python(self, value):
        # Not a number the database could hold: invalid here, before the lookup overflows.
        if value not in self.empty_values and not (str(value).isdecimal() and len(str(value)) <= 18):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """`?unit=<id>`: rows of that unit and every unit below it."""

    field_class = UnitIdField

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
    parent = IdFilter(method="filter_parent", label=_("Sub-unit langsung dari unit"))
    q = django_filters.CharFilter(method="filter_text", label=_("Cari nama atau kode"))

    depth = IdFilter(label=_("Kedalaman (1 = instansi)"))

    class Meta:
        model = OrgUnit
        fields = ["kind", "is_service_unit"]

    def filter_parent(self, queryset, name, value):
        parent = readable_units(self.request).filter(pk=value).values_list("path", "depth").first()
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
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Diubah sejak (untuk sinkronisasi)")
    )

    position = IdFilter(field_name="position_id", label=_("Jabatan (id)"))
    supervisor = IdFilter(field_name="supervisor_id", label=_("Atasan langsung (id)"))

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
        return queryset.search(value)


class LearningRecordFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Tahun"))

    class Meta:
        model = LearningRecord
        fields = ["source"]


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


class CourseFilter(CourseSearch):
    """The catalogue page's search (title, description, code) and the API's own id filters."""

    competency = IdFilter(field_name="competencies", label=_("Mengembangkan kompetensi (id)"))
    jalur = django_filters.CharFilter(field_name="development_form__jalur", label=_("Jalur"))

    development_form = IdFilter(field_name="development_form_id", label=_("Bentuk (id)"))
    default_provider = IdFilter(field_name="default_provider_id", label=_("Penyedia (id)"))

    class Meta:
        model = Course
        fields = ["is_active"]


class SessionFilter(SessionSearch):
    """The schedule page's search (programme title, batch name) and the API's own filters."""

    organiser_unit = UnitSubtreeFilter(prefix="organiser_unit__", label=_("Penyelenggara (termasuk sub-unit)"))
    year = YearFilter(field_name="starts_on", lookup_expr="year", label=_("Tahun mulai"))
    starts_from = DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Mulai sejak"))
    starts_until = DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Mulai sampai"))

    course = IdFilter(field_name="course_id", label=_("Pelatihan (id)"))
    provider = IdFilter(field_name="provider_id", label=_("Penyedia (id)"))
    plan_item = IdFilter(field_name="plan_item_id", label=_("Butir rencana (id)"))

    class Meta:
        model = Session
        fields = ["status", "mode"]


class NeedsSurveyFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Tahun"))

    class Meta:
        model = NeedsSurvey
        fields = ["status"]


class ServiceSurveyFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    year = YearFilter(field_name="starts_on", lookup_expr="year", label=_("Tahun periode"))
    period_from = DateFilter(field_name="ends_on", lookup_expr="gte", label=_("Periode berakhir sejak"))
    period_until = DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Periode mulai sampai"))

    class Meta:
        model = ServiceSurvey
        fields = []
