import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.access import access_for, can_edit_people, is_admin, manages_units, require_access
from programs.pdf import pdf_response
from programs.xlsx import xlsx_response

from . import exports, scheduling
from .forms import (
    AgreementForm,
    CatalogueFilterForm,
    CourseCompetencyFormSet,
    CourseForm,
    InstructorForm,
    ProviderForm,
    ScheduleFilterForm,
    SessionDayFormSet,
    SessionForm,
)
from .models import Agreement, Course, CourseCompetency, Instructor, Provider, Session, SessionDay

# --- Catalogue -----------------------------------------------------------------------------------


def _catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    courses = form.filter(
        Course.objects.filter(is_active=True)
        .select_related("development_form", "default_provider")
        .prefetch_related(
            Prefetch("course_competencies", queryset=CourseCompetency.objects.select_related("competency"))
        )
        .order_by("title", "id")
    )
    return form, courses


@login_required
def course_list(request):
    form, courses = _catalogue(request)
    page = Paginator(courses, 24).get_page(request.GET.get("page"))
    return render(request, "training/course_list.html", {"form": form, "page_obj": page})


@login_required
def course_detail(request, pk):
    course = get_object_or_404(
        Course.objects.select_related("development_form", "default_provider").prefetch_related(
            Prefetch("course_competencies", queryset=CourseCompetency.objects.select_related("competency"))
        ),
        pk=pk,
    )
    if not course.is_active and not access_for(request.user).is_admin:
        raise Http404
    sessions = (
        Session.objects.for_user(request.user)
        .filter(course=course, ends_on__gte=timezone.localdate())
        .exclude(status=Session.Status.CANCELLED)
        .select_related("provider")
        .order_by("starts_on", "id")
    )
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "expected_jp": scheduling.expected_jp(course, 1),
        },
    )


def _course_form(request, course=None):
    form = CourseForm(request.POST or None, instance=course)
    formset = CourseCompetencyFormSet(request.POST or None, instance=course or Course(), prefix="competencies")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            course = form.save()
            formset.instance = course
            formset.save()
        messages.success(request, _("Program %(title)s disimpan.") % {"title": course.title})
        return redirect(course)
    return render(request, "training/course_form.html", {"form": form, "formset": formset, "course": course})


@require_access(is_admin)
def course_create(request):
    return _course_form(request)


@require_access(is_admin)
def course_edit(request, pk):
    return _course_form(request, get_object_or_404(Course, pk=pk))


@login_required
def catalogue_xlsx(request):
    _form, courses = _catalogue(request)
    return xlsx_response("katalog-pelatihan.xlsx", exports.catalogue_sheets(courses))


# --- Providers -------------------------------------------------------------------------------------


@require_access(manages_units)
def provider_list(request):
    providers = Provider.objects.annotate(
        course_count=Count("courses", distinct=True), session_count=Count("sessions", distinct=True)
    ).prefetch_related("agreements")
    today = timezone.localdate()
    rows = [
        (provider, [a for a in provider.agreements.all() if a.state_on(today) != Agreement.State.ACTIVE])
        for provider in providers
    ]
    return render(request, "training/provider_list.html", {"rows": rows, "today": today})


@require_access(manages_units)
def provider_detail(request, pk):
    provider = get_object_or_404(Provider.objects.select_related("unit"), pk=pk)
    sessions = (
        Session.objects.for_user(request.user)
        .filter(provider=provider)
        .select_related("course")
        .order_by("-starts_on")[:50]
    )
    return render(
        request,
        "training/provider_detail.html",
        {
            "provider": provider,
            "agreements": provider.agreements.all(),
            "courses": provider.courses.filter(is_active=True).select_related("development_form"),
            "sessions": sessions,
        },
    )


@require_access(is_admin)
def provider_create(request):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = form.save()
        messages.success(request, _("Penyelenggara disimpan."))
        return redirect(provider)
    return render(request, "training/provider_form.html", {"form": form})


@require_access(is_admin)
def provider_edit(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Penyelenggara disimpan."))
        return redirect(provider)
    return render(request, "training/provider_form.html", {"form": form, "provider": provider})


@require_access(is_admin)
def agreement_create(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.provider = provider
        form.save()
        messages.success(request, _("Perjanjian kerja sama disimpan."))
        return redirect(provider)
    return render(request, "training/agreement_form.html", {"form": form, "provider": provider})


@require_access(is_admin)
def agreement_edit(request, pk):
    agreement = get_object_or_404(Agreement.objects.select_related("provider"), pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Perjanjian kerja sama disimpan."))
        return redirect(agreement.provider)
    return render(
        request, "training/agreement_form.html", {"form": form, "provider": agreement.provider, "agreement": agreement}
    )


@require_access(manages_units)
def instructor_list(request):
    instructors = Instructor.objects.annotate(session_count=Count("sessions"))
    return render(request, "training/instructor_list.html", {"instructors": instructors})


@require_access(is_admin)
def instructor_create(request):
    form = InstructorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengajar disimpan."))
        return redirect("training:instructor_list")
    return render(request, "training/instructor_form.html", {"form": form})


# --- Sessions -------------------------------------------------------------------------------------


def _schedule(request):
    form = ScheduleFilterForm(request.GET or None)
    sessions = form.filter(
        Session.objects.for_user(request.user)
        .select_related("course__development_form", "provider", "organiser_unit")
        .order_by("starts_on", "id")
    )
    return form, sessions


@login_required
def session_list(request):
    form, sessions = _schedule(request)
    if not request.GET.get("all"):
        sessions = sessions.filter(ends_on__gte=timezone.localdate() - datetime.timedelta(days=30))
    page = Paginator(sessions.annotate(day_count=Count("days")), 25).get_page(request.GET.get("page"))
    return render(request, "training/session_list.html", {"form": form, "page_obj": page})


@login_required
def session_detail(request, pk):
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related(
            "course__development_form", "provider", "organiser_unit", "plan_item__program", "proposed_by"
        ),
        pk=pk,
    )
    access = access_for(request.user)
    transitions = [
        (status, label)
        for status, label in Session.Status.choices
        if scheduling.can_move(request.user, session, status)
    ]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "days": session.days.all(),
            "instructors": session.instructors.all(),
            "events": session.events.select_related("by"),
            "can_edit": session.status in (Session.Status.DRAFT, Session.Status.OPEN, Session.Status.CLOSED)
            and (access.is_admin or access.can_edit_unit(session.organiser_unit)),
            "transitions": transitions,
            "expected_jp": scheduling.expected_jp(
                session.course, session.days.count(), international=session.is_international
            ),
        },
    )


def _session_form(request, session=None):
    initial = {}
    if session is None:
        access = access_for(request.user)
        course = Course.objects.filter(pk=request.GET.get("course") or 0, is_active=True).first()
        initial = {
            "capacity": 30,
            "course": course,
            "provider": course.default_provider if course else None,
            "organiser_unit": access.units[0] if access.units else None,
            "name": _("Angkatan I"),
        }
    form = SessionForm(request.POST or None, instance=session, user=request.user, initial=initial)
    initial_days = list(session.days.values("date", "starts_at", "ends_at")) if session else []
    days = SessionDayFormSet(request.POST or None, initial=initial_days or None, prefix="days")
    if request.method == "POST" and form.is_valid() and days.is_valid():
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                if form.cleaned_data.get("jp") is None:
                    saved.jp = None
                warnings = scheduling.save_session(
                    session=saved, days=days.days(), instructors=form.cleaned_data["instructors"], by=request.user
                )
                repeated = []
                if form.cleaned_data.get("repeat"):
                    repeated = scheduling.repeat_session(
                        session=saved,
                        every=form.cleaned_data["repeat"],
                        times=form.cleaned_data["repeat_times"],
                        by=request.user,
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            if repeated:
                messages.success(request, _("%(count)d angkatan berikutnya juga dibuat.") % {"count": len(repeated)})
            messages.success(request, _("Angkatan disimpan."))
            return redirect(saved)
    return render(request, "training/session_form.html", {"form": form, "days": days, "session": session})


@require_access(can_edit_people)
def session_create(request):
    return _session_form(request)


@require_access(can_edit_people)
def session_edit(request, pk):
    session = get_object_or_404(Session.objects.for_user(request.user), pk=pk)
    if not access_for(request.user).can_edit_unit(session.organiser_unit):
        raise PermissionDenied
    if session.status in (Session.Status.RUNNING, Session.Status.FINISHED, Session.Status.CANCELLED):
        messages.error(request, _("Angkatan yang sudah berjalan, selesai atau batal tidak dapat diubah."))
        return redirect(session)
    return _session_form(request, session)


@require_POST
@require_access()
def session_transition(request, pk):
    session = get_object_or_404(Session.objects.for_user(request.user), pk=pk)
    to = request.POST.get("to", "")
    if to not in Session.Status.values:
        raise Http404
    try:
        scheduling.move_session(session=session, to=to, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Status angkatan: %(status)s.") % {"status": Session.Status(to).label})
    return redirect(session)


@login_required
def schedule_xlsx(request):
    _form, sessions = _schedule(request)
    return xlsx_response("jadwal-pelatihan.xlsx", exports.schedule_sheets(sessions))


@login_required
def schedule_pdf(request):
    _form, sessions = _schedule(request)
    sessions = sessions.filter(ends_on__gte=timezone.localdate()).prefetch_related("days")[:500]
    return pdf_response(
        "training/pdf/schedule.html",
        {"sessions": sessions, "printed_at": timezone.localtime()},
        filename="jadwal-pelatihan.pdf",
        request=request,
    )


# --- Calendar -------------------------------------------------------------------------------------


def _month(request):
    try:
        year, month = (int(part) for part in request.GET.get("bulan", "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.replace(day=1)


@login_required
def calendar_month(request):
    first = _month(request)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    form, sessions = _schedule(request)
    days = (
        SessionDay.objects.filter(
            session__in=sessions.exclude(status=Session.Status.CANCELLED).values("pk"), date__range=(first, last)
        )
        .select_related("session__course", "session__provider")
        .order_by("date", "starts_at")
    )
    by_date = {}
    for day in days:
        by_date.setdefault(day.date, []).append(day)
    weeks = [
        [(date, by_date.get(date, []), date.month == first.month) for date in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "training/calendar.html",
        {
            "form": form,
            "weeks": weeks,
            "month": first,
            "previous": previous,
            "following": following,
            "query": request.GET.copy(),
        },
    )


@login_required
def calendar_ics(request):
    _form, sessions = _schedule(request)
    days = (
        SessionDay.objects.filter(
            session__in=sessions.exclude(status=Session.Status.CANCELLED).values("pk"),
            date__gte=timezone.localdate() - datetime.timedelta(days=90),
        )
        .select_related("session__course", "session__provider")
        .order_by("date", "starts_at")[:5000]
    )
    response = HttpResponse(exports.ics(days, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jadwal-bangkom.ics"'
    return response
