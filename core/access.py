"""Who may see and change what: the roles turned into query filters.

`access_for(user)` reads a user's roles once per request (one small query) and every
`for_user()` queryset method builds its filter from it, so scoping lives in one place.

The platform knows roles and units as materialised paths; which user holds which role where is the
backbone's data (programs/roles.py), handed over once at start-up through `read_roles_from`, so this
module imports no model and the models can import it.
"""

from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTHING = Q(pk__in=[])
# Everything, as a condition that stays true when OR-ed: Q() | other is just `other` in Django, so
# an admin's empty Q() combined with "…or the mentor is me" would have shown the admin nothing.
EVERYTHING = ~NOTHING


class Role(models.TextChoices):
    """Admin, operator and pimpinan are granted per unit; atasan and pegawai follow from the
    organisation data (a linked employee record, direct reports)."""

    ADMIN = "admin", _("Admin BKPSDM")
    OPERATOR = "operator", _("Operator unit")
    PIMPINAN = "pimpinan", _("Pimpinan")
    ATASAN = "atasan", _("Atasan langsung")
    PEGAWAI = "pegawai", _("Pegawai (ASN)")


class RoleSource:
    """What the backbone provides (programs/roles.py): the unit rows, and a user's roles as
    (role, unit id, unit path, has reports) rows, the employee record as ("pegawai", id, "", …)."""

    def units(self):
        raise NotImplementedError

    def rows(self, user):
        raise NotImplementedError


_source = RoleSource()


def read_roles_from(source):
    """Called once by the backbone's AppConfig.ready()."""
    global _source
    _source = source


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_admin: bool = False
    # Materialized paths of the units whose subtree the user manages (operator) or reads (pimpinan).
    operator_paths: tuple = ()
    pimpinan_paths: tuple = ()
    employee_id: int | None = None
    is_atasan: bool = False
    unit_ids: tuple = ()  # the units of the operator and pimpinan roles, in assignment order

    @cached_property
    def units(self):
        """The role units themselves, read only by the few pages that name them."""
        found = _source.units().in_bulk(self.unit_ids)
        return tuple(found[pk] for pk in self.unit_ids if pk in found)

    @property
    def default_unit(self):
        """The unit a page of figures is about when none is asked for: an operator's or head's only
        unit (counted once when it comes with both roles), else None (the whole scope). The 20 JP page,
        the home, the annual report and the API all ask here."""
        units = {unit.pk: unit for unit in self.units}
        if not self.is_admin and len(units) == 1:
            return next(iter(units.values()))
        return None

    @property
    def read_paths(self):
        return self.operator_paths + self.pimpinan_paths

    @property
    def roles(self):
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
    def menu_key(self):
        """What the main menu depends on, as a cache key part: the menu is drawn once per key."""
        flags = (self.is_admin, self.is_operator, self.is_pimpinan, self.is_atasan)
        return "".join("1" if flag else "0" for flag in flags) + f"-{self.employee_id or ''}"

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
        # subtree in a province, walked the whole employee name index.
        return Q(**{f"{prefix}in": _source.units().filter(units).values("pk")})

    def unit_q(self, prefix="", *, editable=False):
        """Filter for OrgUnit rows (or rows reaching a unit through `prefix`, e.g. "unit__")."""
        if self.is_admin:
            return EVERYTHING
        return self._subtree_q(self.operator_paths if editable else self.read_paths, prefix)

    def head_q(self, prefix=""):
        """Filter for OrgUnit rows (or rows reaching a unit through `prefix`) in the units the user
        heads as pimpinan, where their approvals are asked; the admin's: everything."""
        if self.is_admin:
            return EVERYTHING
        return self._subtree_q(self.pimpinan_paths, prefix)

    def employee_q(self, prefix="", *, editable=False):
        """Filter for Employee rows (or rows reaching an employee through `prefix`, e.g. "employee__")."""
        if self.is_admin:
            return EVERYTHING
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
    is_admin = user.is_superuser
    operator, pimpinan = set(), set()
    unit_ids = []
    employee_id, is_atasan = None, False
    for role, unit_id, path, has_reports in _source.rows(user):
        if role == Role.ADMIN:
            is_admin = True
        elif role == Role.OPERATOR:
            operator.add(path)
            unit_ids.append(unit_id)
        elif role == Role.PIMPINAN:
            pimpinan.add(path)
            unit_ids.append(unit_id)
        elif role == Role.PEGAWAI:
            employee_id, is_atasan = unit_id, has_reports
    access = Access(
        is_authenticated=True,
        is_admin=is_admin,
        operator_paths=tuple(sorted(operator)),
        pimpinan_paths=tuple(sorted(pimpinan)),
        employee_id=employee_id,
        is_atasan=is_atasan,
        unit_ids=tuple(unit_ids),
    )
    user._bangkom_access = access
    return access


def require_access(check=None):
    """View decorator: log in first; then, if `check(access)` is false, 403 (a friendly page
    telling a user without any role to ask their admin)."""

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

    if not access_for(user).can_edit_unit(unit):
        raise PermissionDenied


def is_admin(access):
    return access.is_admin


def manages_units(access):
    return access.manages_units


def can_edit_people(access):
    return access.is_admin or access.is_operator
