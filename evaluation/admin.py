from django.contrib import admin

from .models import Distribution, Question, Questionnaire, Section, UnsurCompetency


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "version", "is_active"]
    inlines = [SectionInline, QuestionInline]


@admin.register(Distribution)
class DistributionAdmin(admin.ModelAdmin):
    list_display = ["session", "purpose", "opens_at", "closes_at", "is_anonymous"]
    raw_id_fields = ["session"]

    def get_readonly_fields(self, request, obj=None):
        # What a locked distribution keeps is not even offered (the model refuses it in any case).
        if obj is not None and obj.is_locked:
            return ["session", "questionnaire", "purpose", "opens_at", "closes_at", "is_anonymous"]
        return super().get_readonly_fields(request, obj)


@admin.register(UnsurCompetency)
class UnsurCompetencyAdmin(admin.ModelAdmin):
    list_display = ["unsur", "competency"]
