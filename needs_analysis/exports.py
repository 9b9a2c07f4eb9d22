"""Excel renderers of a campaign's recap and answers (columns declared once, rows streamed), and the
Word copy of its summary."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.blocks import Heading, Paragraph, Table, report_document
from core.formats import percent

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


def summary_document(context):
    """The campaign summary's Word copy, from the context its PDF
    (templates/needs_analysis/pdf/survey_summary.html) is drawn from: the same figures, the gaps per
    competency and the priority needs the PDF lists, written as the PDF writes them."""
    survey, recap, progress = context["survey"], context["recap"], context["progress"]
    introduction = " ".join(
        (
            _("Penilaian terkirim: %(done)s dari %(total)s pegawai sasaran.")
            % {"done": progress.answered, "total": progress.total},
            _(
                "Rekap di bawah ini dihitung dari %(assessed)s penilaian; level yang dipakai adalah hasil "
                "validasi atasan bila ada, selain itu penilaian diri."
            )
            % {"assessed": recap.assessed_people},
        )
    )
    by_competency = Table(
        headers=(_("Kompetensi"), _("Dinilai"), _("Dengan kesenjangan"), _("% dari yang dinilai"), _("Rata-rata")),
        rows=tuple(
            (
                f"{recap.competencies[cell.competency_id].code} {recap.competencies[cell.competency_id].name}",
                intcomma(cell.assessed),
                intcomma(cell.with_gap),
                percent(cell.share_of_assessed),
                localize(cell.mean_gap),
            )
            for cell in recap.by_competency
        ),
        widths=(48, 13, 13, 13, 13),
        numeric=(1, 2, 3, 4),
    )
    priorities = Table(
        headers=("#", _("Unit"), _("Kompetensi"), _("Dengan kesenjangan"), _("Persentase"), _("Skor")),
        rows=tuple(
            (
                str(rank),
                recap.units[cell.unit_id].name,
                recap.competencies[cell.competency_id].name,
                f"{cell.with_gap} / {cell.population}",
                percent(cell.share),
                localize(cell.priority),
            )
            for rank, cell in enumerate(context["top"], start=1)
        ),
        widths=(6, 28, 30, 13, 12, 11),
        numeric=(3, 4, 5),
    )
    return report_document(
        title=_("Ringkasan Analisis Kebutuhan Pengembangan Kompetensi"),
        subtitle=f"{survey.title} · {_('Tahun')} {survey.year}",
        kop=context["kop"],
        signature=context["signature"],
        blocks=[
            Paragraph(introduction, indent=False),
            Heading(_("Kesenjangan per kompetensi")),
            by_competency,
            Heading(_("Kebutuhan prioritas")),
            priorities,
        ],
        printed_at=context["printed_at"],
        filename_stem=f"ringkasan-akpk-{survey.pk}",
    )
