from django.contrib import admin

from .models import Agreement, Course, CourseCompetency, Instructor, Provider, Session, SessionDay


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [AgreementInline]


class CourseCompetencyInline(admin.TabularInline):
    model = CourseCompetency
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "development_form", "jp", "is_active"]
    list_filter = ["development_form", "is_active"]
    search_fields = ["code", "title"]
    inlines = [CourseCompetencyInline]


class SessionDayInline(admin.TabularInline):
    model = SessionDay
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["course", "name", "starts_on", "status", "capacity"]
    list_filter = ["status", "mode"]
    raw_id_fields = ["plan_item"]
    inlines = [SessionDayInline]


admin.site.register(Instructor)
