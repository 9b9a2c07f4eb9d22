from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.access import access_for, manages_units, require_access
from core.audit import record_export
from core.xlsx import xlsx_response
from programs.models import DevelopmentProgram, Employee, OrgUnit

from . import dashboards
from .forms import FIRST_YEAR, AnnualReportForm
from .personal_data import personal_data_sheets
from .realisation import plan_realisation
from .tasks import WORD, annual_report_task


@login_required
def home(request):
    """Each role's home. Users without any role get a page telling them whom to ask."""
    access = access_for(request.user)
    if not access.has_role:
        return render(request, "reports/no_role.html", status=403)
    context = {}
    if access.manages_units:
        people = Employee.objects.for_user(request.user)
        context["staff"] = people.aggregate(
            total=Count("pk", filter=Q(is_active=True)),
            pns=Count("pk", filter=Q(is_active=True, status=Employee.Status.PNS)),
            cpns=Count("pk", filter=Q(is_active=True, status=Employee.Status.CPNS)),
            pppk=Count("pk", filter=Q(is_active=True, status=Employee.Status.PPPK)),
        )
        context["unit_count"] = OrgUnit.objects.for_user(request.user).count()
    this_year = timezone.localdate().year
    year = this_year
    if request.GET.get("year", "").isdecimal() and FIRST_YEAR <= int(request.GET["year"]) <= this_year + 1:
        year = int(request.GET["year"])
    context["year"] = year
    context["years"] = range(this_year + 1, FIRST_YEAR - 1, -1)
    if access.is_admin or access.is_pimpinan:
        context["head"] = dashboards.cached_head_home(request.user, year, refresh=bool(request.GET.get("segar")))
        # Read fresh on every visit (not among the cached figures): an approval done is gone at once.
        context["plans_to_approve"] = dashboards.plans_to_approve(request.user)
    if access.is_admin or access.is_operator or access.is_atasan:
        context["todo"] = dashboards.todo(request.user)
    if access.is_operator and not (access.is_admin or access.is_pimpinan):
        context["unit_charts"] = dashboards.operator_charts(request.user, year)
    if access.is_admin:
        context["role_changes"] = dashboards.recent_role_changes()
    if access.employee_id:
        context["me"] = Employee.objects.select_related("unit", "position", "supervisor").get(pk=access.employee_id)
        context["mine"] = dashboards.asn_home(context["me"], year)
        context["my_charts"] = dashboards.asn_charts(context["me"], year, target=context["mine"]["target"])
    if access.is_atasan:
        context["team"] = dashboards.team(access.employee_id, year)
    return render(request, "reports/home.html", context)


@require_access(manages_units)
def plan_coverage(request, pk):
    """Which items of a plan have sessions scheduled and which do not (the plan meets the schedule)."""
    program = get_object_or_404(DevelopmentProgram.objects.for_user(request.user).select_related("unit"), pk=pk)
    return render(
        request,
        "reports/plan_coverage.html",
        {"program": program, **plan_realisation(request.user, [program])},
    )


@require_access(manages_units)
def annual_report(request):
    """Ask for the annual report PDF: it is built in the background and downloaded from the job page."""
    form = AnnualReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
        scope = unit.name if unit else settings.BANGKOM["INSTANSI_NAME"]
        title = _("Laporan tahunan %(year)s — %(scope)s") % {"year": year, "scope": scope}
        # The same report as an editable Word copy, when that button was pressed.
        word = request.POST.get("format") == WORD
        job = jobs.start(
            request,
            kind="annual_report",
            title=f"{title} (Word)" if word else title,
            task=annual_report_task,
            params={"year": year, "unit": unit.pk if unit else None, **({"format": WORD} if word else {})},
        )
        return redirect(job)
    recent = jobs.for_user(request.user).filter(kind="annual_report")[:10]
    return render(request, "reports/annual_report.html", {"form": form, "recent": recent})


@require_access()
def personal_data(request, pk):
    """Everything Bangkom stores about one employee, as a workbook: for the person themself (from
    their profile) or for the admin or operator of their unit answering their request. Audited."""
    person = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("unit", "position", "supervisor", "user"), pk=pk
    )
    access = access_for(request.user)
    if access.employee_id != person.pk and not access.can_edit_unit(person.unit):
        raise PermissionDenied  # atasan and pimpinan read a person's pages, but do not take their data away
    sheets = personal_data_sheets(person)
    record_export(
        request,
        model=Employee,
        description=_("Data pribadi %(nip)s") % {"nip": person.nip},
        rows=sum(len(rows) for _title, _columns, rows in sheets),
    )
    return xlsx_response(f"data-pribadi-{person.nip}.xlsx", sheets)
