from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from core.admin import GrantsPowerAdmin

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
