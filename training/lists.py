"""The lists of training, each declared once for its page and its Excel (core/list_page.py)."""

import datetime
from operator import attrgetter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import can_edit_people
from core.formats import long_date
from core.list_page import Column, ListPage
from core.xlsx import xlsx_response
from programs.forms import QuickSelect, UnitChoiceField
from programs.models import Competency, DevelopmentForm, OrgUnit

from . import exports, ledger
from .models import (
    Agreement,
    Course,
    CourseCompetency,
    Enrolment,
    ExternalClaim,
    Instructor,
    Mentorship,
    Proposal,
    Provider,
    Session,
)


def competency_filter(field_name):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=gettext_lazy("Kompetensi"),
        queryset=Competency.objects.filter(is_active=True),
        empty_label=gettext_lazy("Semua kompetensi"),
        widget=QuickSelect,
    )


def form_filter(field_name):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=gettext_lazy("Bentuk pengembangan"),
        queryset=DevelopmentForm.objects.filter(is_active=True),
        empty_label=gettext_lazy("Semua bentuk"),
        widget=QuickSelect,
    )


def provider_filter(**where):
    return django_filters.ModelChoiceFilter(
        label=gettext_lazy("Penyelenggara"),
        queryset=Provider.objects.filter(is_active=True),
        empty_label=gettext_lazy("Semua penyelenggara"),
        widget=QuickSelect,
        **where,
    )


class CourseSearch(django_filters.FilterSet):
    """What "search the catalogue" means, for the catalogue page and the API's course list alike."""

    q = django_filters.CharFilter(method="search", label=gettext_lazy("Cari"))

    class Meta:
        model = Course
        fields = []

    def search(self, courses, name, text):
        return courses.filter(Q(title__icontains=text) | Q(description__icontains=text) | Q(code__icontains=text))


class CatalogueFilter(CourseSearch):
    competency = competency_filter("course_competencies__competency")
    form = form_filter("development_form")
    provider = provider_filter(method="by_provider")

    @property
    def qs(self):
        return super().qs.distinct()

    def by_provider(self, courses, name, provider):
        return courses.filter(Q(default_provider=provider) | Q(sessions__provider=provider))


class CourseList(ListPage):
    """The catalogue: every active programme, for everyone with a login (not scoped by unit)."""

    template = "training/course_list.html"
    filterset_class = CatalogueFilter
    per_page = 24  # three cards a row

    def rows(self, request):
        return (
            Course.objects.filter(is_active=True)
            .select_related("development_form", "default_provider")
            .prefetch_related(
                Prefetch("course_competencies", queryset=CourseCompetency.objects.select_related("competency"))
            )
            .order_by("title", "id")
        )

    def context(self, request):
        return {"form": self.filters.form}

    def export(self, request, rows):
        return xlsx_response("katalog-pelatihan.xlsx", exports.catalogue_sheets(rows))


class SessionSearch(django_filters.FilterSet):
    """What "search the schedule" means, for the schedule page and the API's session list alike."""

    q = django_filters.CharFilter(method="search", label=gettext_lazy("Cari"))

    class Meta:
        model = Session
        fields = []

    def search(self, sessions, name, text):
        return sessions.filter(Q(course__title__icontains=text) | Q(name__icontains=text))


class ScheduleFilter(SessionSearch):
    competency = competency_filter("course__course_competencies__competency")
    form = form_filter("course__development_form")
    provider = provider_filter(field_name="provider")
    unit = django_filters.ModelChoiceFilter(
        method="relevant_to",
        label=gettext_lazy("Relevan untuk unit"),
        queryset=OrgUnit.objects.all(),
        empty_label=gettext_lazy("Semua unit"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Session.Status.choices,
        empty_label=gettext_lazy("Semua status"),
        widget=QuickSelect,
    )

    class Meta:
        model = Session
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].field_class = UnitChoiceField

    @property
    def qs(self):
        return super().qs.distinct()

    def relevant_to(self, sessions, name, unit):
        """Organised inside the unit or above it, or planned for it."""
        ancestors = [unit.path[:end] for end in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
        return sessions.filter(
            Q(organiser_unit__path__in=ancestors)
            | Q(organiser_unit__path__startswith=unit.path)
            | Q(plan_item__target_units__path__startswith=unit.path)
        )


def schedule(request):
    """The sessions the user sees with the schedule's filters applied: (filters, sessions)."""
    sessions = (
        Session.objects.for_user(request.user)
        .select_related("course__development_form", "provider", "organiser_unit")
        .order_by("starts_on", "id")
    )
    filters = ScheduleFilter(request.GET or None, queryset=sessions, request=request)
    return filters, filters.qs


class SessionList(ListPage):
    """The schedule: from a month ago on (`?all=1`: every session), with the schedule's filters."""

    template = "training/session_list.html"

    def filtered(self, request):
        self.filters, sessions = schedule(request)
        if not request.GET.get("all"):
            sessions = sessions.filter(ends_on__gte=timezone.localdate() - datetime.timedelta(days=30))
        return sessions, self.filters

    def context(self, request):
        return {"form": self.filters.form}

    def for_page(self, rows):
        return rows.annotate(day_count=Count("days"))

    def export(self, request, rows):
        return xlsx_response("jadwal-pelatihan.xlsx", exports.schedule_sheets(rows))


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


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status usulan"),
        choices=Proposal.Status.choices,
        empty_label=gettext_lazy("Semua status"),
        widget=QuickSelect,
    )
    session = django_filters.NumberFilter(field_name="session", widget=forms.HiddenInput)
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Nama, NIP, atau pelatihan"))

    class Meta:
        model = Proposal
        fields = []

    def search(self, proposals, name, text):
        return proposals.filter(
            Q(employee__name__icontains=text)
            | Q(employee__nip__startswith=text.replace(" ", ""))
            | Q(session__course__title__icontains=text)
        )


class ProposalList(ListPage):
    """The proposals a user sees with their status: a unit's own (as it sees its staff), an ASN's own,
    and, for the organisers, those to their sessions."""

    template = "training/proposal_list.html"
    filterset_class = ProposalFilter
    filename, title = "usulan-peserta.xlsx", gettext_lazy("Usulan peserta")
    personal_data = Proposal
    columns = [
        Column(gettext_lazy("NIP"), "nip", lambda proposal: proposal.employee.nip),
        Column(gettext_lazy("Nama"), "text", lambda proposal: proposal.employee.full_name),
        Column(gettext_lazy("Unit pengusul"), "text", lambda proposal: proposal.unit.name),
        Column(gettext_lazy("Kegiatan"), "wide", lambda proposal: str(proposal.session)),
        Column(gettext_lazy("Mulai"), "date", lambda proposal: proposal.session.starts_on),
        Column(gettext_lazy("Status"), "text", lambda proposal: proposal.get_status_display()),
        Column(gettext_lazy("Alasan"), "wide", attrgetter("reason")),
        Column(gettext_lazy("Diusulkan pada"), "datetime", attrgetter("proposed_at")),
        Column(gettext_lazy("Diputuskan pada"), "datetime", attrgetter("decided_at")),
    ]

    def rows(self, request):
        return (
            Proposal.objects.for_user(request.user)
            .select_related("employee__unit", "unit", "session__course", "enrolment")
            .order_by("-proposed_at", "-id")
        )

    def context(self, request):
        return {"form": self.filters.form}


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
            .awaiting_verification_by(request.user)
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
        f"{agreement}: {Agreement.State(agreement.state_on(today)).label} {long_date(agreement.ends_on)}"
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
    create_check = staticmethod(can_edit_people)
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
