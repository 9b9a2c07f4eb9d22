import secrets

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access_for, can_edit_people, ensure_can_edit, is_admin, manages_units, require_access
from core.audit import record_export
from core.formats import date_time
from core.pdf import pdf_response
from core.word import docx_response
from core.xlsx import xlsx_response
from programs.models import DocumentKind
from programs.signatories import letterhead_and_signature
from training.models import Course, Instructor, Provider, Session
from training.participation import can_manage

from . import distributions, exports, figures, lists, own_results, questionnaires, reminders, skm
from . import skm_import as skm_import_module
from .answering import AnswerForm, invitation_from_token, make_token, submit
from .forms import (
    CommunityInputForm,
    DistributionForm,
    PublicSkmForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
    ServiceSurveyForm,
    SkmImportForm,
)
from .models import (
    CommunityInput,
    Distribution,
    Invitation,
    Question,
    Questionnaire,
    RejectedSubmission,
    Response,
    ServiceResponse,
    ServiceSurvey,
)

# --- Templates (the questionnaire builder) -------------------------------------------------------


questionnaire_list = lists.QuestionnaireList.view(manages_units)


@require_access(is_admin)
def questionnaire_create(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        questionnaire = form.save()
        return redirect(questionnaire)
    return render(request, "evaluation/questionnaire_form.html", {"form": form})


@require_access(manages_units)
def questionnaire_detail(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    locked = questionnaire.is_locked
    editable = access_for(request.user).is_admin and not locked
    question_form = QuestionForm(questionnaire=questionnaire)
    section_form = SectionForm()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if "add_section" in request.POST:
            section_form = SectionForm(request.POST)
            if section_form.is_valid():
                section_form.instance.questionnaire = questionnaire
                section_form.instance.order = questionnaire.sections.count()
                section_form.save()
                return redirect(questionnaire)
        else:
            question_form = QuestionForm(request.POST, questionnaire=questionnaire)
            if question_form.is_valid():
                question_form.instance.questionnaire = questionnaire
                question_form.instance.order = (questionnaire.questions.aggregate(last=Max("order"))["last"] or 0) + 1
                question_form.save()
                messages.success(request, _("Pertanyaan ditambahkan."))
                return redirect(questionnaire)
    return render(
        request,
        "evaluation/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.select_related("section"),
            "locked": locked,
            "editable": editable,
            "question_form": question_form,
            "section_form": section_form,
        },
    )


@require_POST
@require_access(is_admin)
def question_move(request, pk):
    """Move a question one place up or down (the arrows of the builder)."""
    question = get_object_or_404(Question.objects.select_related("questionnaire"), pk=pk)
    if question.questionnaire.is_locked:
        raise PermissionDenied
    siblings = list(question.questionnaire.questions.order_by("order", "id"))
    index = siblings.index(question)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if request.POST.get("direction") == "delete":
        question.delete()
        return redirect(question.questionnaire)
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for order, item in enumerate(siblings, start=1):
            item.order = order
        Question.objects.bulk_update(siblings, ["order"])
    return redirect(question.questionnaire)


@require_POST
@require_access(is_admin)
def questionnaire_copy(request, pk):
    """A new version to edit; the original stays as it was under its answers."""
    copy = questionnaires.new_version(get_object_or_404(Questionnaire, pk=pk), by=request.user)
    messages.success(request, _("Salinan (versi %(version)d) dibuat; ubah salinan ini.") % {"version": copy.version})
    return redirect(copy)


@require_access(manages_units)
def questionnaire_preview(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    questions = list(questionnaire.questions.select_related("section").order_by("order", "id"))
    return render(
        request,
        "evaluation/answer.html",
        {
            "form": AnswerForm(questions=questions),
            "questionnaire": questionnaire,
            "preview": True,
        },
    )


# --- Distributions -------------------------------------------------------------------------------


def _session(request, pk):
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related("course", "organiser_unit"), pk=pk
    )
    if not can_manage(request.user, session):
        raise PermissionDenied
    return session


@require_access(can_edit_people)
def distribution_create(request, session_id):
    session = _session(request, session_id)
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if session.distributions.filter(purpose=data["purpose"]).exists():
            form.add_error("purpose", _("Angkatan ini sudah memiliki kuesioner untuk tujuan tersebut."))
        else:
            try:
                distribution = distributions.attach(
                    session=session,
                    questionnaire=data["questionnaire"],
                    purpose=data["purpose"],
                    by=request.user,
                    is_anonymous=data["is_anonymous"],
                    months=data.get("months") or None,
                )
            except ValidationError as error:
                form.add_error("purpose", error.messages[0])
            else:
                messages.success(
                    request,
                    _("Kuesioner dilampirkan; dibuka %(when)s.") % {"when": date_time(distribution.opens_at)},
                )
                return redirect(distribution)
    return render(
        request,
        "evaluation/distribution_form.html",
        {"form": form, "session": session, "existing": session.distributions.all()},
    )


def _distribution(request, pk):
    distribution = get_object_or_404(
        Distribution.objects.select_related(
            "session__course", "session__provider", "session__organiser_unit", "questionnaire"
        ),
        pk=pk,
        session__in=Session.objects.for_user(request.user),
    )
    access = access_for(request.user)
    if not (
        can_manage(request.user, distribution.session) or access.can_read_unit(distribution.session.organiser_unit)
    ):
        raise PermissionDenied
    return distribution


@require_access(manages_units)
def distribution_detail(request, pk):
    distribution = _distribution(request, pk)
    pending = (
        Invitation.objects.for_user(request.user)
        .filter(distribution=distribution, answered=False)
        .select_related("employee", "about")
        .order_by("employee__name")
    )
    managing = can_manage(request.user, distribution.session)
    if managing:
        rows = reminders.reminders(distribution, pending, lambda invitation: invitation_link(request, invitation))
    else:
        rows = [(invitation, "", "") for invitation in pending]
    results = figures.distribution_results(distribution)
    context = {
        "distribution": distribution,
        "results": results,
        "pending": rows,
        "reminder_texts": [text for _invitation, text, _link in rows if text],
        "can_manage": managing,
        "hidden": figures.hidden_for_anonymity(distribution),
        # Nobody is invited before it opens: "0 of 0 ... everyone has answered" would say the opposite.
        "not_open_yet": distribution.opens_at > timezone.now() and not results["invited"],
    }
    if distribution.questionnaire.kind == Questionnaire.Kind.TEST:
        context["tests"] = figures.test_results(distribution.session)
    if distribution.purpose == Distribution.Purpose.FOLLOW_UP and not distribution.is_anonymous:
        context["pairs"] = figures.follow_up_pairs(distribution)
    return render(request, "evaluation/distribution_detail.html", context)


@require_POST
@require_access(can_edit_people)
def distribution_sync(request, pk):
    distribution = _distribution(request, pk)
    if not can_manage(request.user, distribution.session):
        raise PermissionDenied
    count = distributions.sync_invitations(distribution)
    if distribution.opens_at > timezone.now():
        messages.info(request, _("Kuesioner belum dibuka; undangan dibuat saat waktunya tiba."))
    else:
        messages.success(request, _("%(count)d undangan baru.") % {"count": count})
    return redirect(distribution)


@require_access(manages_units)
def distribution_xlsx(request, pk):
    distribution = _distribution(request, pk)
    if figures.hidden_for_anonymity(distribution):
        messages.error(
            request, _("Hasil kuesioner anonim baru dapat dilihat setelah ditutup dan cukup banyak yang menjawab.")
        )
        return redirect(distribution)
    record_export(
        request,
        model=Response,
        description=_("Jawaban evaluasi: %(name)s") % {"name": distribution},
        rows=distribution.responses.count(),
    )
    return xlsx_response(f"evaluasi-{distribution.pk}.xlsx", exports.distribution_sheets(distribution))


@require_access(manages_units)
def distribution_pdf(request, pk):
    distribution = _distribution(request, pk)
    if figures.hidden_for_anonymity(distribution):
        messages.error(
            request, _("Hasil kuesioner anonim baru dapat dilihat setelah ditutup dan cukup banyak yang menjawab.")
        )
        return redirect(distribution)
    context = {
        "distribution": distribution,
        "results": figures.distribution_results(distribution),
        "printed_at": timezone.localtime(),
    }
    if distribution.questionnaire.kind == Questionnaire.Kind.TEST:
        context["tests"] = figures.test_results(distribution.session)
    return pdf_response(
        "evaluation/pdf/distribution.html", context, filename=f"evaluasi-{distribution.pk}.pdf", request=request
    )


# --- Answering -----------------------------------------------------------------------------------


@require_access()
def my_questionnaires(request):
    access = access_for(request.user)
    if access.employee_id:
        # Make sure whatever became due for this person's sessions has its invitation.
        now = timezone.now()
        due = (
            Distribution.objects.filter(opens_at__lte=now, closes_at__gte=now)
            .filter(
                Q(session__enrolments__employee_id=access.employee_id)
                | Q(session__enrolments__employee__supervisor_id=access.employee_id)
            )
            .exclude(invitations__employee_id=access.employee_id)
            .distinct()
        )
        for distribution in due:
            distributions.sync_invitations(distribution, now)
    invitations = (
        Invitation.objects.filter(employee_id=access.employee_id or 0)
        .select_related("distribution__session__course", "distribution__questionnaire", "about", "response")
        .in_answering_order()
    )
    return render(request, "evaluation/my_questionnaires.html", {"invitations": invitations, "now": timezone.now()})


def _answer(request, invitation, *, by_link=False):
    distribution = invitation.distribution
    questions = list(distribution.questionnaire.questions.select_related("section").order_by("order", "id"))
    if invitation.answered and request.method == "POST":
        return _answered_again(request, invitation)
    if invitation.answered:
        # A forwarded link must not show someone's answers; only the logged-in person sees their own again.
        show_answers = not (distribution.is_anonymous or by_link)
        return render(
            request,
            "evaluation/answered.html",
            {
                "distribution": distribution,
                "invitation": invitation,
                **own_results.own_result(invitation, show_answers=show_answers),
            },
        )
    if not distribution.is_open:
        return render(
            request, "evaluation/closed.html", {"distribution": distribution, "now": timezone.now()}, status=410
        )
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST":
        if form.is_valid():
            values = {question.pk: form.cleaned_data.get(f"q{question.pk}") for question in questions}
            try:
                response = submit(invitation=invitation, questions=questions, values=values)
            except ValidationError as error:
                if error.code == "answered":  # a sending of the same form got there first
                    return _answered_again(request, invitation)
                messages.error(request, error.messages[0])
                return redirect(request.path)
            return _thanks(request, invitation, response)
        messages.error(request, form.error_summary())
    return render(
        request,
        "evaluation/answer.html",
        {
            "form": form,
            "questionnaire": distribution.questionnaire,
            "distribution": distribution,
            "invitation": invitation,
            "draft_key": f"evaluation-{invitation.pk}",
        },
    )


def _thanks(request, invitation, response=None):
    """`response` is what was just sent: its score is shown here, to the person who sent it, even on an
    anonymous test (nothing stored leads back to them; it is not shown again)."""
    return render(
        request,
        "evaluation/thanks.html",
        {"distribution": invitation.distribution, "response": response, "draft_key": f"evaluation-{invitation.pk}"},
    )


def _answered_again(request, invitation):
    """A second sending of answers (a double tap, a resend, several at once, with or without the
    page's one-time token) lands where the first did: the thanks page, and nothing more is stored."""
    messages.info(request, _("Jawaban Anda sudah tercatat sebelumnya; kiriman ulang tidak disimpan lagi."))
    return _thanks(request, invitation)


@require_access()
def answer(request, pk):
    access = access_for(request.user)
    invitation = get_object_or_404(
        Invitation.objects.select_related("distribution__questionnaire", "distribution__session__course", "about"),
        pk=pk,
        employee_id=access.employee_id or 0,
    )
    return _answer(request, invitation)


def answer_by_link(request, token):
    """The signed link of an e-mail or WhatsApp message: no login needed, one person, one answer."""
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "evaluation/closed.html", {"invalid": True}, status=404)
    # A link lives as long as its questionnaire is open: a forwarded or leaked link says nothing after.
    if invitation.distribution.closes_at < timezone.now():
        context = {"distribution": invitation.distribution, "now": timezone.now()}
        return render(request, "evaluation/closed.html", context, status=410)
    return _answer(request, invitation, by_link=True)


def invitation_link(request, invitation):
    return request.build_absolute_uri(reverse("evaluation:answer_by_link", args=[make_token(invitation)]))


# --- Results across sessions --------------------------------------------------------------------


def _can_see_providers(access):
    return access.is_admin or access.is_pimpinan


@require_access(_can_see_providers)
def scoreboard(request):
    """Providers, courses and instructors across sessions and years, low scores flagged."""
    tables = {}
    for name, model in (("provider", Provider), ("course", Course), ("instructors", Instructor)):
        rows = figures.scores_by(name)
        objects = model.objects.in_bulk([row["key"] for row in rows])
        tables[name] = [(objects.get(row["key"]), row) for row in rows]
    return render(
        request,
        "evaluation/scoreboard.html",
        {
            "providers": tables["provider"],
            "courses": tables["course"],
            "instructors": tables["instructors"],
            "threshold": figures.low_threshold(),
        },
    )


@require_POST
@require_access(can_edit_people)
def distribution_remind(request, pk):
    """E-mail everyone who has not answered their personal link (it works without logging in)."""
    distribution = _distribution(request, pk)
    if not can_manage(request.user, distribution.session):
        raise PermissionDenied
    pending = (
        Invitation.objects.for_user(request.user)
        .filter(distribution=distribution, answered=False)
        .select_related("employee", "about")
    )
    messages_out = [
        (_("Pengingat kuesioner"), text, None, [invitation.employee.email])
        for invitation, text, _link in reminders.reminders(
            distribution, pending, lambda invitation: invitation_link(request, invitation)
        )
        if invitation.employee.email
    ]
    sent = send_mass_mail(messages_out, fail_silently=True) if messages_out else 0
    messages.success(request, _("Pengingat dikirim kepada %(count)d orang.") % {"count": sent})
    return redirect(distribution)


# --- SKM / IKM -------------------------------------------------------------------------------------


def _skm(request, pk):
    return get_object_or_404(ServiceSurvey.objects.for_user(request.user).select_related("unit"), pk=pk)


def _editable_skm(request, pk):
    survey = _skm(request, pk)
    ensure_can_edit(request.user, survey.unit)
    return survey


def _raw_deleted(request, survey):
    """A survey whose raw responses were deleted takes no more: its summary could not add them."""
    if survey.raw_deleted_on:
        messages.error(
            request, _("Jawaban mentah survei ini sudah dihapus (masa simpan habis); tidak bisa ditambah lagi.")
        )
        return redirect(survey)
    return None


skm_list = lists.SkmList.view(manages_units)


def _semester():
    today = timezone.localdate()
    if today.month <= 6:
        return today.replace(month=1, day=1), today.replace(month=6, day=30)
    return today.replace(month=7, day=1), today.replace(month=12, day=31)


@require_access(can_edit_people)
def skm_create(request):
    starts_on, ends_on = _semester()
    form = ServiceSurveyForm(
        request.POST or None,
        user=request.user,
        initial={"starts_on": starts_on, "ends_on": ends_on, "title": _("SKM semester ini")},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.instance.code = secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")[:8].lower()
        survey = form.save()
        messages.success(request, _("Survei dibuka. Cetak poster QR untuk loket pelayanan."))
        return redirect(survey)
    return render(request, "evaluation/skm_form.html", {"form": form})


@require_access(manages_units)
def skm_detail(request, pk):
    survey = _skm(request, pk)
    public_url = request.build_absolute_uri(reverse("skm_public", args=[survey.code]))
    return render(
        request,
        "evaluation/skm_detail.html",
        {
            "survey": survey,
            "data": skm.report(survey),
            "public_url": public_url,
            "can_edit": access_for(request.user).can_edit_unit(survey.unit),
        },
    )


def _skm_report_context(request, pk):
    """What the IKM report's PDF and its Word copy both say."""
    survey = _skm(request, pk)
    kop, signature = letterhead_and_signature(survey.unit, DocumentKind.IKM_REPORT)
    return {
        "kop": kop,
        "signature": signature,
        "survey": survey,
        "data": skm.report(survey),
        "printed_at": timezone.localtime(),
    }


def _skm_report_name(survey, extension):
    return f"ikm-{survey.unit.code}-{survey.starts_on:%Y%m}.{extension}"


@require_access(manages_units)
def skm_pdf(request, pk):
    context = _skm_report_context(request, pk)
    filename = _skm_report_name(context["survey"], "pdf")
    return pdf_response("evaluation/pdf/skm_report.html", context, filename=filename, request=request)


@require_access(manages_units)
def skm_docx(request, pk):
    context = _skm_report_context(request, pk)
    return docx_response(exports.skm_document(context))


@require_access(manages_units)
def skm_poster(request, pk):
    survey = _skm(request, pk)
    url = request.build_absolute_uri(reverse("skm_public", args=[survey.code]))
    return pdf_response(
        "evaluation/pdf/skm_poster.html",
        {
            "survey": survey,
            "url": url,
            "qr": segno.make(url, error="m").svg_data_uri(scale=10, border=2),
            "printed_at": timezone.localtime(),
        },
        filename=f"poster-skm-{survey.code}.pdf",
        request=request,
    )


@require_access(manages_units)
def skm_xlsx(request, pk):
    survey = _skm(request, pk)
    return xlsx_response(f"skm-{survey.code}.xlsx", exports.skm_sheets(survey, skm.report(survey)))


PAPER_ROWS_MAX = 500  # a grid posted by the page has 20 rows; anything far beyond is not from it


@require_access(can_edit_people)
def skm_paper(request, pk):
    """Paper questionnaires typed in a grid: one line each, nine scores, Tab from cell to cell."""
    survey = _editable_skm(request, pk)
    if refused := _raw_deleted(request, survey):
        return refused
    rows = []
    if request.method == "POST":
        errors, created = [], []
        count = request.POST.get("rows", "")
        count = min(int(count), PAPER_ROWS_MAX) if count.isdecimal() else 0
        for index in range(count):
            values = [request.POST.get(f"r{index}_u{n}", "").strip() for n in range(1, 10)]
            if not any(values):
                continue
            bad = [f"U{n}" for n, value in enumerate(values, start=1) if value not in ("", "1", "2", "3", "4")]
            if bad:
                errors.append(
                    _("Baris %(row)d: nilai %(fields)s harus 1–4.") % {"row": index + 1, "fields": ", ".join(bad)}
                )
                continue
            created.append(
                ServiceResponse(
                    survey=survey,
                    source=ServiceResponse.Source.PAPER,
                    received_on=timezone.localdate(),
                    **{f"u{n}": int(v) if v else None for n, v in enumerate(values, start=1)},
                )
            )
        if errors:
            for error in errors:
                messages.error(request, error)
            messages.error(request, _("Tidak ada yang disimpan; perbaiki baris di atas."))
        else:
            ServiceResponse.objects.bulk_create(created)
            messages.success(request, _("%(count)d kuesioner kertas disimpan.") % {"count": len(created)})
            return redirect(survey)
        rows = [[request.POST.get(f"r{i}_u{n}", "") for n in range(1, 10)] for i in range(count)]
    rows = rows or [[""] * 9 for _row in range(20)]
    return render(request, "evaluation/skm_paper.html", {"survey": survey, "rows": rows, "numbers": range(1, 10)})


def skm_public(request, code):
    """The citizen's form: no login, works on a cheap phone, guarded against spam."""
    survey = get_object_or_404(ServiceSurvey.objects.select_related("unit"), code=code)
    today = timezone.localdate()
    if not survey.is_open or survey.raw_deleted_on or not survey.starts_on <= today <= survey.ends_on:
        return render(request, "evaluation/skm_closed.html", {"survey": survey}, status=410)
    form = PublicSkmForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        values = form.response_values()
        with transaction.atomic():
            reason = skm.refusal(request, survey, values)
            if reason:
                RejectedSubmission.objects.create(survey=survey, reason=reason, received_on=today)
            else:
                ServiceResponse.objects.create(survey=survey, received_on=today, **values)
        if reason == RejectedSubmission.Reason.RATE_LIMIT:
            return render(request, "evaluation/skm_thanks.html", {"survey": survey, "limited": True}, status=429)
        # A refused robot is told the same thing as a person, so it learns nothing.
        return render(request, "evaluation/skm_thanks.html", {"survey": survey})
    return render(request, "evaluation/skm_public.html", {"survey": survey, "form": form, "started": skm.form_token()})


community_list = lists.CommunityList.view(manages_units)


@require_access(can_edit_people)
def community_create(request):
    form = CommunityInputForm(request.POST or None, user=request.user, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Masukan masyarakat dicatat."))
        return redirect("evaluation:community_list")
    return render(request, "evaluation/community_form.html", {"form": form})


@require_access(can_edit_people)
def skm_import(request, pk):
    survey = _editable_skm(request, pk)
    if refused := _raw_deleted(request, survey):
        return refused
    form = SkmImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = skm_import_module.read(form.cleaned_data["file"], survey)
        if not result.file_error and not result.errors:
            count = skm_import_module.save(result)
            messages.success(request, _("%(count)d kuesioner kertas diimpor.") % {"count": count})
            return redirect(survey)
    return render(request, "evaluation/skm_import.html", {"survey": survey, "form": form, "result": result})


@require_access(manages_units)
def skm_compare(request):
    """IKM per service unit and period side by side (one grouped query over every response in scope)."""
    surveys = list(
        ServiceSurvey.objects.for_user(request.user).select_related("unit").order_by("unit__path", "starts_on")
    )
    results = skm.results_for(surveys)
    rows = [(survey, results.get(survey.pk)) for survey in surveys]
    chart = {
        "labels": [f"{survey.unit.name} {survey.starts_on:%m/%Y}" for survey, _result in rows],
        "values": [float(result.converted) if result and result.converted else None for _survey, result in rows],
        "series": str(_("Nilai IKM")),
        "min": 25,  # the IKM scale starts at 25
    }
    return render(request, "evaluation/skm_compare.html", {"rows": rows, "chart": chart})


@require_access(can_edit_people)
def community_edit(request, pk):
    item = get_object_or_404(CommunityInput.objects.for_user(request.user).select_related("unit"), pk=pk)
    ensure_can_edit(request.user, item.unit)
    form = CommunityInputForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Masukan masyarakat disimpan."))
        return redirect("evaluation:community_list")
    return render(request, "evaluation/community_form.html", {"form": form, "item": item})
