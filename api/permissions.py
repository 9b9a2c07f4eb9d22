"""Which roles may call which endpoint: the same checks as the pages' `require_access`. What each
role then sees is decided by the models' `for_user` querysets, as on the pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from core.access import access_for


class HasRole(permissions.BasePermission):
    """Logged in (session or token) and holding a role, like every page."""

    check = None
    message = _("Akun ini belum punya peran di Bangkom; minta admin BKPSDM memberinya peran.")

    def has_permission(self, request, view):
        access = access_for(request.user)
        if not access.is_authenticated or not access.has_role:
            return False
        return self.check is None or self.check(access)


class ManagesUnits(HasRole):
    """Admin, operator or pimpinan: the roles that work with lists of units and people."""

    message = _("Data ini hanya untuk admin BKPSDM, operator, dan pimpinan unit.")

    @staticmethod
    def check(access):
        return access.manages_units


class SeesProviders(HasRole):
    """Scores across the whole agency per course and provider: admin and pimpinan (the scoreboard)."""

    message = _("Nilai per pelatihan dan per penyedia hanya untuk admin BKPSDM dan pimpinan.")

    @staticmethod
    def check(access):
        return access.is_admin or access.is_pimpinan
