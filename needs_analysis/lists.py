"""The lists of needs analysis, each declared once for its page and its Excel (core/list_page.py)."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from core.access import can_edit_people
from core.list_page import Column, ListPage

from .models import Assessment, NeedsSurvey


class SurveyList(ListPage):
    template = "needs_analysis/survey_list.html"
    create_check = staticmethod(can_edit_people)
    filename, title = "survei-akpk.xlsx", _("Analisis kebutuhan")
    columns = [
        Column(_("Survei"), "wide", attrgetter("title")),
        Column(_("Unit penyelenggara"), "text", lambda survey: survey.owner_unit.name),
        Column(_("Tahun"), "number", attrgetter("year")),
        Column(_("Dibuka"), "date", attrgetter("opens_on")),
        Column(_("Ditutup"), "date", attrgetter("closes_on")),
        Column(_("Status"), "text", lambda survey: survey.get_status_display()),
        Column(_("Terisi"), "number", attrgetter("answered")),
        Column(_("Pegawai sasaran"), "number", attrgetter("people")),
    ]

    def rows(self, request):
        return (
            NeedsSurvey.objects.for_user(request.user)
            .with_answers_of(request.user)
            .select_related("owner_unit")
            .order_by("-year", "-opens_on", "-id")
        )


RETURNED_SHOWN = 50


class ValidationList(ListPage):
    """Assessments waiting for the user's validation (a supervisor, or HR for orphaned staff)."""

    template = "needs_analysis/validation_list.html"
    filename, title = "validasi-penilaian.xlsx", _("Validasi penilaian")
    personal_data = Assessment
    columns = [
        Column(_("NIP"), "nip", lambda assessment: assessment.employee.nip),
        Column(_("Nama"), "text", lambda assessment: assessment.employee.full_name),
        Column(_("Unit"), "text", lambda assessment: assessment.unit.name),
        Column(_("Survei"), "wide", lambda assessment: assessment.survey.title),
        Column(_("Dikirim pada"), "datetime", attrgetter("submitted_at")),
    ]

    def rows(self, request):
        return (
            Assessment.objects.for_user(request.user)
            .awaiting_validation_by(request.user)
            .select_related("survey", "employee", "unit")
            .order_by("submitted_at", "id")
        )

    def context(self, request, **kwargs):
        # Those sent back for revision stay in sight until the ASN sends them again.
        returned = (
            Assessment.objects.for_user(request.user)
            .returned_by_validator(request.user)
            .select_related("survey", "employee", "unit")
            .order_by("returned_at", "id")
        )
        return {"returned": returned[:RETURNED_SHOWN], "returned_count": returned.count()}


def validates(access):
    return access.is_atasan or access.is_operator or access.is_admin
