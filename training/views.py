import calendar
import datetime
import logging

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import jobs, uploads
from core.access import access_for, can_edit_people, ensure_can_edit, is_admin, manages_units, require_access
from core.audit import record_export
from core.list_page import paginate
from core.pdf import pdf_response
from core.word import docx_response
from core.xlsx import xlsx_response
from programs.letterheads import letterhead_for
from programs.models import DocumentKind, Employee, OrgUnit
from programs.nip import normalize_nip
from programs.sections import sections_for
from programs.signatories import letterhead_and_signature

from . import (
    certificates,
    compliance,
    exports,
    ledger,
    lists,
    notifications,
    participation,
    proposals,
    scheduling,
    session_flow,
)
from . import enrolment as enrolment_service
from .forms import (
    AgreementForm,
    ClaimForm,
    ComplianceFilterForm,
    CourseCompetencyFormSet,
    CourseForm,
    InstructorForm,
    MentoringLogForm,
    MentorshipForm,
    NominationFilterForm,
    NominationPickForm,
    ProviderForm,
    SeatReservationForm,
    SessionDayFormSet,
    SessionForm,
)
from .models import (
    Agreement,
    Attendance,
    Certificate,
    Course,
    CourseCompetency,
    Enrolment,
    ExternalClaim,
    LearningRecord,
    Mentorship,
    Proposal,
    Provider,
    SeatReservation,
    Session,
    SessionDay,
)
from .targets import jp_target
from .tasks import certificates_zip_task

logger = logging.getLogger(__name__)

# --- Catalogue -----------------------------------------------------------------------------------


course_list = lists.CourseList.view(any_login=True)


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


catalogue_xlsx = lists.CourseList.export_view(any_login=True)


# --- Providers -------------------------------------------------------------------------------------


provider_list = lists.ProviderList.view(manages_units)


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
            "sections": sections_for("provider", provider, request.user),
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


instructor_list = lists.InstructorList.view(manages_units)


@require_access(is_admin)
def instructor_create(request):
    form = InstructorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengajar disimpan."))
        return redirect("training:instructor_list")
    return render(request, "training/instructor_form.html", {"form": form})


# --- Sessions -------------------------------------------------------------------------------------


session_list = lists.SessionList.view(any_login=True)
schedule_xlsx = lists.SessionList.export_view(any_login=True)


@login_required
def session_detail(request, pk):
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related(
            "course__development_form", "provider", "organiser_unit", "plan_item__program", "proposed_by"
        ),
        pk=pk,
    )
    access = access_for(request.user)
    days = list(session.days.all())
    can_manage = participation.can_manage(request.user, session)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "days": days,
            "instructors": session.instructors.all(),
            "events": session.events.select_related("by"),
            "can_edit": session.status in (Session.Status.DRAFT, Session.Status.OPEN, Session.Status.CLOSED)
            and (access.is_admin or access.can_edit_unit(session.organiser_unit)),
            "transitions": session_flow.moves_for(request.user, session, days=days),
            # Told to its organisers while it cannot be finished yet: the button comes after the end.
            "finish_after": session_flow.finish_after(request.user, session, days=days),
            "expected_jp": scheduling.expected_jp(session.course, len(days), international=session.is_international),
            "agreement_warning": scheduling.agreement_warning(session.provider, session.ends_on),
            "mine": Enrolment.objects.filter(session=session, employee_id=access.employee_id).first()
            if access.employee_id
            else None,
            "can_manage": can_manage,
            "seated": session.enrolments.seated().count(),
            "can_propose": session.status == Session.Status.OPEN and proposals.can_propose(request.user, session),
            "proposals_waiting": session.proposals.filter(status=Proposal.Status.PROPOSED).count() if can_manage else 0,
            "my_proposal": Proposal.objects.filter(session=session, employee_id=access.employee_id)
            .select_related("unit")
            .first()
            if access.employee_id
            else None,
            "sections": sections_for("session", session, request.user),
        },
    )


def _session_form(request, session=None):
    initial = {}
    if session is None:
        access = access_for(request.user)
        course_id = request.GET.get("course", "")
        course = Course.objects.filter(pk=course_id, is_active=True).first() if course_id.isdigit() else None
        initial = {
            "capacity": 30,
            "course": course,
            "provider": course.default_provider if course else None,
            "organiser_unit": access.units[0] if access.units else None,
            "name": scheduling.next_batch_name(course, timezone.localdate().year),
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
    # The saved session's provider agreement, warned on its form too (a new one is warned on saving).
    agreement = scheduling.agreement_warning(session.provider, session.ends_on) if session else None
    return render(
        request,
        "training/session_form.html",
        {"form": form, "days": days, "session": session, "agreement_warning": agreement},
    )


@require_access(can_edit_people)
def session_create(request):
    return _session_form(request)


@require_access(can_edit_people)
def session_edit(request, pk):
    session = get_object_or_404(Session.objects.for_user(request.user), pk=pk)
    ensure_can_edit(request.user, session.organiser_unit)
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
    if to == Session.Status.FINISHED:
        return session_finish(request, pk)  # finishing also computes who completed
    try:
        session_flow.move_session(session=session, to=to, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Status angkatan: %(status)s.") % {"status": Session.Status(to).label})
    return redirect(session)


def _schedule_context(request):
    """What the schedule's PDF and its Word copy both say: the list's filtered sessions still to come."""
    _filters, sessions = lists.schedule(request)
    sessions = sessions.filter(ends_on__gte=timezone.localdate()).prefetch_related("days")[:500]
    # The schedule speaks for the user's own unit, or for the whole instansi.
    unit = access_for(request.user).default_unit or OrgUnit.get_root_nodes().first()
    kop, signature = letterhead_and_signature(unit, DocumentKind.SCHEDULE)
    return {"sessions": sessions, "printed_at": timezone.localtime(), "kop": kop, "signature": signature}


@login_required
def schedule_pdf(request):
    context = _schedule_context(request)
    return pdf_response("training/pdf/schedule.html", context, filename="jadwal-pelatihan.pdf", request=request)


@login_required
def schedule_docx(request):
    return docx_response(exports.schedule_document(_schedule_context(request)))


# --- Calendar -------------------------------------------------------------------------------------


def _month(request):
    try:
        year, month = (int(part) for part in request.GET.get("bulan", "").split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        return datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.replace(day=1)


@login_required
def calendar_month(request):
    first = _month(request)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    filters, sessions = lists.schedule(request)
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
            "form": filters.form,
            "weeks": weeks,
            "month": first,
            "previous": previous,
            "following": following,
            "query": request.GET.copy(),
        },
    )


@login_required
def calendar_ics(request):
    _filters, sessions = lists.schedule(request)
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


# --- Participation ------------------------------------------------------------------------------


def _safe_next(request, default):
    """The page to return to after an action, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _managed_session(request, pk):
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related("course", "organiser_unit"), pk=pk
    )
    if not participation.can_manage(request.user, session):
        raise PermissionDenied
    return session


@require_POST
@require_access()
def session_register(request, pk):
    """An ASN registers themself (a double click returns the same enrolment)."""
    session = get_object_or_404(Session.objects.for_user(request.user), pk=pk)
    access = access_for(request.user)
    if not access.employee_id:
        raise PermissionDenied
    employee = Employee.objects.select_related("unit").get(pk=access.employee_id)
    try:
        enrolment = enrolment_service.request_place(
            session=session, employee=employee, by=request.user, source=Enrolment.Source.SELF
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Pendaftaran tercatat: %(status)s.") % {"status": enrolment.get_status_display()})
    return redirect(session)


@require_POST
@require_access()
def enrolment_withdraw(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user).select_related("session"), pk=pk)
    try:
        _enrolment, promoted = enrolment_service.withdraw(
            enrolment=enrolment, by=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Pengunduran diri tercatat."))
        for person in promoted:
            messages.info(request, _("%(name)s naik dari daftar tunggu.") % {"name": person.employee.full_name})
    return redirect(_safe_next(request, enrolment.session.get_absolute_url()))


@require_POST
@require_access()
def enrolment_decide(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user).select_related("session"), pk=pk)
    reason = request.POST.get("reason", "")[:2000]
    try:
        if request.POST.get("decision") == "approve":
            enrolment_service.approve(enrolment=enrolment, by=request.user, reason=reason)
        else:
            enrolment_service.reject(enrolment=enrolment, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        enrolment.refresh_from_db()
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": enrolment.employee.full_name, "status": enrolment.get_status_display()},
        )
    return redirect(_safe_next(request, reverse("training:approval_list")))


approval_list = lists.ApprovalList.view()


@require_access(can_edit_people)
def session_participants(request, pk):
    session = _managed_session(request, pk)
    # The organiser sees everyone in their own session, as on the attendance roster.
    enrolments = (
        Enrolment.objects.filter(session=session)
        .select_related("employee__unit", "reserved_for__unit")
        .order_by("status", "waitlisted_at", "employee__name", "id")
    )
    counts = dict(session.enrolments.order_by().values_list("status").annotate(total=Count("pk")))
    enrolments = list(enrolments)
    reminders = notifications.reminders(session, enrolments)
    rows = [(enrolment, link) for enrolment, (_message, link) in zip(enrolments, reminders, strict=True)]
    return render(
        request,
        "training/session_participants.html",
        {
            "session": session,
            "rows": rows,
            "messages_all": [message for message, _link in reminders],
            "reservations": session.reservations.select_related("unit"),
            "status_counts": [(label, counts[value]) for value, label in Enrolment.Status.choices if counts.get(value)],
            "seated": sum(counts.get(status, 0) for status in Enrolment.SEATED),
            "can_finish": session_flow.can_move(request.user, session, Session.Status.FINISHED),
            "reservation_form": SeatReservationForm(user=request.user),
        },
    )


@require_access(can_edit_people)
def session_nominate(request, pk):
    """Nominate one or many: candidates in scope with their JP this year and last training date."""
    session = _managed_session(request, pk)
    year = timezone.localdate().year
    form = NominationFilterForm(request.GET or None, user=request.user)
    people = compliance.people_in_scope(request.user)
    people = form.filter(people, session=session, year=year)
    candidates = (
        LearningRecord.objects.with_jp(people, year)
        .select_related("unit", "position")
        .exclude(enrolments__session=session, enrolments__status__in=Enrolment.ACTIVE)
        .order_by("jp", "name", "id")
    )
    if request.method == "POST":
        # Only people the candidate list itself offers (the scope and the filters) can be nominated.
        chosen = people.filter(pk__in=_chosen_ids(request, "employee")).select_related("unit")
        picked, refused = _picked_people(request, chosen)
        done = 0
        for employee in [*chosen, *picked]:
            try:
                enrolment_service.request_place(
                    session=session, employee=employee, by=request.user, source=Enrolment.Source.NOMINATED
                )
                done += 1
            except ValidationError as error:
                refused.append(f"{employee.full_name}: {error.messages[0]}")
        messages.success(request, _("%(count)d pegawai dinominasikan.") % {"count": done})
        for line in refused:
            messages.warning(request, line)
        return redirect("training:session_participants", pk=session.pk)
    page = paginate(request, candidates, 50)
    page.object_list = compliance.with_last_training(page.object_list)
    return render(
        request,
        "training/session_nominate.html",
        {"session": session, "form": form, "pick_form": NominationPickForm(), "page_obj": page, "year": year},
    )


def _picked_people(request, ticked):
    """The people picked in the nomination form's people field (NIPs), beside those ticked in the
    list: anyone active in the user's scope, as the picker searches. A NIP outside reads as not found."""
    nips = {normalize_nip(value) for value in request.POST.getlist("nip") if value.strip()}
    found = {
        person.nip: person
        for person in compliance.people_in_scope(request.user).filter(nip__in=nips).select_related("unit")
    }
    ticked_ids = {person.pk for person in ticked}
    picked = [person for nip, person in sorted(found.items()) if person.pk not in ticked_ids]
    missing = [
        _("NIP %(nip)s: tidak ada pegawai aktif dengan NIP ini dalam cakupan Anda.") % {"nip": nip}
        for nip in sorted(nips - set(found))
    ]
    return picked, missing


@require_access(can_edit_people)
def session_reservations(request, pk):
    session = _managed_session(request, pk)
    form = SeatReservationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        SeatReservation.objects.update_or_create(
            session=session, unit=form.cleaned_data["unit"], defaults={"seats": form.cleaned_data["seats"]}
        )
        total = sum(session.reservations.values_list("seats", flat=True))
        if total > session.capacity:
            messages.warning(
                request,
                _("Jumlah kuota unit (%(total)d) melebihi kapasitas (%(capacity)d).")
                % {"total": total, "capacity": session.capacity},
            )
        messages.success(request, _("Kuota kursi unit disimpan."))
    return redirect("training:session_participants", pk=session.pk)


# --- Proposals (usulan peserta) -------------------------------------------------------------------

PROPOSAL_TABS = {"pegawai": Proposal.Source.STAFF, "belum-20-jp": Proposal.Source.BELOW_JP}


def _chosen_ids(request, name):
    return sorted({int(value) for value in request.POST.getlist(name) if value.isdigit()})


@require_access(can_edit_people)
def proposal_create(request, pk):
    """A unit proposes its people for a session another unit runs: from its staff (filtered) or from
    those below 20 JP, ticked in bulk; the gap-based list (needs analysis) posts here too."""
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related("course", "organiser_unit", "plan_item"), pk=pk
    )
    if participation.can_manage(request.user, session):
        messages.info(request, _("Angkatan ini Anda kelola sendiri: pilih pesertanya langsung."))
        return redirect("training:session_nominate", pk=session.pk)
    scope = Employee.objects.for_user(request.user).editable_by(request.user)
    if request.method == "POST":
        ids = _chosen_ids(request, "employee")
        chosen = list(scope.filter(pk__in=ids).select_related("unit").order_by("name", "id"))
        if len(chosen) != len(ids):
            # Someone outside the proposer's units: the form never offers them, so the request is forged.
            raise PermissionDenied
        if not chosen:
            messages.error(request, _("Pilih sedikitnya satu pegawai untuk diusulkan."))
            return redirect(_safe_next(request, request.get_full_path()))
        source = request.POST.get("source", "")
        try:
            made, refused = proposals.propose(
                session=session,
                employees=chosen,
                by=request.user,
                source=source if source in Proposal.Source.values else Proposal.Source.STAFF,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(_safe_next(request, request.get_full_path()))
        if made:
            messages.success(request, _("%(count)d pegawai diusulkan.") % {"count": len(made)})
        for employee, why in refused:
            messages.warning(request, f"{employee.full_name}: {why}")
        return redirect(f"{reverse('training:proposal_list')}?session={session.pk}")
    tab = request.GET.get("dari") if request.GET.get("dari") in PROPOSAL_TABS else "pegawai"
    year = timezone.localdate().year
    form = NominationFilterForm(request.GET or None, user=request.user)
    people = (
        form.filter(scope.active(), session=session, year=year)
        .exclude(pk__in=Proposal.objects.filter(session=session).values("employee_id"))
        .exclude(pk__in=session.enrolments.filter(status__in=Proposal.TAKING_PART).values("employee_id"))
    )
    if tab == "belum-20-jp":
        candidates = LearningRecord.objects.below_target(people, year)
    else:
        candidates = (
            LearningRecord.objects.with_jp(people, year).select_related("unit", "position").order_by("name", "id")
        )
    page = paginate(request, candidates, 50)
    page.object_list = compliance.with_last_training(page.object_list)
    access = access_for(request.user)
    counts = dict(
        Proposal.objects.for_user(request.user)
        .filter(session=session, unit__in=OrgUnit.objects.editable_by(request.user))
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    return render(
        request,
        "training/proposal_form.html",
        {
            "session": session,
            "form": form,
            "page_obj": page,
            "year": year,
            "tab": tab,
            "source": PROPOSAL_TABS[tab],
            "closed": enrolment_service.closed_reason(session),
            "quotas": proposals.quotas_of(session, access.units),
            "status_counts": [(label, counts[value]) for value, label in Proposal.Status.choices if counts.get(value)],
            "sections": sections_for("session_proposal", session, request.user),
        },
    )


@require_access(can_edit_people)
def proposal_review(request, pk):
    """The organisers accept or decline the units' proposals for their session, one by one or in bulk."""
    session = _managed_session(request, pk)
    if request.method == "POST":
        if request.POST.get("accept_one", "").isdigit():
            ids, accept, reason = [int(request.POST["accept_one"])], True, ""
        elif request.POST.get("decline_one", "").isdigit():
            one = request.POST["decline_one"]
            ids, accept = [int(one)], False
            reason = request.POST.get(f"reason_{one}", "") or request.POST.get("reason", "")
        else:
            ids, accept = _chosen_ids(request, "proposal"), request.POST.get("decision") == "accept"
            reason = request.POST.get("reason", "")
        if not ids:
            messages.error(request, _("Pilih sedikitnya satu usulan."))
            return redirect(request.get_full_path())
        try:
            decided, failed = proposals.decide(
                session=session, proposal_ids=ids, by=request.user, accept=accept, reason=reason[:2000]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(request.get_full_path())
        if decided:
            text = _("%(count)d usulan diterima.") if accept else _("%(count)d usulan ditolak.")
            messages.success(request, text % {"count": len(decided)})
        for proposal in failed:
            messages.warning(request, f"{proposal[0].employee.full_name}: {proposal[1]}")
        return redirect(request.get_full_path())
    status = request.GET.get("status", Proposal.Status.PROPOSED)
    rows = session.proposals.select_related(
        "employee__unit", "employee__position", "unit", "proposed_by", "decided_by", "enrolment"
    ).order_by("unit__path", "proposed_at", "id")
    if status in Proposal.Status.values:
        rows = rows.filter(status=status)
    counts = dict(session.proposals.order_by().values_list("status").annotate(total=Count("pk")))
    quotas = proposals.Quotas(session)
    return render(
        request,
        "training/proposal_review.html",
        {
            "session": session,
            "page_obj": paginate(request, rows, 50),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Proposal.Status.choices],
            "quotas": [quotas.of(reservation.unit) for reservation in quotas.reservations],
            "general_free": quotas.general_free,
            "confirmed": session.enrolments.seated().count(),
        },
    )


proposal_list = lists.ProposalList.view()


# --- Attendance --------------------------------------------------------------------------------


@require_access(can_edit_people)
def roster(request, pk, day_id):
    session = _managed_session(request, pk)
    day = get_object_or_404(SessionDay, pk=day_id, session=session)
    if request.method == "POST":
        if "all_present" in request.POST:
            statuses = {enrolment.pk: Attendance.Status.PRESENT for enrolment, _mark in participation.roster(day)}
        else:
            statuses = {
                int(key.removeprefix("status_")): value
                for key, value in request.POST.items()
                if key.startswith("status_") and key[7:].isdigit()
            }
        changed = participation.mark(day=day, statuses=statuses, by=request.user)
        messages.success(request, _("Kehadiran disimpan (%(count)d perubahan).") % {"count": changed})
        return redirect("training:roster", pk=session.pk, day_id=day.pk)
    return render(
        request,
        "training/roster.html",
        {
            "session": session,
            "day": day,
            "rows": participation.roster(day),
            "days": session.days.all(),
            "statuses": Attendance.Status.choices,
        },
    )


@require_access(can_edit_people)
def roster_xlsx(request, pk):
    session = _managed_session(request, pk)
    enrolments = session.enrolments.seated().select_related("employee__unit").order_by("employee__name", "id")
    record_export(
        request,
        model=Enrolment,
        description=_("Daftar hadir %(session)s") % {"session": session},
        rows=enrolments.count(),
    )
    return xlsx_response(f"daftar-hadir-{session.pk}.xlsx", exports.roster_sheets(session, enrolments))


@require_access(can_edit_people)
def checkin_screen(request, pk, day_id):
    """The code to show on the classroom screen for the day's self check-in."""
    session = _managed_session(request, pk)
    day = get_object_or_404(SessionDay, pk=day_id, session=session)
    code = participation.checkin_code(day)
    url = request.build_absolute_uri(reverse("training:checkin", args=[code.token]))
    start, end = participation.checkin_window(day)
    return render(
        request,
        "training/checkin_screen.html",
        {
            "session": session,
            "day": day,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=8, border=2),
            "start": start,
            "end": end,
        },
    )


@require_access()
def checkin(request, token):
    """What a participant's phone opens after scanning the classroom QR code."""
    try:
        attendance = participation.self_checkin(token=token, user=request.user) if request.method == "POST" else None
    except ValidationError as error:
        return render(request, "training/checkin.html", {"error": error.messages[0], "token": token}, status=400)
    return render(request, "training/checkin.html", {"attendance": attendance, "token": token})


# --- Completion and certificates -------------------------------------------------------------------


@require_POST
@require_access(can_edit_people)
def session_finish(request, pk):
    session = _managed_session(request, pk)
    try:
        results = participation.finish_session(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Angkatan selesai: %(completed)d lulus, %(not_completed)d tidak lulus.") % results)
    return redirect("training:session_participants", pk=session.pk)


@require_POST
@require_access(can_edit_people)
def enrolment_override(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user).select_related("session"), pk=pk)
    try:
        participation.override_completion(
            enrolment=enrolment,
            done=request.POST.get("done") == "1",
            by=request.user,
            reason=request.POST.get("reason", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Kelulusan diubah."))
    return redirect("training:session_participants", pk=enrolment.session_id)


@require_POST
@require_access(can_edit_people)
def session_issue_certificates(request, pk):
    session = _managed_session(request, pk)
    try:
        issued = certificates.issue_certificates(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(count)d sertifikat diterbitkan.") % {"count": len(issued)})
    return redirect("training:session_participants", pk=session.pk)


@require_access()
def certificate_pdf(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.filter(enrolment__in=Enrolment.objects.for_user(request.user)).select_related(
            "enrolment__employee",
            "enrolment__session__course",
            "enrolment__session__provider",
            "enrolment__session__organiser_unit",
        ),
        pk=pk,
    )
    record_export(
        request, model=Certificate, description=_("Sertifikat %(number)s") % {"number": certificate.number}, rows=1
    )
    response = HttpResponse(
        certificates.certificate_pdf(certificate, certificates.site_url(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="sertifikat-{certificate.enrolment.employee.nip}.pdf"'
    return response


@require_access(can_edit_people)
def session_certificates_zip(request, pk):
    """A session's certificates as one ZIP, built in the background (hundreds of PDFs take minutes)."""
    session = _managed_session(request, pk)
    if request.method != "POST":
        return redirect(session)
    job = jobs.start(
        request,
        kind="certificates_zip",
        title=_("Sertifikat %(session)s") % {"session": session},
        task=certificates_zip_task,
        params={"session": session.pk, "site": certificates.site_url(request)},
    )
    return redirect(job)


def certificate_verify(request, code):
    """Public: is this certificate genuine? Shows only what is printed on it, the NIP masked."""
    certificate = (
        Certificate.objects.filter(verification_code=code)
        .select_related("enrolment__employee", "enrolment__session__course", "enrolment__session__provider")
        .first()
    )
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "masked_nip": certificates.mask_nip(certificate.enrolment.employee.nip) if certificate else "",
        },
        status=200 if certificate else 404,
    )


# --- The JP ledger, claims and mentoring -------------------------------------------------------------


def _year(request):
    value = request.GET.get("tahun", "")
    return (
        int(value)
        if value.isdecimal() and value.isascii() and 2000 <= int(value) <= 2100
        else timezone.localdate().year
    )


@require_access()
def learning_history(request, employee_id=None):
    """An ASN's JP this year against the target and their whole learning history."""
    access = access_for(request.user)
    employee = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("unit"), pk=employee_id or access.employee_id or 0
    )
    year = _year(request)
    records = LearningRecord.objects.filter(employee=employee).select_related("development_form")
    jp_year = records.filter(year=year).jp_total()
    target = jp_target(employee.status)
    return render(
        request,
        "training/learning_history.html",
        {
            "employee": employee,
            "records": records,
            "year": year,
            "jp_year": jp_year,
            "target": target,
            "missing": max(target - jp_year, ledger.ZERO),
            "enrolments": employee.enrolments.filter(status__in=Enrolment.ACTIVE).select_related("session__course"),
            "claims": employee.claims.select_related("development_form"),
            "certificates": Certificate.objects.filter(enrolment__employee=employee, revoked=False).select_related(
                "enrolment__session__course"
            ),
            "is_own": employee.pk == access.employee_id,
        },
    )


@require_access()
def transcript_pdf(request, employee_id):
    employee = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("unit", "position"), pk=employee_id
    )
    records = (
        LearningRecord.objects.filter(employee=employee)
        .select_related("development_form")
        .order_by("-year", "-ends_on")
    )
    by_year = {}
    for record in records:
        by_year.setdefault(record.year, []).append(record)
    totals = LearningRecord.objects.filter(employee=employee).jp_by_year()
    context = {
        "kop": letterhead_for(OrgUnit.get_root_nodes().first()),  # the instansi keeps the ledger
        "employee": employee,
        "years": [(year, by_year[year], totals[year]) for year in sorted(by_year, reverse=True)],
        "printed_at": timezone.localtime(),
        "target": jp_target(employee.status),
    }
    record_export(
        request,
        model=LearningRecord,
        description=_("Transkrip JP %(nip)s") % {"nip": employee.nip},
        rows=len(records),
    )
    return pdf_response(
        "training/pdf/transcript.html", context, filename=f"transkrip-jp-{employee.nip}.pdf", request=request
    )


@require_access()
def claim_create(request):
    access = access_for(request.user)
    if not access.employee_id:
        raise PermissionDenied
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        employee = Employee.objects.get(pk=access.employee_id)
        claim, created = ledger.submit_claim(claim=form.save(commit=False), employee=employee)
        if created:
            messages.success(request, _("Klaim dikirim dan menunggu verifikasi BKPSDM."))
        else:
            messages.info(
                request,
                _("Klaim kegiatan ini sudah dikirim (%(status)s); kiriman ulang tidak disimpan lagi.")
                % {"status": claim.get_status_display()},
            )
        return redirect("training:learning_history")
    return render(request, "training/claim_form.html", {"form": form})


claim_list = lists.ClaimList.view(can_edit_people)


@require_POST
@require_access(can_edit_people)
def claim_review(request, pk):
    claim = get_object_or_404(ExternalClaim.objects.for_user(request.user), pk=pk)
    ensure_can_edit(request.user, claim.employee.unit)
    try:
        ledger.review_claim(
            claim=claim,
            by=request.user,
            verified=request.POST.get("decision") == "verify",
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Klaim diperiksa."))
    return redirect("training:claim_list")


@require_access()
def claim_evidence(request, pk):
    claim = get_object_or_404(ExternalClaim.objects.for_user(request.user), pk=pk)
    if not claim.evidence:
        raise Http404(_("Bukti klaim ini sudah dihapus setelah masa simpannya berakhir."))
    try:
        return uploads.serve(claim.evidence, kinds=uploads.EVIDENCE, filename_stem=f"bukti-klaim-{claim.pk}")
    except OSError as error:  # the row names a file the storage no longer has (a restore without media)
        logger.error("Evidence file of claim %s is missing: %s", claim.pk, error)
        raise Http404(_("Berkas bukti klaim ini tidak ditemukan di penyimpanan.")) from error


mentorship_list = lists.MentorshipList.view()


@require_access(can_edit_people)
def mentorship_create(request):
    form = MentorshipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.mentor = form.cleaned_data["mentor_nip"]
        form.instance.mentee = form.cleaned_data["mentee_nip"]
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Mentoring dicatat."))
        return redirect("training:mentorship_list")
    return render(request, "training/mentorship_form.html", {"form": form})


@require_access()
def mentorship_log(request, pk):
    mentorship = get_object_or_404(Mentorship.objects.for_user(request.user).select_related("mentor", "mentee"), pk=pk)
    access = access_for(request.user)
    if not (mentorship.mentor_id == access.employee_id or access.can_edit_unit(mentorship.mentee.unit)):
        raise PermissionDenied
    form = MentoringLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.log_mentoring(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("date", error)
        else:
            messages.success(request, _("Sesi dicatat dan JP dikreditkan kepada mentee."))
            return redirect("training:mentorship_log", pk=mentorship.pk)
    return render(
        request,
        "training/mentorship_log.html",
        {"mentorship": mentorship, "form": form, "logs": mentorship.logs.select_related("record")},
    )


# --- 20 JP compliance ------------------------------------------------------------------------------


@require_access(manages_units)
def compliance_dashboard(request):
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    unit = compliance.unit_shown(request.user, form.cleaned_data["unit"] if form.is_valid() else None)
    year = _year(request)
    data = compliance.summary(request.user, year=year, unit=unit)
    below_total = data["totals"]["staff"] - data["totals"]["compliant"]
    below = paginate(request, compliance.below_target(request.user, year=year, unit=unit, total=below_total), 25)
    below.object_list = compliance.with_last_training(below.object_list)
    open_sessions = (
        Session.objects.for_user(request.user)
        .filter(status=Session.Status.OPEN, starts_on__gte=timezone.localdate())
        .select_related("course", "organiser_unit")
        .order_by("starts_on")[:50]
    )
    # A session the user runs is filled directly; another unit's takes the unit's proposals.
    open_sessions = [
        (
            session,
            reverse("training:session_nominate", args=[session.pk]) + "?below_target=on"
            if participation.can_manage(request.user, session)
            else reverse("training:proposal_create", args=[session.pk]) + "?dari=belum-20-jp",
        )
        for session in open_sessions
    ]
    return render(
        request,
        "training/compliance.html",
        {
            "form": form,
            "year": year,
            "data": data,
            "page_obj": below,
            "unit": unit,
            "open_sessions": open_sessions,
        },
    )


@require_access(manages_units)
def compliance_xlsx(request):
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    year = _year(request)
    if request.GET.get("semua") == "1":
        # Every ASN in scope with their JP: the list HR keeps for the whole year (50,000 rows stream).
        people = compliance.everyone(request.user, year=year, unit=unit)
        description = _("Daftar seluruh ASN dengan JP %(year)d") % {"year": year}
        filename, title = f"jp-asn-{year}.xlsx", _("JP ASN %(year)d") % {"year": year}
    else:
        people = compliance.below_target(request.user, year=year, unit=unit)
        description = _("Daftar ASN di bawah target JP %(year)d") % {"year": year}
        filename, title = f"belum-20-jp-{year}.xlsx", _("Di bawah target %(year)d") % {"year": year}
    record_export(request, model=Employee, description=description, rows=people.count())
    last = compliance.last_training(compliance.people_in_scope(request.user, unit))
    return xlsx_response(filename, exports.compliance_sheets(people, title, last))


@require_access(manages_units)
def siasn_learning_xlsx(request):
    """Completed learning records in the fields SIASN's riwayat kursus/diklat take."""
    year = _year(request)
    records = (
        LearningRecord.objects.for_user(request.user)
        .filter(year=year)
        .select_related("employee", "development_form", "enrolment__certificate")
        .order_by("employee__name", "ends_on")
    )
    record_export(
        request,
        model=LearningRecord,
        description=_("Ekspor riwayat pembelajaran SIASN %(year)d") % {"year": year},
        rows=records.count(),
    )
    return xlsx_response(f"siasn-riwayat-{year}.xlsx", exports.siasn_sheets(records))
