from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import access_for, can_edit_people, ensure_can_edit, manages_units, require_access
from core.audit import record_export
from core.figure_cache import cached_figures
from core.formats import clock
from core.list_page import paginate
from core.messaging import whatsapp_link
from core.pdf import pdf_response
from core.word import docx_response
from core.xlsx import xlsx_response
from evaluation.figures import low_scores_for_competencies
from evaluation.models import CommunityInput
from evaluation.skm import weak_unsur
from programs.models import Competency, DevelopmentProgram, DocumentKind, Employee, OrgUnit
from programs.signatories import letterhead_and_signature
from training import proposals
from training.enrolment import closed_reason, request_place
from training.models import Enrolment, Proposal, Session
from training.participation import can_manage

from . import campaigns, exports, lists, planning
from .figures import people_with_gap, people_with_session_gap, person_gap_profile, progress, recap, scoped_assessments
from .forms import NeedsSurveyForm, NeedToPlanForm, RecapFilterForm, SelfAssessmentForm, ValidationForm
from .models import AWAITING_EMPLOYEE, Assessment, Need, NeedsSurvey


def _survey(request, pk):
    return get_object_or_404(NeedsSurvey.objects.for_user(request.user).select_related("owner_unit"), pk=pk)


def _managed_survey(request, pk):
    """404 outside the scope; 403 for a role that may not run the campaign."""
    survey = _survey(request, pk)
    ensure_can_edit(request.user, survey.owner_unit)
    return survey


# --- Campaigns --------------------------------------------------------------------------------


survey_list = lists.SurveyList.view(manages_units)


@require_access(can_edit_people)
def survey_create(request):
    today = timezone.localdate()
    initial = {"year": today.year + 1, "opens_on": today, "closes_on": today + timezone.timedelta(days=21)}
    form = NeedsSurveyForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        survey = form.save()
        messages.success(request, _("Survei dibuat sebagai draf. Periksa sasarannya, lalu buka survei."))
        return redirect(survey)
    return render(request, "needs_analysis/survey_form.html", {"form": form})


@require_access(can_edit_people)
def survey_edit(request, pk):
    survey = _managed_survey(request, pk)
    form = NeedsSurveyForm(request.POST or None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Survei disimpan."))
        return redirect(survey)
    return render(request, "needs_analysis/survey_form.html", {"form": form, "survey": survey})


PROGRESS_ROWS_PER_PAGE = 50


@require_access(manages_units)
def survey_detail(request, pk):
    survey = _survey(request, pk)
    access = access_for(request.user)
    campaign_progress = progress(survey, request.user)
    return render(
        request,
        "needs_analysis/survey_detail.html",
        {
            "survey": survey,
            "progress": campaign_progress,
            # A province's campaign reaches 500 units: their rows are paged, the totals cover all.
            "page_obj": paginate(request, campaign_progress.rows, PROGRESS_ROWS_PER_PAGE),
            "statuses": Assessment.Status.choices,
            "can_manage": access.can_edit_unit(survey.owner_unit),
            "target_count": campaigns.target_employees(survey).count() if survey.status == "draft" else None,
        },
    )


def _survey_action(request, pk, action, success):
    survey = _managed_survey(request, pk)
    try:
        result = action(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success % {"count": result or 0})
    return redirect(survey)


@require_POST
@require_access(can_edit_people)
def survey_open(request, pk):
    return _survey_action(request, pk, campaigns.open_survey, _("Survei dibuka: %(count)d penilaian dibuat."))


@require_POST
@require_access(can_edit_people)
def survey_add_latecomers(request, pk):
    return _survey_action(
        request, pk, campaigns.add_latecomers, _("%(count)d pegawai yang baru masuk sasaran ditambahkan.")
    )


@require_POST
@require_access(can_edit_people)
def survey_close(request, pk):
    return _survey_action(request, pk, campaigns.close_survey, _("Survei ditutup."))


@require_access(can_edit_people)
def survey_remind(request, pk):
    survey = _managed_survey(request, pk)
    pending = (
        scoped_assessments(survey, request.user)
        .filter(status__in=AWAITING_EMPLOYEE)
        .select_related("employee", "unit")
        .order_by("unit__path", "employee__name")
    )
    link = request.build_absolute_uri(reverse("needs_analysis:my_assessments"))
    text = campaigns.reminder_text(survey, link)
    if request.method == "POST":
        sent = campaigns.send_reminders(survey=survey, assessments=pending, link=link)
        messages.success(request, _("Pengingat dikirim lewat e-mail kepada %(count)d pegawai.") % {"count": sent})
        return redirect("needs_analysis:survey_remind", pk=survey.pk)
    people = []
    for assessment in pending:
        message = campaigns.reminder_text(survey, link, assessment)
        people.append((assessment, whatsapp_link(assessment.employee.phone, message), message))
    return render(
        request,
        "needs_analysis/survey_remind.html",
        {
            "survey": survey,
            "people": people,
            "text": text,
            "texts": [message for _assessment, _link, message in people],
            "with_email": sum(1 for assessment, _link, _message in people if assessment.employee.email),
        },
    )


# --- Recap ------------------------------------------------------------------------------------


def _recap_filters(request):
    form = RecapFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        return form, form.cleaned_data["unit"], form.cleaned_data["type"] or ""
    return form, None, ""


def _recap_for(request, survey):
    form, unit, competency_type = _recap_filters(request)
    return form, recap(survey, request.user, unit=unit, competency_type=competency_type)


def _recap_page_figures(survey, user, unit, competency_type):
    data = recap(survey, user, unit=unit, competency_type=competency_type)
    competencies, heat_rows = data.heatmap()
    return {
        "recap": data,
        "top": data.cells[:50],
        "heat_competencies": competencies,
        "heat_rows": heat_rows,
        "low_scores": list(low_scores_for_competencies(list(data.competencies)).values()),
        # The community's voice: weak SKM unsur and tagged complaints for the units in view.
        "weak_unsur": weak_unsur(list(data.units.values())),
        "community": list(
            CommunityInput.objects.for_user(user)
            .filter(unit__in=list(data.units), competencies__isnull=False)
            .select_related("unit")
            .prefetch_related("competencies")
            .distinct()[:20]
        ),
    }


# The recap's views (?view=): the ranked priorities first, the detail a tab away.
RECAP_VIEWS = {
    "ringkas": gettext_lazy("Prioritas teratas"),
    "prioritas": gettext_lazy("Semua prioritas"),
    "kompetensi": gettext_lazy("Per kompetensi"),
    "peta": gettext_lazy("Peta panas"),
}
RECAP_COMPACT_ROWS = 10


@require_access(manages_units)
def survey_recap(request, pk):
    survey = _survey(request, pk)
    form, unit, competency_type = _recap_filters(request)
    # Kept a few minutes like the head's home (a province's campaign is 100,000 answers); the page
    # says when the figures were computed and offers to recompute them.
    figures = cached_figures(
        request.user,
        "needs-recap",
        survey.pk,
        unit.pk if unit else "",
        competency_type,
        compute=lambda: _recap_page_figures(survey, request.user, unit, competency_type),
        refresh=request.GET.get("segar") == "1",
    )
    access = access_for(request.user)
    view = request.GET.get("view")
    view = view if view in RECAP_VIEWS else "ringkas"
    data = figures["recap"]
    # Read on every request (not kept with the figures): a need added to the plan shows at once.
    planned = planning.planned_needs(survey, request.user)
    shown = figures["top"][:RECAP_COMPACT_ROWS] if view == "ringkas" else figures["top"]
    return render(
        request,
        "needs_analysis/survey_recap.html",
        {
            "survey": survey,
            "form": form,
            "can_plan": access.is_admin or access.is_operator,
            "view": view,
            "views": list(RECAP_VIEWS.items()),
            "priorities": [
                (
                    cell,
                    data.units[cell.unit_id],
                    data.competencies[cell.competency_id],
                    planned.get((cell.unit_id, cell.competency_id)),
                )
                for cell in shown
            ],
            "planned_count": len(planned),
            "needs_count": sum(1 for cell in data.cells if cell.with_gap),
            **figures,
        },
    )


@require_access(manages_units)
def survey_recap_xlsx(request, pk):
    survey = _survey(request, pk)
    _form, data = _recap_for(request, survey)
    record_export(
        request,
        model=NeedsSurvey,
        description=_("Rekap kebutuhan: %(title)s") % {"title": survey.title},
        rows=len(data.cells),
        filters=dict(request.GET.items()),
    )
    return xlsx_response(f"rekap-kebutuhan-{survey.pk}.xlsx", exports.recap_sheets(data))


@require_access(manages_units)
def survey_answers_xlsx(request, pk):
    survey = _survey(request, pk)
    assessments = scoped_assessments(survey, request.user)
    record_export(
        request,
        model=Assessment,
        description=_("Jawaban penilaian: %(title)s") % {"title": survey.title},
        rows=assessments.count(),
    )
    return xlsx_response(f"jawaban-penilaian-{survey.pk}.xlsx", exports.answer_sheets(assessments))


def _summary_context(request, pk):
    """What the campaign summary's PDF and its Word copy both say (the recap as filtered on its page)."""
    survey = _survey(request, pk)
    _form, data = _recap_for(request, survey)
    kop, signature = letterhead_and_signature(survey.owner_unit, DocumentKind.NEEDS_SUMMARY)
    return {
        "kop": kop,
        "signature": signature,
        "survey": survey,
        "recap": data,
        "progress": progress(survey, request.user),
        "top": data.cells[:25],
        "printed_at": timezone.localtime(),
        "user": request.user,
    }


@require_access(manages_units)
def survey_pdf(request, pk):
    context = _summary_context(request, pk)
    filename = f"ringkasan-akpk-{context['survey'].pk}.pdf"
    return pdf_response("needs_analysis/pdf/survey_summary.html", context, filename=filename, request=request)


@require_access(manages_units)
def survey_docx(request, pk):
    context = _summary_context(request, pk)
    return docx_response(exports.summary_document(context))


# --- The ASN's own assessments ------------------------------------------------------------------


@require_access()
def my_assessments(request):
    access = access_for(request.user)
    assessments = (
        Assessment.objects.filter(employee_id=access.employee_id)
        .select_related("survey")
        .order_by("-survey__year", "-id")
        if access.employee_id
        else Assessment.objects.none()
    )
    return render(request, "needs_analysis/my_assessments.html", {"assessments": assessments})


def _own_assessment(request, pk):
    access = access_for(request.user)
    return get_object_or_404(
        Assessment.objects.select_related("survey", "employee", "position", "returned_by"),
        pk=pk,
        employee_id=access.employee_id or 0,
    )


@require_access()
def assessment_fill(request, pk):
    assessment = _own_assessment(request, pk)
    if not assessment.is_editable_by_employee:
        return redirect(assessment)
    items = list(assessment.items.select_related("competency").prefetch_related("competency__levels"))
    form = SelfAssessmentForm(request.POST or None, assessment=assessment, items=items)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            campaigns.save_self_assessment(assessment=assessment, submit=submit, **form.answers())
        except ValidationError as error:
            if error.code != "incomplete":
                messages.error(request, error.messages[0])
                return redirect(assessment)
            # Whatever was chosen is kept as a draft and shown again with the reason.
            campaigns.save_self_assessment(assessment=assessment, submit=False, **form.answers())
            form.add_error(None, error.messages[0])
        else:
            if submit:
                messages.success(request, _("Penilaian terkirim. Terima kasih!"))
                return redirect(assessment)
            messages.success(request, _("Draf disimpan. Anda dapat melanjutkannya nanti."))
            return redirect("needs_analysis:assessment_fill", pk=assessment.pk)
    return render(request, "needs_analysis/assessment_fill.html", {"assessment": assessment, "form": form})


@require_POST
@require_access()
def assessment_autosave(request, pk):
    """Called by htmx when an answer changes: keeps a draft on the server as the ASN types."""
    assessment = _own_assessment(request, pk)
    if not assessment.is_editable_by_employee:
        return HttpResponse(_("Tidak tersimpan: penilaian sudah dikirim atau survei ditutup."), status=409)
    items = list(assessment.items.select_related("competency"))
    form = SelfAssessmentForm(request.POST, assessment=assessment, items=items)
    if not form.is_valid():
        return HttpResponse(_("Tidak tersimpan: periksa isian Anda."), status=400)
    campaigns.save_self_assessment(assessment=assessment, submit=False, **form.answers())
    return HttpResponse(_("Draf tersimpan otomatis pukul %(time)s") % {"time": clock(timezone.now())})


@require_access()
def assessment_detail(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "survey", "employee__supervisor", "employee__unit", "unit", "position", "validated_by", "returned_by"
        ),
        pk=pk,
    )
    access = access_for(request.user)
    return render(
        request,
        "needs_analysis/assessment_detail.html",
        {
            "assessment": assessment,
            "profile": person_gap_profile(assessment),
            "preferred_forms": assessment.preferred_forms.all(),
            "is_own": assessment.employee_id == access.employee_id,
            "can_validate": assessment.status == Assessment.Status.SUBMITTED
            and campaigns.can_validate(access, assessment),
        },
    )


# --- Validation ---------------------------------------------------------------------------------


validation_list = lists.ValidationList.view(lists.validates)


@require_access()
def assessment_validate(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.for_user(request.user).select_related("survey", "employee__supervisor", "employee__unit"),
        pk=pk,
    )
    access = access_for(request.user)
    if not campaigns.can_validate(access, assessment):
        raise PermissionDenied
    if assessment.status != Assessment.Status.SUBMITTED:
        messages.info(request, _("Penilaian ini tidak menunggu validasi."))
        return redirect(assessment)
    items = list(assessment.items.select_related("competency").prefetch_related("competency__levels"))
    returning = "return" in request.POST
    form = ValidationForm(request.POST or None, items=items, returning=returning)
    if request.method == "POST" and form.is_valid():
        name = assessment.employee.full_name
        if not returning:
            campaigns.validate_assessment(assessment=assessment, access=access, by=request.user, **form.answers())
            messages.success(request, _("Penilaian %(name)s divalidasi.") % {"name": name})
            return redirect("needs_analysis:validation_list")
        answers = form.answers()
        try:
            campaigns.return_assessment(
                assessment=assessment, access=access, by=request.user, notes=answers["notes"], note=answers["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request, _("Penilaian %(name)s dikembalikan kepada pegawai untuk diperbaiki.") % {"name": name}
            )
            return redirect("needs_analysis:validation_list")
    return render(
        request,
        "needs_analysis/assessment_validate.html",
        {"assessment": assessment, "form": form, "can_return": assessment.survey.is_accepting_answers},
    )


# --- From needs to the plan ---------------------------------------------------------------------


@require_access(can_edit_people)
def need_to_plan(request, pk, unit_id, competency_id):
    """Turn one priority need of the recap into a plan item (prefilled, editable), remembering the need."""
    survey = _survey(request, pk)
    access = access_for(request.user)
    data = recap(survey, request.user)
    cell = next((c for c in data.cells if (c.unit_id, c.competency_id) == (unit_id, competency_id)), None)
    if cell is None:
        raise Http404
    if not access.can_edit_unit(data.units[unit_id]):
        raise PermissionDenied
    unit, competency = data.units[unit_id], data.competencies[competency_id]
    recap_url = reverse("needs_analysis:survey_recap", args=[survey.pk])
    planned = Need.objects.filter(survey=survey, unit=unit, competency=competency, plan_item__isnull=False)
    need = planned.select_related("plan_item__program").first()
    if need is not None:
        messages.warning(request, planning.already_planned(need).messages[0])
        return redirect(recap_url)
    # Only plans the user may change: a pimpinan elsewhere cannot add items to what they only read.
    programs = DevelopmentProgram.objects.editable_by(request.user).filter(
        year=survey.year, status=DevelopmentProgram.Status.DRAFT
    )
    initial = {
        "program": programs.first(),
        "title": _("Pengembangan kompetensi %(competency)s — %(unit)s")
        % {"competency": competency.name, "unit": unit.name},
        "planned_participants": cell.with_gap,
        "planned_jp": 20,
        "quarter": None,
        "budget": 0,
    }
    form = NeedToPlanForm(request.POST or None, programs=programs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = planning.plan_need(survey=survey, cell=cell, unit=unit, competency=competency, **form.cleaned_data)
        except ValidationError as error:
            messages.warning(request, error.messages[0])
            return redirect(recap_url)
        messages.success(request, _("Butir rencana dibuat dari kebutuhan prioritas."))
        return redirect(item.program)
    return render(
        request,
        "needs_analysis/need_to_plan.html",
        {
            "survey": survey,
            "form": form,
            "cell": cell,
            "unit": unit,
            "competency": competency,
            "no_program": not programs.exists(),
        },
    )


@require_access(can_edit_people)
def need_nominate(request, pk, unit_id, competency_id):
    """Nominate, in one step, everyone with this gap to an open session that develops the competency."""
    survey = _survey(request, pk)
    access = access_for(request.user)
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=unit_id)
    if not access.can_edit_unit(unit):
        raise PermissionDenied
    competency = get_object_or_404(Competency, pk=competency_id)
    people = people_with_gap(survey, request.user, unit=unit, competency=competency)
    sessions = (
        Session.objects.for_user(request.user)
        .filter(
            status__in=[Session.Status.OPEN, Session.Status.DRAFT],
            starts_on__gte=timezone.localdate(),
            course__course_competencies__competency=competency,
        )
        .select_related("course")
        .distinct()
        .order_by("starts_on")
    )
    if request.method == "POST":
        session_id = request.POST.get("session", "")
        session = get_object_or_404(sessions, pk=session_id if session_id.isdigit() else 0)
        if not can_manage(request.user, session):
            # Another unit's session: its organisers decide, so the people are proposed to them.
            return _propose_gap_people(request, session, list(people))
        done, refused = 0, []
        for employee in people:
            try:
                request_place(session=session, employee=employee, by=request.user, source=Enrolment.Source.NEEDS)
                done += 1
            except ValidationError as error:
                refused.append(f"{employee.full_name}: {error.messages[0]}")
        messages.success(request, _("%(count)d pegawai dinominasikan.") % {"count": done})
        for line in refused:
            messages.warning(request, line)
        return redirect("training:session_participants", pk=session.pk)
    return render(
        request,
        "needs_analysis/need_nominate.html",
        {
            "survey": survey,
            "unit": unit,
            "competency": competency,
            "people": people,
            "sessions": sessions,
        },
    )


def _propose_gap_people(request, session, people):
    try:
        made, refused = proposals.propose(
            session=session, employees=people, by=request.user, source=Proposal.Source.GAP
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(session)
    messages.success(request, _("%(count)d pegawai diusulkan.") % {"count": len(made)})
    for employee, why in refused:
        messages.warning(request, f"{employee.full_name}: {why}")
    return redirect(f"{reverse('training:proposal_list')}?session={session.pk}")


@require_access(can_edit_people)
def session_gap_people(request, pk):
    """A unit's people with a gap in the competencies a session develops, to tick and propose (the
    form posts to the training proposal page, which checks every id against the proposer's units)."""
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related("course", "organiser_unit"), pk=pk
    )
    if can_manage(request.user, session):
        return redirect("training:session_nominate", pk=session.pk)
    people = (
        Employee.objects.for_user(request.user)
        .editable_by(request.user)
        .active()
        .exclude(pk__in=Proposal.objects.filter(session=session).values("employee_id"))
        .exclude(pk__in=session.enrolments.filter(status__in=Proposal.TAKING_PART).values("employee_id"))
    )
    page = paginate(request, people_with_session_gap(session, people), 50)
    return render(
        request,
        "needs_analysis/session_gap_people.html",
        {
            "session": session,
            "page_obj": page,
            "source": Proposal.Source.GAP,
            "closed": closed_reason(session),
            "quotas": proposals.quotas_of(session, access_for(request.user).units),
            "sections": [{"template": "needs_analysis/_proposal_tab.html", "session": session, "active": True}],
        },
    )
