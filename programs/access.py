"""Who may see and change what: the roles of DESIGN.md §3 turned into query filters.

`access_for(user)` reads a user's roles once per request (two small queries) and every
`for_user()` queryset method builds its filter from it, so scoping lives in one place.
"""

from dataclasses import dataclass, field

from django.db.models import Q

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_admin: bool = False
    # Materialized paths of the units whose subtree the user manages (operator) or reads (pimpinan).
    operator_paths: tuple = ()
    pimpinan_paths: tuple = ()
    employee_id: int | None = None
    is_atasan: bool = False
    units: tuple = field(default=(), compare=False)

    @property
    def read_paths(self):
        return self.operator_paths + self.pimpinan_paths

    @property
    def roles(self):
        from .models import Role

        roles = []
        if self.is_admin:
            roles.append(Role.ADMIN)
        if self.operator_paths:
            roles.append(Role.OPERATOR)
        if self.pimpinan_paths:
            roles.append(Role.PIMPINAN)
        if self.is_atasan:
            roles.append(Role.ATASAN)
        if self.employee_id:
            roles.append(Role.PEGAWAI)
        return roles

    @property
    def has_role(self):
        return bool(self.roles)

    @property
    def is_operator(self):
        return bool(self.operator_paths)

    @property
    def is_pimpinan(self):
        return bool(self.pimpinan_paths)

    @property
    def is_pegawai(self):
        return self.employee_id is not None

    @property
    def manages_units(self):
        """Admin, operator or pimpinan: the roles that work with lists of people."""
        return self.is_admin or bool(self.read_paths)

    def _subtree_q(self, paths, prefix):
        units = NOTHING
        for path in paths:
            units |= Q(path__startswith=path)
        if not prefix or not paths:
            return units
        # Rows reaching a unit are matched by unit id in a subquery rather than by a join on the
        # unit's path: PostgreSQL misjudges how many rows a path prefix leaves and, for a small
        # subtree in a province, walked the whole employee name index (20 ms -> 5 ms per list).
        from .models import OrgUnit

        return Q(**{f"{prefix}in": OrgUnit.objects.filter(units).values("pk")})

    def unit_q(self, prefix="", *, editable=False):
        """Filter for OrgUnit rows (or rows reaching a unit through `prefix`, e.g. "unit__")."""
        if self.is_admin:
            return Q()
        return self._subtree_q(self.operator_paths if editable else self.read_paths, prefix)

    def employee_q(self, prefix="", *, editable=False):
        """Filter for Employee rows (or rows reaching an employee through `prefix`, e.g. "employee__")."""
        if self.is_admin:
            return Q()
        query = self.unit_q(f"{prefix}unit__", editable=editable)
        if not editable:
            if self.is_atasan:
                query |= Q(**{f"{prefix}supervisor_id": self.employee_id})
            if self.employee_id:
                query |= Q(**{f"{prefix}pk" if prefix else "pk": self.employee_id})
        return query

    def can_edit_unit(self, unit):
        return self.is_admin or any(unit.path.startswith(path) for path in self.operator_paths)

    def can_read_unit(self, unit):
        return self.is_admin or any(unit.path.startswith(path) for path in self.read_paths)


ANONYMOUS = Access()


def access_for(user):
    """The user's Access, computed once and kept on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_bangkom_access", None)
    if cached is not None:
        return cached
    from .models import Role, RoleAssignment

    is_admin = user.is_superuser
    operator, pimpinan = set(), set()
    units = []
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        if assignment.role == Role.ADMIN:
            is_admin = True
        elif assignment.role == Role.OPERATOR:
            operator.add(assignment.unit.path)
            units.append(assignment.unit)
        elif assignment.role == Role.PIMPINAN:
            pimpinan.add(assignment.unit.path)
            units.append(assignment.unit)
    employee = _linked_employee(user)
    access = Access(
        is_authenticated=True,
        is_admin=is_admin,
        operator_paths=tuple(sorted(operator)),
        pimpinan_paths=tuple(sorted(pimpinan)),
        employee_id=employee["pk"] if employee else None,
        is_atasan=bool(employee and employee["has_reports"]),
        units=tuple(units),
    )
    user._bangkom_access = access
    return access


def _linked_employee(user):
    from django.db.models import Exists, OuterRef

    from .models import Employee

    reports = Employee.objects.filter(supervisor=OuterRef("pk"), is_active=True)
    return (
        Employee.objects.filter(user=user, is_active=True)
        .annotate(has_reports=Exists(reports))
        .values("pk", "has_reports")
        .first()
    )


def require_access(check=None):
    """View decorator: log in first; then, if `check(access)` is false, 403 (a friendly page
    telling a user without any role to ask their admin)."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            access = access_for(request.user)
            if not access.has_role or (check is not None and not check(access)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def ensure_can_edit(user, unit):
    """The object is in the user's read scope (fetched through for_user); writing needs edit rights
    on its unit, otherwise 403 — the house rule for read-only roles."""
    from django.core.exceptions import PermissionDenied

    if not access_for(user).can_edit_unit(unit):
        raise PermissionDenied


def is_admin(access):
    return access.is_admin


def manages_units(access):
    return access.manages_units


def can_edit_people(access):
    return access.is_admin or access.is_operator
