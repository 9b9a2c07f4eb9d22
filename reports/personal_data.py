"""A person's own data, for them (UU 27/2022 on personal data protection: the data subject's right
of access): one workbook with everything Bangkom holds about an employee, in a fixed number of
queries. It reads every app, so it lives here, at the top of the dependency order."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.xlsx import choice_labels
from evaluation.models import Invitation
from needs_analysis.models import AssessmentItem
from programs.nip import format_nip
from training.models import Enrolment, ExternalClaim, LearningRecord

FIELD_COLUMNS = [(gettext_lazy("Data"), "text"), (gettext_lazy("Isi"), "wide")]


def personal_data_sheets(person):
    """[(title, columns, rows)] of what is stored about `person` (an Employee with unit, position,
    supervisor and user loaded)."""
    return [
        (_("Data pribadi"), FIELD_COLUMNS, _profile_rows(person)),
        (
            _("Riwayat pembelajaran"),
            [
                (gettext_lazy("Tahun"), "number"),
                (gettext_lazy("Kegiatan"), "wide"),
                (gettext_lazy("Bentuk"), "text"),
                (gettext_lazy("Penyelenggara"), "text"),
                (gettext_lazy("Mulai"), "date"),
                (gettext_lazy("Selesai"), "date"),
                (gettext_lazy("JP"), "number"),
                (gettext_lazy("Nomor sertifikat"), "text"),
            ],
            [
                [r.year, r.title, r.development_form.name, r.organiser, r.starts_on, r.ends_on, r.jp]
                + [r.certificate_number]
                for r in LearningRecord.objects.filter(employee=person).select_related("development_form")
            ],
        ),
        (
            _("Pendaftaran pelatihan"),
            [
                (gettext_lazy("Program"), "wide"),
                (gettext_lazy("Angkatan"), "text"),
                (gettext_lazy("Mulai"), "date"),
                (gettext_lazy("Status"), "text"),
                (gettext_lazy("Didaftarkan pada"), "datetime"),
            ],
            _enrolment_rows(person),
        ),
        (
            _("Penilaian kompetensi"),
            [
                (gettext_lazy("Survei"), "wide"),
                (gettext_lazy("Kompetensi"), "text"),
                (gettext_lazy("Level dipersyaratkan"), "number"),
                (gettext_lazy("Penilaian diri"), "number"),
                (gettext_lazy("Komentar"), "wide"),
                (gettext_lazy("Validasi atasan"), "number"),
                (gettext_lazy("Catatan atasan"), "wide"),
            ],
            [
                [
                    item.assessment.survey.title,
                    str(item.competency),
                    item.required_level,
                    item.self_level,
                    item.self_comment,
                    item.supervisor_level,
                    item.supervisor_note,
                ]
                for item in AssessmentItem.objects.filter(assessment__employee=person)
                .select_related("assessment__survey", "competency")
                .order_by("assessment__survey__year", "competency__code")
            ],
        ),
        (
            _("Klaim JP"),
            [
                (gettext_lazy("Kegiatan"), "wide"),
                (gettext_lazy("Penyelenggara"), "text"),
                (gettext_lazy("Selesai"), "date"),
                (gettext_lazy("Status"), "text"),
                (gettext_lazy("JP diakui"), "number"),
                (gettext_lazy("Catatan verifikasi"), "wide"),
            ],
            _claim_rows(person),
        ),
        (
            _("Kuesioner"),
            [
                (gettext_lazy("Kuesioner"), "wide"),
                (gettext_lazy("Dijawab"), "text"),
                (gettext_lazy("Anonim"), "text"),
            ],
            [
                [
                    str(invitation.distribution.questionnaire),
                    _("Ya") if invitation.answered else _("Tidak"),
                    _("Ya") if invitation.distribution.is_anonymous else _("Tidak"),
                ]
                for invitation in Invitation.objects.filter(employee=person).select_related(
                    "distribution__questionnaire"
                )
            ],
        ),
        (
            _("Riwayat perubahan data"),
            [
                (gettext_lazy("Waktu"), "datetime"),
                (gettext_lazy("Oleh"), "text"),
                (gettext_lazy("Perubahan"), "wide"),
            ],
            [
                [entry.timestamp, str(entry.actor or ""), entry.changes_str]
                for entry in LogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(type(person)), object_pk=str(person.pk)
                )
                .select_related("actor")
                .order_by("timestamp")
            ],
        ),
    ]


def _profile_rows(person):
    gender = choice_labels(type(person), "gender")
    status = choice_labels(type(person), "status")
    golongan = choice_labels(type(person), "golongan")
    user, supervisor = person.user, person.supervisor
    return [
        [_("NIP"), format_nip(person.nip)],
        [_("Nama lengkap"), person.full_name],
        [_("Jenis kelamin"), gender.get(person.gender, person.gender)],
        [_("Tanggal lahir"), person.birth_date.isoformat() if person.birth_date else ""],
        [_("Status"), status.get(person.status, person.status)],
        [_("Golongan"), golongan.get(person.golongan, person.golongan)],
        [_("Pangkat"), person.pangkat],
        [_("Jabatan"), str(person.position or "")],
        [_("Unit kerja"), str(person.unit)],
        [_("Atasan langsung"), f"{supervisor.full_name} ({format_nip(supervisor.nip)})" if supervisor else ""],
        [_("E-mail"), person.email],
        [_("Nomor HP"), person.phone],
        [_("Aktif"), _("Ya") if person.is_active else _("Tidak")],
        [_("Nama pengguna"), user.username if user else ""],
        [_("Terakhir masuk"), user.last_login.isoformat(timespec="minutes") if user and user.last_login else ""],
    ]


def _enrolment_rows(person):
    labels = choice_labels(Enrolment, "status")
    return [
        [e.session.course.title, e.session.name, e.session.starts_on, labels.get(e.status, e.status), e.requested_at]
        for e in Enrolment.objects.filter(employee=person).select_related("session__course").order_by("requested_at")
    ]


def _claim_rows(person):
    labels = choice_labels(ExternalClaim, "status")
    return [
        [c.title, c.organiser, c.ends_on, labels.get(c.status, c.status), c.jp_credited, c.review_note]
        for c in ExternalClaim.objects.filter(employee=person).order_by("ends_on")
    ]
