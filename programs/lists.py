"""The lists of the backbone, each declared once for its page and its Excel (core/list_page.py)."""

from operator import attrgetter

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.access import access_for, can_edit_people
from core.list_page import Column, ListPage

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
    filename, title = "jabatan.xlsx", _("Jabatan")
    columns = [
        Column(_("Jabatan"), "wide", attrgetter("name")),
        Column(_("Jenis jabatan"), "text", lambda position: position.get_kind_display()),
        Column(_("Jenjang"), "text", lambda position: position.get_jenjang_display()),
        Column(_("Pemangku aktif"), "number", attrgetter("staff")),
        Column(_("Kompetensi dalam standar"), "number", attrgetter("standard_size")),
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
    filename, title = "kamus-kompetensi.xlsx", _("Kamus kompetensi")
    columns = [
        Column(_("Kode"), "text", attrgetter("code")),
        Column(_("Kompetensi"), "wide", attrgetter("name")),
        Column(_("Jenis"), "text", lambda competency: competency.get_type_display()),
        Column(_("Dipakai di standar jabatan"), "number", attrgetter("positions_count")),
    ]

    def rows(self, request):
        return Competency.objects.annotate(positions_count=Count("requirements")).order_by("type", "code")


class PlanList(ListPage):
    template = "programs/plan_list.html"
    filename, title = "rencana.xlsx", _("Rencana")
    columns = [
        Column(_("Rencana"), "wide", attrgetter("title")),
        Column(_("Tahun"), "number", attrgetter("year")),
        Column(_("Unit"), "text", lambda program: program.unit.name),
        Column(_("Status"), "text", lambda program: program.get_status_display()),
        Column(_("Butir"), "number", attrgetter("item_count")),
        Column(_("Ditetapkan pada"), "datetime", attrgetter("approved_at")),
    ]

    def rows(self, request):
        return (
            DevelopmentProgram.objects.for_user(request.user)
            .select_related("unit")
            .annotate(item_count=Count("items", distinct=True))
            .order_by("-year", "unit__path", "id")
        )

    def context(self, request):
        return {"can_create": can_edit_people(access_for(request.user))}
