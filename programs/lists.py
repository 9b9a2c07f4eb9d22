"""The lists of the backbone, each declared once for its page and its Excel (core/list_page.py)."""

from operator import attrgetter

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.access import access_for, can_edit_people, manages_units
from core.audit import record_export
from core.list_page import Column, ListPage
from core.xlsx import choice_labels, xlsx_response

from .forms import EmployeeFilter
from .models import Competency, CompetencyRequirement, DevelopmentProgram, Employee, Position


def count_of(rows, group):
    """A correlated COUNT of `rows` (filtered on an OuterRef), 0 when there are none."""
    counted = rows.order_by().values(group).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class PositionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=Position.Kind.choices)

    class Meta:
        model = Position
        fields = []


class PositionList(ListPage):
    template = "programs/position_list.html"
    filterset_class = PositionFilter
    filename, title = "jabatan.xlsx", gettext_lazy("Jabatan")
    columns = [
        Column(gettext_lazy("Jabatan"), "wide", attrgetter("name")),
        Column(gettext_lazy("Jenis jabatan"), "text", lambda position: position.get_kind_display()),
        Column(gettext_lazy("Jenjang"), "text", lambda position: position.get_jenjang_display()),
        Column(gettext_lazy("Pemangku aktif"), "number", attrgetter("staff")),
        Column(gettext_lazy("Kompetensi dalam standar"), "number", attrgetter("standard_size")),
    ]

    def rows(self, request):
        # Counted in subqueries, not joins: the page count then needs no join with 50,000 employees,
        # and only the 25 positions shown are counted.
        # Staff are counted within the user's scope: an operator sees their own units' holders.
        staff = Employee.objects.for_user(request.user).active().filter(position=OuterRef("pk"))
        return Position.objects.annotate(
            staff=count_of(staff, "position"),
            standard_size=count_of(CompetencyRequirement.objects.filter(position=OuterRef("pk")), "position"),
        ).order_by("name", "id")

    def context(self, request):
        return {
            "kinds": Position.Kind.choices,
            "query": request.GET.get("q", "").strip(),
            "kind": request.GET.get("kind", ""),
        }


class CompetencyList(ListPage):
    """The competency dictionary: the agency's own, not scoped by unit."""

    template = "programs/competency_list.html"
    filename, title = "kamus-kompetensi.xlsx", gettext_lazy("Kamus kompetensi")
    columns = [
        Column(gettext_lazy("Kode"), "text", attrgetter("code")),
        Column(gettext_lazy("Kompetensi"), "wide", attrgetter("name")),
        Column(gettext_lazy("Jenis"), "text", lambda competency: competency.get_type_display()),
        Column(gettext_lazy("Dipakai di standar jabatan"), "number", attrgetter("positions_count")),
    ]

    def rows(self, request):
        return Competency.objects.annotate(positions_count=Count("requirements")).order_by("type", "code")


class PlanList(ListPage):
    template = "programs/plan_list.html"
    create_check = staticmethod(can_edit_people)
    filename, title = "rencana.xlsx", gettext_lazy("Rencana")
    columns = [
        Column(gettext_lazy("Rencana"), "wide", attrgetter("title")),
        Column(gettext_lazy("Tahun"), "number", attrgetter("year")),
        Column(gettext_lazy("Unit"), "text", lambda program: program.unit.name),
        Column(gettext_lazy("Status"), "text", lambda program: program.get_status_display()),
        Column(gettext_lazy("Butir"), "number", attrgetter("item_count")),
        Column(gettext_lazy("Ditetapkan pada"), "datetime", attrgetter("approved_at")),
    ]

    def rows(self, request):
        return (
            DevelopmentProgram.objects.for_user(request.user)
            .select_related("unit")
            .annotate(item_count=Count("items", distinct=True))
            .order_by("-year", "unit__path", "id")
        )


def sees_people(access):
    return access.manages_units or access.is_atasan


class EmployeeList(ListPage):
    """The people the user may see (active ones unless asked); the Excel has every field of the
    import, so a corrected sheet can go back in, and is for HR only (manages_units)."""

    template = "programs/employee_list.html"
    filterset_class = EmployeeFilter
    export_check = staticmethod(manages_units)

    def rows(self, request):
        return Employee.objects.for_user(request.user).select_related("unit", "position").order_by("name", "id")

    def context(self, request):
        return {"can_edit": can_edit_people(access_for(request.user))}

    def export(self, request, rows):
        people = rows.select_related("supervisor")
        record_export(
            request,
            model=Employee,
            description=gettext("Ekspor daftar pegawai (Excel)"),
            rows=people.count(),
            filters={key: value for key, value in request.GET.items() if value and key != "format"},
        )
        filename = f"pegawai-{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response(filename, [(gettext("Pegawai"), EMPLOYEE_EXPORT_COLUMNS, employee_export_rows(people))])


EMPLOYEE_EXPORT_COLUMNS = [
    (gettext_lazy("NIP"), "text"),
    (gettext_lazy("Nama lengkap"), "text"),
    (gettext_lazy("Gelar depan"), "text"),
    (gettext_lazy("Nama"), "text"),
    (gettext_lazy("Gelar belakang"), "text"),
    (gettext_lazy("Jenis kelamin"), "text"),
    (gettext_lazy("Tanggal lahir"), "date"),
    (gettext_lazy("Status"), "text"),
    (gettext_lazy("Golongan"), "text"),
    (gettext_lazy("Pangkat"), "text"),
    (gettext_lazy("Jabatan"), "text"),
    (gettext_lazy("Jenis jabatan"), "text"),
    (gettext_lazy("Unit kerja"), "text"),
    (gettext_lazy("NIP atasan"), "text"),
    (gettext_lazy("E-mail"), "text"),
    (gettext_lazy("Nomor HP"), "text"),
    (gettext_lazy("Aktif"), "text"),
]


def employee_export_rows(people):
    yes, no = gettext("Ya"), gettext("Tidak")
    gender = choice_labels(Employee, "gender")
    status = choice_labels(Employee, "status")
    golongan = choice_labels(Employee, "golongan")
    kind = choice_labels(Position, "kind")
    for person in people.iterator(chunk_size=2000):
        yield [
            person.nip,
            person.full_name,
            person.gelar_depan,
            person.name,
            person.gelar_belakang,
            gender.get(person.gender, person.gender),
            person.birth_date,
            status.get(person.status, person.status),
            golongan.get(person.golongan, person.golongan),
            person.pangkat,
            person.position.name if person.position else "",
            kind.get(person.position.kind, "") if person.position else "",
            person.unit.name,
            person.supervisor.nip if person.supervisor else "",
            person.email,
            person.phone,
            yes if person.is_active else no,
        ]
