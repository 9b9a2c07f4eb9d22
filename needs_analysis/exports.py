"""Excel renderers of a campaign's recap and answers (columns declared once, rows streamed)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .gaps import actual_level
from .models import Assessment, AssessmentItem

RECAP_COLUMNS = [
    (gettext_lazy("Peringkat"), "number"),
    (gettext_lazy("Unit"), "text"),
    (gettext_lazy("Kode"), "text"),
    (gettext_lazy("Kompetensi"), "text"),
    (gettext_lazy("Jenis"), "text"),
    (gettext_lazy("Pegawai sasaran"), "number"),
    (gettext_lazy("Pegawai dinilai"), "number"),
    (gettext_lazy("Pegawai dengan kesenjangan"), "number"),
    (gettext_lazy("Persentase (%)"), "number"),
    (gettext_lazy("Rata-rata kesenjangan"), "number"),
    (gettext_lazy("Skor prioritas"), "number"),
]
COMPETENCY_COLUMNS = [column for index, column in enumerate(RECAP_COLUMNS) if index != 1]


def _recap_rows(recap, cells, *, with_unit):
    for rank, cell in enumerate(cells, start=1):
        competency = recap.competencies[cell.competency_id]
        row = [rank]
        if with_unit:
            row.append(recap.units[cell.unit_id].name)
        row += [
            competency.code,
            competency.name,
            competency.get_type_display(),
            cell.population,
            cell.assessed,
            cell.with_gap,
            float(cell.share * 100),
            float(cell.mean_gap),
            float(cell.priority),
        ]
        yield row


def recap_sheets(recap):
    return [
        (_("Prioritas per unit"), RECAP_COLUMNS, _recap_rows(recap, recap.cells, with_unit=True)),
        (_("Per kompetensi"), COMPETENCY_COLUMNS, _recap_rows(recap, recap.by_competency, with_unit=False)),
    ]


ANSWER_COLUMNS = [
    (gettext_lazy("NIP"), "text"),
    (gettext_lazy("Nama"), "text"),
    (gettext_lazy("Unit"), "text"),
    (gettext_lazy("Jabatan"), "text"),
    (gettext_lazy("Status"), "text"),
    (gettext_lazy("Kode"), "text"),
    (gettext_lazy("Kompetensi"), "text"),
    (gettext_lazy("Level dipersyaratkan"), "number"),
    (gettext_lazy("Level diri"), "number"),
    (gettext_lazy("Level validasi"), "number"),
    (gettext_lazy("Level dipakai"), "number"),
    (gettext_lazy("Kesenjangan"), "number"),
    (gettext_lazy("Komentar"), "text"),
    (gettext_lazy("Catatan atasan"), "text"),
    (gettext_lazy("Pelatihan yang dibutuhkan"), "text"),
]


def _answer_rows(assessments):
    statuses = dict(Assessment.Status.choices)
    items = (
        AssessmentItem.objects.filter(assessment__in=assessments.values("pk"))
        .select_related("assessment__employee", "assessment__unit", "assessment__position", "competency")
        .order_by("assessment__unit__path", "assessment__employee__name", "competency__code")
    )
    for item in items.iterator(chunk_size=2000):
        assessment = item.assessment
        level, _source = actual_level(
            item.self_level, item.supervisor_level, validated=assessment.status == Assessment.Status.VALIDATED
        )
        yield [
            assessment.employee.nip,
            assessment.employee.full_name,
            assessment.unit.name,
            assessment.position.name if assessment.position else "",
            statuses[assessment.status],
            item.competency.code,
            item.competency.name,
            item.required_level,
            item.self_level,
            item.supervisor_level,
            level,
            item.required_level - level if level is not None else None,
            item.self_comment,
            item.supervisor_note,
            assessment.training_wish,
        ]


def answer_sheets(assessments):
    return [(_("Jawaban"), ANSWER_COLUMNS, _answer_rows(assessments))]
