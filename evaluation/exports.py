"""Excel of an evaluation: the summary per question and every raw answer (anonymous ones without any
respondent column); the Word copy of an SKM survey's IKM report."""

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.blocks import Heading, Paragraph, Table, report_document
from core.formats import long_date

from .answering import display_value
from .figures import distribution_results
from .models import Answer

SUMMARY_COLUMNS = [
    (gettext_lazy("Bagian"), "text"),
    (gettext_lazy("Pertanyaan"), "text"),
    (gettext_lazy("Jenis"), "text"),
    (gettext_lazy("Jumlah jawaban"), "number"),
    (gettext_lazy("Rata-rata"), "number"),
    (gettext_lazy("Persen skala"), "number"),
    (gettext_lazy("Rendah"), "text"),
    (gettext_lazy("Menjawab benar (%)"), "number"),
]


def _summary_rows(data):
    for row in data["rows"]:
        question = row["question"]
        yield [
            question.section.title if question.section else "",
            question.text,
            question.get_type_display(),
            row["count"],
            float(row["mean"]) if row["mean"] is not None else None,
            float(row["percent"]) if row["percent"] is not None else None,
            _("Ya") if row["low"] else "",
            round(float(row["correct"]) * 100, 1) if row["correct"] is not None else None,
        ]


def _raw_rows(distribution):
    answers = (
        Answer.objects.filter(response__distribution=distribution)
        .select_related("question", "response__invitation__employee", "response__invitation__about")
        .order_by("response_id", "question__order")
    )
    for answer in answers.iterator(chunk_size=2000):
        question = answer.question
        value = float(answer.number) if answer.number is not None and not question.choices else display_value(answer)
        invitation = answer.response.invitation
        # A supervisor answers once per alumnus: the alumnus rated tells their forms apart.
        who = (
            []
            if distribution.is_anonymous
            else (
                [
                    invitation.employee.nip,
                    invitation.employee.full_name,
                    invitation.about.full_name if invitation.about else "",
                ]
                if invitation
                else ["", "", ""]
            )
        )
        yield [str(answer.response_id)[:8], *who, answer.response.get_role_display(), question.text, value]


def distribution_sheets(distribution):
    raw_columns = [(gettext_lazy("Jawaban"), "text")]
    if not distribution.is_anonymous:
        raw_columns += [
            (gettext_lazy("NIP"), "text"),
            (gettext_lazy("Nama"), "text"),
            (gettext_lazy("Tentang alumni"), "text"),
        ]
    raw_columns += [
        (gettext_lazy("Sebagai"), "text"),
        (gettext_lazy("Pertanyaan"), "text"),
        (gettext_lazy("Isi"), "text"),
    ]
    return [
        (_("Ringkasan"), SUMMARY_COLUMNS, _summary_rows(distribution_results(distribution))),
        (_("Jawaban"), raw_columns, _raw_rows(distribution)),
    ]


def skm_sheets(survey, data):
    from .models import UNSUR_FIELDS, ServiceResponse

    result = data["result"]
    results_columns = [
        (gettext_lazy("Unsur"), "text"),
        (gettext_lazy("Jumlah nilai"), "number"),
        (gettext_lazy("Jumlah kuesioner"), "number"),
        (gettext_lazy("NRR"), "number"),
        (gettext_lazy("NRR tertimbang (1/9)"), "number"),
        (gettext_lazy("Mutu"), "text"),
    ]

    def result_rows():
        for (number, name, _labels), unsur in data["unsur"]:
            yield [
                f"U{number} {name}",
                unsur.total,
                unsur.answered,
                float(unsur.nrr_display) if unsur.nrr is not None else None,
                float(unsur.weighted) if unsur.weighted is not None else None,
                unsur.band or "",
            ]
        yield [
            _("IKM (konversi)"),
            None,
            result.questionnaires,
            None,
            float(result.converted) if result.converted else None,
            result.mutu or "",
        ]

    raw_columns = [(f"U{n}", "number") for n in range(1, 10)] + [
        (gettext_lazy("Jenis kelamin"), "text"),
        (gettext_lazy("Usia"), "number"),
        (gettext_lazy("Pendidikan"), "text"),
        (gettext_lazy("Pekerjaan"), "text"),
        (gettext_lazy("Jenis layanan"), "text"),
        (gettext_lazy("Saran"), "text"),
        (gettext_lazy("Sumber"), "text"),
        (gettext_lazy("Tanggal"), "date"),
    ]

    def raw_rows():
        if survey.raw_deleted_on:
            note = _("Jawaban mentah dihapus pada %(date)s (masa simpan habis); lihat lembar Hasil IKM.")
            yield [None] * 14 + [note % {"date": long_date(survey.raw_deleted_on)}, None, None]  # as Saran
            return
        for response in (
            ServiceResponse.objects.filter(survey=survey).order_by("received_on", "id").iterator(chunk_size=5000)
        ):
            yield [getattr(response, field) for field in UNSUR_FIELDS] + [
                response.get_gender_display(),
                response.age,
                response.get_education_display(),
                response.get_occupation_display(),
                response.service_type,
                response.suggestion,
                response.get_source_display(),
                response.received_on,
            ]

    return [(_("Hasil IKM"), results_columns, result_rows()), (_("Data kuesioner"), raw_columns, raw_rows())]


def _or_dash(value):
    return "-" if value is None or value == "" else localize(value)


def skm_document(context):
    """The IKM report's Word copy, from the context its PDF (templates/evaluation/pdf/skm_report.html)
    is drawn from: the respondents, the IKM, each unsur's figures, the suggestions the PDF lists."""
    survey, data = context["survey"], context["data"]
    result = data["result"]
    respondents = _(
        "Jumlah responden %(n)s (sampel minimal %(sample)s dari populasi %(population)s pengguna layanan, "
        "Krejcie–Morgan)."
    ) % {"n": result.questionnaires, "sample": data["sample"], "population": survey.population}
    if data["short"]:
        respondents += " " + _("Jumlah responden belum mencukupi.")
    score = (
        f"{_('Nilai IKM')}: {_or_dash(result.converted)} · {_('Mutu')} {result.mutu or '-'} · {result.kinerja or ''}"
    )
    unsur = Table(
        headers=(_("Unsur"), _("Jumlah nilai"), "n", "NRR", _("NRR tertimbang"), _("Mutu")),
        rows=tuple(
            (
                f"U{info[0]} {info[1]}",
                localize(row.total),
                localize(row.answered),
                _or_dash(row.nrr_display),
                floatformat(row.weighted, 3) if row.weighted is not None else "-",
                row.band or "-",
            )
            for info, row in data["unsur"]
        ),
        widths=(40, 12, 8, 12, 16, 12),
        numeric=(1, 2, 3, 4),
        total=(
            f"{_('IKM (1–4)')}: {_or_dash(result.ikm_display)}",
            "",
            "",
            "",
            _or_dash(result.converted),
            result.mutu or "-",
        ),
    )
    blocks = [
        Paragraph(respondents, indent=False),
        Heading(score.strip()),
        unsur,
        Paragraph(
            _(
                "Bobot setiap unsur tepat 1/9 (tercetak 0,111 dalam PermenPANRB 14/2017); nilai konversi = IKM × 25, "
                "dibulatkan ke atas mulai setengah pada dua desimal."
            ),
            indent=False,
        ),
    ]
    if data["suggestions"]:
        blocks.append(Heading(_("Saran masyarakat")))
        blocks += [
            Paragraph(suggestion + (f" ({count}×)" if count > 1 else ""), align="left", indent=False, bullet=True)
            for suggestion, count in data["suggestions"][:30]
        ]
    return report_document(
        title=_("Laporan Survei Kepuasan Masyarakat"),
        subtitle=f"{survey.title} · {_('Periode')} {long_date(survey.starts_on)} – {long_date(survey.ends_on)}",
        kop=context["kop"],
        signature=context["signature"],
        blocks=blocks,
        printed_at=context["printed_at"],
        filename_stem=f"ikm-{survey.unit.code}-{survey.starts_on:%Y%m}",
    )
