from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from programs.access import access_for
from programs.models import Employee, OrgUnit


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
    if access.employee_id:
        context["me"] = Employee.objects.select_related("unit", "position", "supervisor").get(pk=access.employee_id)
    if access.is_atasan:
        context["direct_reports"] = (
            Employee.objects.active()
            .filter(supervisor_id=access.employee_id)
            .select_related("position")
            .order_by("name")
        )
    return render(request, "reports/home.html", context)
