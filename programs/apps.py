from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Data induk dan rencana")

    def ready(self):
        from auditlog.registry import auditlog

        from core import access

        from . import roles
        from .models import CompetencyRequirement, Employee, OrgUnit, Position, RoleAssignment

        # The platform scopes every query by the roles this app records.
        access.read_roles_from(roles.UnitRoles())
        for model in (OrgUnit, Employee, Position, CompetencyRequirement, RoleAssignment):
            auditlog.register(model)
