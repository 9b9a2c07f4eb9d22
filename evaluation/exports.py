"""Excel of an evaluation: the summary per question and every raw answer (anonymous ones without any
respondent column)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .answering import display_value
from .models import Answer
from .results import distribution_results

SUMMARY_COLUMNS = [
    (gettext_lazy("Bagian"), "text"),
    (gettext_lazy("Pertanyaan"), "text"),
    (gettext_lazy("Jenis"), "text"),
    (gettext_lazy("Jumlah jawaban"), "number"),
    (gettext_lazy("Rata-rata"), "number"),
    (gettext_lazy("Persen skala"), "number"),
    (gettext_lazy("Rendah"), "text"),
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
        ]


def _raw_rows(distribution):
    answers = (
        Answer.objects.filter(response__distribution=distribution)
        .select_related("question", "response__invitation__employee")
        .order_by("response_id", "question__order")
    )
    for answer in answers.iterator(chunk_size=2000):
        question = answer.question
        value = float(answer.number) if answer.number is not None and not question.choices else display_value(answer)
        invitation = answer.response.invitation
        who = (
            []
            if distribution.is_anonymous
            else ([invitation.employee.nip, invitation.employee.full_name] if invitation else ["", ""])
        )
        yield [str(answer.response_id)[:8], *who, answer.response.get_role_display(), question.text, value]


def distribution_sheets(distribution):
    raw_columns = [(gettext_lazy("Jawaban"), "text")]
    if not distribution.is_anonymous:
        raw_columns += [(gettext_lazy("NIP"), "text"), (gettext_lazy("Nama"), "text")]
    raw_columns += [
        (gettext_lazy("Sebagai"), "text"),
        (gettext_lazy("Pertanyaan"), "text"),
        (gettext_lazy("Isi"), "text"),
    ]
    return [
        (_("Ringkasan"), SUMMARY_COLUMNS, _summary_rows(distribution_results(distribution))),
        (_("Jawaban"), raw_columns, _raw_rows(distribution)),
    ]
