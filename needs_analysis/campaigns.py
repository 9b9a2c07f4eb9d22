"""The life of a needs-analysis campaign: open, add latecomers, answer, validate, remind, close."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import long_date
from programs.models import CompetencyRequirement, Employee

from .models import AWAITING_EMPLOYEE, Assessment, AssessmentItem, NeedsSurvey


def target_employees(survey):
    """Active ASN in the target units' subtrees (or the owner's subtree) holding a target position."""
    people = Employee.objects.active()
    units = list(survey.target_units.all())
    if not units:
        units = [survey.owner_unit]
    subtree = Q()
    for unit in units:
        subtree |= Q(unit__path__startswith=unit.path)
    people = people.filter(subtree)
    position_ids = list(survey.target_positions.values_list("pk", flat=True))
    if position_ids:
        people = people.filter(position_id__in=position_ids)
    return people


def _create_assessments(survey, people):
    people = list(people.exclude(assessments__survey=survey).values_list("pk", "unit_id", "position_id"))
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(survey=survey, employee_id=pk, unit_id=unit_id, position_id=position_id)
            for pk, unit_id, position_id in people
        ],
        batch_size=1000,
    )
    # bulk_create returns primary keys on PostgreSQL and SQLite >= 3.35; fetch them to be sure.
    by_employee = dict(
        Assessment.objects.filter(survey=survey, employee_id__in=[pk for pk, _u, _p in people]).values_list(
            "employee_id", "pk"
        )
    )
    position_of = {pk: position_id for pk, _unit, position_id in people}
    requirements = {}
    for position_id, competency_id, level in CompetencyRequirement.objects.filter(
        position_id__in={p for p in position_of.values() if p},
        competency__type__in=survey.competency_types,
        competency__is_active=True,
    ).values_list("position_id", "competency_id", "required_level"):
        requirements.setdefault(position_id, []).append((competency_id, level))
    items = [
        AssessmentItem(assessment_id=by_employee[employee_id], competency_id=competency_id, required_level=level)
        for employee_id, position_id in position_of.items()
        for competency_id, level in requirements.get(position_id, [])
    ]
    AssessmentItem.objects.bulk_create(items, batch_size=2000)
    return len(assessments)


@transaction.atomic
def open_survey(*, survey, by):
    """Open a draft campaign: one assessment per targeted active ASN, items from their position's
    standard (the required level is copied, so later edits of the standard do not rewrite answers)."""
    if _locked_status(survey) != NeedsSurvey.Status.DRAFT:
        raise ValidationError(_("Survei ini sudah dibuka."))
    created = _create_assessments(survey, target_employees(survey))
    survey.status = NeedsSurvey.Status.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    return created


def _locked_status(survey):
    """The campaign's status as stored, with its row locked until the transaction ends (a double-click
    on "open" must not create the assessments twice)."""
    return NeedsSurvey.objects.select_for_update().values_list("status", flat=True).get(pk=survey.pk)


@transaction.atomic
def add_latecomers(*, survey, by):
    """Give ASN who joined the targets after opening their assessment."""
    if _locked_status(survey) != NeedsSurvey.Status.OPEN:
        raise ValidationError(_("Pegawai baru hanya dapat ditambahkan ketika survei dibuka."))
    return _create_assessments(survey, target_employees(survey))


@transaction.atomic
def close_survey(*, survey, by):
    if _locked_status(survey) != NeedsSurvey.Status.OPEN:
        raise ValidationError(_("Hanya survei yang dibuka yang dapat ditutup."))
    survey.status = NeedsSurvey.Status.CLOSED
    survey.save(update_fields=["status"])


@transaction.atomic
def save_self_assessment(*, assessment, levels, comments, preferred_forms, preferred_time, training_wish, submit):
    """Store what the ASN chose. A draft keeps partial answers; a submission needs every level."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_editable_by_employee:
        raise ValidationError(
            _("Penilaian ini sudah dikirim atau survei sudah ditutup; isinya tidak dapat diubah."), code="locked"
        )
    items = list(assessment.items.select_related("competency"))
    for item in items:
        item.self_level = levels.get(item.competency_id)
        item.self_comment = comments.get(item.competency_id, "")
    AssessmentItem.objects.bulk_update(items, ["self_level", "self_comment"])
    if preferred_forms is not None:
        assessment.preferred_forms.set(preferred_forms)
    assessment.preferred_time = preferred_time or ""
    assessment.training_wish = training_wish or ""
    if submit:
        missing = [item.competency for item in items if item.self_level is None]
        if missing:
            raise ValidationError(
                _("Pilih level untuk semua kompetensi sebelum mengirim (belum: %(names)s).")
                % {"names": ", ".join(competency.name for competency in missing)},
                code="incomplete",
            )
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
    elif assessment.status != Assessment.Status.RETURNED:
        # A returned assessment stays returned while the ASN revises it: the supervisor's list
        # keeps showing it as waiting for the ASN, and the note stays on the page.
        assessment.status = Assessment.Status.DRAFT
    assessment.save()
    return assessment


def can_validate(access, assessment):
    """The direct supervisor validates; an operator (or admin) may where the supervisor is missing."""
    employee = assessment.employee
    if access.employee_id == employee.pk:
        return False  # nobody validates their own self-assessment
    if access.employee_id and employee.supervisor_id == access.employee_id:
        return True
    supervisor_missing = employee.supervisor_id is None or not employee.supervisor.is_active
    return supervisor_missing and access.can_edit_unit(employee.unit)


@transaction.atomic
def validate_assessment(*, assessment, access, by, levels, notes, note):
    assessment = (
        # Lock only the assessment row: PostgreSQL refuses FOR UPDATE on the outer join to a missing supervisor.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("employee__supervisor", "employee__unit")
        .get(pk=assessment.pk)
    )
    if not can_validate(access, assessment):
        raise PermissionDenied
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(_("Hanya penilaian yang sudah dikirim dan belum divalidasi yang dapat divalidasi."))
    items = list(assessment.items.all())
    for item in items:
        item.supervisor_level = levels.get(item.competency_id, item.self_level)
        item.supervisor_note = notes.get(item.competency_id, "")
    AssessmentItem.objects.bulk_update(items, ["supervisor_level", "supervisor_note"])
    assessment.status = Assessment.Status.VALIDATED
    assessment.validated_by = by
    assessment.validated_at = timezone.now()
    assessment.validation_note = note
    assessment.save()
    return assessment


@transaction.atomic
def return_assessment(*, assessment, access, by, notes, note):
    """Send a submitted assessment back to the ASN with what to revise (`note`, and a note per
    competency); the ASN edits it and sends it again. Who may validate may return it."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("survey", "employee__supervisor", "employee__unit")
        .get(pk=assessment.pk)
    )
    if not can_validate(access, assessment):
        raise PermissionDenied
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(_("Hanya penilaian yang sudah dikirim dan belum divalidasi yang dapat dikembalikan."))
    if not assessment.survey.is_accepting_answers:
        raise ValidationError(
            _("Survei sudah ditutup, jadi pegawai tidak dapat memperbaiki penilaiannya. Validasi penilaian ini.")
        )
    if not note.strip():
        raise ValidationError(_("Tulis catatan untuk pegawai: apa yang perlu diperbaiki."))
    items = list(assessment.items.all())
    for item in items:
        item.supervisor_note = notes.get(item.competency_id, "")
    AssessmentItem.objects.bulk_update(items, ["supervisor_note"])
    assessment.status = Assessment.Status.RETURNED
    assessment.returned_by = by
    assessment.returned_at = timezone.now()
    assessment.return_note = note.strip()
    assessment.save()
    return assessment


def reminder_text(survey, link, assessment=None):
    """The reminder for the whole office (no `assessment`), or for one person as their assessment
    stands: one who has started is asked to finish and send, not to start."""
    values = {"title": survey.title, "deadline": long_date(survey.closes_on), "link": link}
    if assessment is None:
        return (
            _(
                'Yth. Bapak/Ibu ASN, mohon segera mengisi penilaian kompetensi "%(title)s" paling lambat '
                "%(deadline)s melalui tautan berikut: %(link)s . Terima kasih."
            )
            % values
        )
    values["name"] = assessment.employee.full_name
    if assessment.status == Assessment.Status.RETURNED:
        return (
            _(
                'Yth. %(name)s, penilaian kompetensi "%(title)s" Anda dikembalikan oleh atasan untuk diperbaiki. '
                "Mohon baca catatannya, perbaiki dan kirim lagi paling lambat %(deadline)s melalui tautan berikut: "
                "%(link)s . Terima kasih."
            )
            % values
        )
    if assessment.status == Assessment.Status.DRAFT:
        return (
            _(
                'Yth. %(name)s, penilaian kompetensi "%(title)s" Anda sudah mulai diisi tetapi belum dikirim. '
                "Mohon lengkapi dan kirim paling lambat %(deadline)s melalui tautan berikut: %(link)s . Terima kasih."
            )
            % values
        )
    return (
        _(
            'Yth. %(name)s, Anda belum mulai mengisi penilaian kompetensi "%(title)s". Mohon isi dan kirim '
            "paling lambat %(deadline)s melalui tautan berikut: %(link)s . Terima kasih."
        )
        % values
    )


def send_reminders(*, survey, assessments, link):
    """E-mail everyone in `assessments` who has not submitted and has an address, each the reminder for
    where they stand; returns the count."""
    subject = _("Pengingat: %(title)s") % {"title": survey.title}
    messages = [
        (subject, reminder_text(survey, link, assessment), None, [assessment.employee.email])
        for assessment in assessments
        if assessment.employee.email and assessment.status in AWAITING_EMPLOYEE
    ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
