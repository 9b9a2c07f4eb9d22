"""The lists of training, each declared once for its page and its Excel (core/list_page.py)."""

from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import access_for, can_edit_people
from core.list_page import Column, ListPage

from . import ledger
from .models import Agreement, Enrolment, ExternalClaim, Instructor, Mentorship, Provider


class ApprovalList(ListPage):
    """Registrations waiting for this user's decision (HR for their subtree, supervisors for their staff)."""

    template = "training/approval_list.html"
    filename, title = "persetujuan-pendaftaran.xlsx", gettext_lazy("Persetujuan pendaftaran")
    personal_data = Enrolment
    columns = [
        Column(gettext_lazy("NIP"), "nip", lambda enrolment: enrolment.employee.nip),
        Column(gettext_lazy("Nama"), "text", lambda enrolment: enrolment.employee.full_name),
        Column(gettext_lazy("Unit"), "text", lambda enrolment: enrolment.employee.unit.name),
        Column(gettext_lazy("Kegiatan"), "wide", lambda enrolment: str(enrolment.session)),
        Column(gettext_lazy("Mulai"), "date", lambda enrolment: enrolment.session.starts_on),
        Column(gettext_lazy("Sumber"), "text", lambda enrolment: enrolment.get_source_display()),
        Column(gettext_lazy("Diajukan pada"), "datetime", attrgetter("requested_at")),
    ]

    def rows(self, request):
        return (
            Enrolment.objects.for_user(request.user)
            .awaiting_decision_by(request.user)
            .select_related("employee__unit", "session__course")
            .order_by("requested_at", "id")
        )


def expected_jp(claim):
    """The JP the rules give the claim, or None when its form of development cannot say."""
    try:
        return ledger.claim_jp(claim)
    except ValidationError:
        return None


class ClaimList(ListPage):
    """Claims waiting for verification in the units the user manages, never their own."""

    template = "training/claim_list.html"
    filename, title = "klaim-menunggu-verifikasi.xlsx", gettext_lazy("Verifikasi klaim")
    personal_data = ExternalClaim
    columns = [
        Column(gettext_lazy("NIP"), "nip", lambda claim: claim.employee.nip),
        Column(gettext_lazy("Nama"), "text", lambda claim: claim.employee.full_name),
        Column(gettext_lazy("Unit"), "text", lambda claim: claim.employee.unit.name),
        Column(gettext_lazy("Kegiatan"), "wide", attrgetter("title")),
        Column(gettext_lazy("Bentuk pengembangan"), "text", lambda claim: claim.development_form.name),
        Column(gettext_lazy("Penyelenggara"), "text", attrgetter("organiser")),
        Column(gettext_lazy("Mulai"), "date", attrgetter("starts_on")),
        Column(gettext_lazy("Selesai"), "date", attrgetter("ends_on")),
        Column(gettext_lazy("JP menurut aturan"), "number", expected_jp),
        Column(gettext_lazy("Diajukan pada"), "datetime", attrgetter("created_at")),
    ]

    def rows(self, request):
        return (
            ExternalClaim.objects.for_user(request.user)
            .filter(status=ExternalClaim.Status.PENDING)
            .exclude(employee_id=access_for(request.user).employee_id or 0)
            .select_related("employee__unit", "development_form")
            .order_by("created_at", "id")
        )

    def page_context(self, request, page):
        return {"rows": [(claim, expected_jp(claim)) for claim in page]}


def agreements_needing_attention(provider, today):
    """The provider's agreements that are not simply in force today (expiring, expired, not started)."""
    return [a for a in provider.agreements.all() if a.state_on(today) != Agreement.State.ACTIVE]


def _agreements_text(provider):
    today = timezone.localdate()
    return "; ".join(
        f"{agreement}: {Agreement.State(agreement.state_on(today)).label} {agreement.ends_on:%d-%m-%Y}"
        for agreement in agreements_needing_attention(provider, today)
    )


class ProviderList(ListPage):
    """Providers and partners: the agency's own reference list (not scoped by unit)."""

    template = "training/provider_list.html"
    filename, title = "penyelenggara.xlsx", gettext_lazy("Penyelenggara dan mitra")
    columns = [
        Column(gettext_lazy("Nama"), "wide", attrgetter("name")),
        Column(gettext_lazy("Jenis"), "text", lambda provider: provider.get_kind_display()),
        Column(gettext_lazy("Aktif"), "text", lambda provider: _("Ya") if provider.is_active else _("Tidak")),
        Column(gettext_lazy("Program"), "number", attrgetter("course_count")),
        Column(gettext_lazy("Angkatan"), "number", attrgetter("session_count")),
        Column(gettext_lazy("Perjanjian"), "wide", _agreements_text),
    ]

    def rows(self, request):
        return (
            Provider.objects.annotate(
                course_count=Count("courses", distinct=True), session_count=Count("sessions", distinct=True)
            )
            .prefetch_related("agreements")
            .order_by("name", "id")  # Meta.ordering is dropped from GROUP BY queries
        )

    def page_context(self, request, page):
        today = timezone.localdate()
        return {
            "rows": [(provider, agreements_needing_attention(provider, today)) for provider in page],
            "today": today,
        }


class InstructorList(ListPage):
    """Instructors and facilitators: the agency's own reference list (not scoped by unit)."""

    template = "training/instructor_list.html"
    filename, title = "pengajar.xlsx", gettext_lazy("Pengajar dan fasilitator")
    personal_data = Instructor
    columns = [
        Column(gettext_lazy("Nama"), "text", attrgetter("name")),
        Column(gettext_lazy("Instansi/lembaga"), "wide", attrgetter("institution")),
        Column(gettext_lazy("Angkatan"), "number", attrgetter("session_count")),
    ]

    def rows(self, request):
        return Instructor.objects.annotate(session_count=Count("sessions")).order_by("name", "id")


class MentorshipList(ListPage):
    template = "training/mentorship_list.html"
    filename, title = "mentoring.xlsx", gettext_lazy("Mentoring dan coaching")
    personal_data = Mentorship
    columns = [
        Column(gettext_lazy("NIP mentor"), "nip", lambda mentorship: mentorship.mentor.nip),
        Column(gettext_lazy("Mentor"), "text", lambda mentorship: mentorship.mentor.full_name),
        Column(gettext_lazy("NIP mentee"), "nip", lambda mentorship: mentorship.mentee.nip),
        Column(gettext_lazy("Mentee"), "text", lambda mentorship: mentorship.mentee.full_name),
        Column(gettext_lazy("Kompetensi"), "wide", lambda mentorship: mentorship.competency.name),
        Column(gettext_lazy("Bentuk pengembangan"), "text", lambda mentorship: mentorship.development_form.name),
        Column(gettext_lazy("Mulai"), "date", attrgetter("starts_on")),
        Column(gettext_lazy("Selesai"), "date", attrgetter("ends_on")),
        Column(gettext_lazy("Sesi"), "number", attrgetter("log_count")),
    ]

    def rows(self, request):
        return (
            Mentorship.objects.for_user(request.user)
            .select_related("mentor", "mentee", "competency", "development_form")
            .annotate(log_count=Count("logs"))
            .order_by("-starts_on", "id")
        )

    def context(self, request):
        return {"can_create": can_edit_people(access_for(request.user))}
