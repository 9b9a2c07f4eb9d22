from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin  # importing it registers Django's user admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import accounts
from .models import (
    Competency,
    CompetencyLevel,
    CompetencyRequirement,
    DefaultRequiredLevel,
    DevelopmentForm,
    Employee,
    OrgUnit,
    Position,
    RoleAssignment,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ["name", "code", "kind", "is_service_unit"]
    search_fields = ["name", "code"]


class GrantsPowerAdmin(admin.ModelAdmin):
    """Adding, changing or deleting here grants or takes power: the password must have been typed in the
    last 15 minutes (programs/accounts.py), on the form and on its submission alike. Changes are in the
    audit trail (auditlog) and on every BKPSDM admin's home."""

    def changeform_view(self, request, *args, **kwargs):
        if not accounts.password_is_recent(request):
            return accounts.ask_for_password(request)
        return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        if not accounts.password_is_recent(request):
            return accounts.ask_for_password(request)
        return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method == "POST" and not accounts.password_is_recent(request):  # bulk actions, e.g. delete
            return accounts.ask_for_password(request)
        return super().changelist_view(request, *args, **kwargs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(GrantsPowerAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]


class CompetencyLevelInline(admin.TabularInline):
    model = CompetencyLevel
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["code", "name"]
    inlines = [CompetencyLevelInline]


class CompetencyRequirementInline(admin.TabularInline):
    model = CompetencyRequirement
    extra = 0
    autocomplete_fields = ["competency"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jenjang"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CompetencyRequirementInline]


@admin.register(DefaultRequiredLevel)
class DefaultRequiredLevelAdmin(admin.ModelAdmin):
    list_display = ["grade", "required_level"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["nip", "name", "status", "golongan", "unit", "is_active"]
    list_filter = ["status", "is_active"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["unit", "position", "supervisor", "user"]


@admin.register(DevelopmentForm)
class DevelopmentFormAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "jalur",
        "jp_rule",
        "jp_national",
        "jp_international",
        "international_uplift_percent",
    ]
    list_filter = ["jalur", "jp_rule"]
    list_editable = ["jp_national", "jp_international", "international_uplift_percent"]


class UserAdmin(GrantsPowerAdmin, DjangoUserAdmin):
    """Django's user admin: its staff, superuser, group and permission fields grant power too."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
