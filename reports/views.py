from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from programs.access import access_for, manages_units, require_access
from programs.models import DevelopmentProgram, Employee, OrgUnit
from training.models import Enrolment, Session

from . import dashboards


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
    year = timezone.localdate().year
    context["year"] = year
    if access.is_admin or access.is_pimpinan:
        context["head"] = dashboards.head_home(request.user, year)
    if access.is_admin or access.is_operator or access.is_atasan:
        context["todo"] = dashboards.todo(request.user)
    if access.employee_id:
        context["me"] = Employee.objects.select_related("unit", "position", "supervisor").get(pk=access.employee_id)
        context["mine"] = dashboards.asn_home(context["me"], year)
    if access.is_atasan:
        context["direct_reports"] = (
            Employee.objects.active()
            .filter(supervisor_id=access.employee_id)
            .select_related("position")
            .order_by("name")
        )
    return render(request, "reports/home.html", context)


@require_access(manages_units)
def plan_coverage(request, pk):
    """Which items of a plan have sessions scheduled and which do not (the plan meets the schedule)."""
    program = get_object_or_404(DevelopmentProgram.objects.for_user(request.user).select_related("unit"), pk=pk)
    held = Q(enrolments__status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED])
    sessions = (
        Session.objects.for_user(request.user)
        .exclude(status=Session.Status.CANCELLED)
        .annotate(
            participants=Count("enrolments", filter=held),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
        )
        .order_by("starts_on", "id")
    )
    items = (
        program.items.select_related("competency", "development_form")
        .prefetch_related(Prefetch("sessions", queryset=sessions.select_related("course"), to_attr="scheduled"))
        .order_by("quarter", "id")
    )
    rows = []
    totals = {"planned_participants": 0, "participants": 0, "planned_jp": 0, "jp": 0, "budget": 0, "cost": 0}
    for item in items:
        # Realised: people confirmed or completed, the JP they earn, and what the sessions cost.
        realised = {
            "participants": sum(session.participants for session in item.scheduled),
            "jp": sum(session.completed * session.jp for session in item.scheduled),
            "cost": sum(session.cost for session in item.scheduled),
        }
        rows.append((item, item.scheduled, realised))
        totals["planned_participants"] += item.planned_participants
        totals["planned_jp"] += item.planned_participants * item.planned_jp
        totals["budget"] += item.budget
        for key in ("participants", "jp", "cost"):
            totals[key] += realised[key]
    return render(
        request,
        "reports/plan_coverage.html",
        {"program": program, "rows": rows, "totals": totals, "covered": sum(1 for row in rows if row[1])},
    )
