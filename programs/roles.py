"""Who holds which role where: the backbone's data behind core.access. Granted roles come from
RoleAssignment (per unit); the employee record linked to the user makes them pegawai, and their
active direct reports make them atasan."""

from functools import cache

from django.db import connection
from django.db.models import BooleanField, CharField, Exists, OuterRef, Value

from core.access import Role, RoleSource

from .models import Employee, OrgUnit, RoleAssignment

_USER = -(2**53) + 7  # stands for the user's id in the compiled query; no other parameter equals it


class UnitRoles(RoleSource):
    def units(self):
        return OrgUnit.objects

    def rows(self, user):
        """(role, unit id, unit path, False) per granted role, then ("pegawai", employee id, "", has
        active reports) when the user is an active employee: one query, as every page asks it first."""
        sql, params = _access_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk if param == _USER else param for param in params])
            return [(role, pk, path, bool(has_reports)) for role, pk, path, has_reports in cursor.fetchall()]


@cache
def _access_sql():
    """The ORM's SQL for the roles query, compiled once per process: building and compiling it cost
    more than running it, on every page."""
    roles = (
        RoleAssignment.objects.filter(user_id=_USER)
        .order_by()
        .values_list("role", "unit_id", "unit__path", Value(False, output_field=BooleanField()))
    )
    reports = Employee.objects.filter(supervisor=OuterRef("pk"), is_active=True)
    employee = (
        Employee.objects.filter(user_id=_USER, is_active=True)
        .order_by()
        .values_list(
            Value(Role.PEGAWAI.value, output_field=CharField()),
            "pk",
            Value("", output_field=CharField()),
            Exists(reports),
        )
    )
    return roles.union(employee, all=True).order_by().query.sql_with_params()
