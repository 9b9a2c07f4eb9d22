"""The lists of evaluation, each declared once for its page and its Excel (core/list_page.py)."""

from operator import attrgetter

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import can_edit_people
from core.list_page import Column, ListPage

from .models import CommunityInput, Questionnaire, ServiceSurvey


class QuestionnaireList(ListPage):
    """The questionnaire templates: the agency's own, not scoped by unit."""

    template = "evaluation/questionnaire_list.html"
    filename, title = "kuesioner-evaluasi.xlsx", gettext_lazy("Kuesioner evaluasi")
    columns = [
        Column(gettext_lazy("Judul"), "wide", attrgetter("title")),
        Column(gettext_lazy("Versi"), "number", attrgetter("version")),
        Column(gettext_lazy("Jenis"), "text", lambda questionnaire: questionnaire.get_kind_display()),
        Column(gettext_lazy("Aktif"), "text", lambda questionnaire: _("Ya") if questionnaire.is_active else _("Tidak")),
        Column(gettext_lazy("Pertanyaan"), "number", attrgetter("questions_count")),
        Column(gettext_lazy("Dipakai"), "number", attrgetter("uses")),
    ]

    def rows(self, request):
        return Questionnaire.objects.annotate(
            questions_count=Count("questions", distinct=True), uses=Count("distributions", distinct=True)
        ).order_by("kind", "title", "-version", "id")


class SkmList(ListPage):
    template = "evaluation/skm_list.html"
    create_check = staticmethod(can_edit_people)
    filename, title = "skm.xlsx", gettext_lazy("Survei kepuasan masyarakat")
    columns = [
        Column(gettext_lazy("Unit layanan"), "text", lambda survey: survey.unit.name),
        Column(gettext_lazy("Judul"), "wide", attrgetter("title")),
        Column(gettext_lazy("Periode mulai"), "date", attrgetter("starts_on")),
        Column(gettext_lazy("Periode selesai"), "date", attrgetter("ends_on")),
        Column(gettext_lazy("Responden"), "number", attrgetter("responses_count")),
    ]

    def rows(self, request):
        return (
            ServiceSurvey.objects.for_user(request.user)
            .select_related("unit")
            .annotate(responses_count=Count("responses"))
            .order_by("-starts_on", "unit__path", "id")
        )


class CommunityList(ListPage):
    template = "evaluation/community_list.html"
    create_check = staticmethod(can_edit_people)
    filename, title = "masukan-masyarakat.xlsx", gettext_lazy("Masukan masyarakat")
    columns = [
        Column(gettext_lazy("Tanggal"), "date", attrgetter("date")),
        Column(gettext_lazy("Unit"), "text", lambda item: item.unit.name),
        Column(gettext_lazy("Kanal"), "text", lambda item: item.get_channel_display()),
        Column(gettext_lazy("Ringkasan"), "wide", attrgetter("summary")),
        Column(gettext_lazy("Tindak lanjut"), "wide", attrgetter("follow_up")),
        Column(
            gettext_lazy("Kompetensi terkait"), "wide", lambda item: ", ".join(str(c) for c in item.competencies.all())
        ),
        Column(gettext_lazy("Status"), "text", lambda item: item.get_status_display()),
    ]

    def rows(self, request):
        return (
            CommunityInput.objects.for_user(request.user)
            .select_related("unit")
            .prefetch_related("competencies")
            .order_by("-date", "-id")
        )
