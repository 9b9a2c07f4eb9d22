"""The annual plan as rows and totals (computed once) for its page, Excel, PDF and Word copy."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.blocks import Paragraph, Table, report_document
from core.formats import rupiah

from .models import OrgUnit

PLAN_COLUMNS = [
    (gettext_lazy("No."), "number"),
    (gettext_lazy("Kegiatan"), "text"),
    (gettext_lazy("Kompetensi"), "text"),
    (gettext_lazy("Jenis kompetensi"), "text"),
    (gettext_lazy("Sasaran"), "text"),
    (gettext_lazy("Jumlah peserta"), "number"),
    (gettext_lazy("Bentuk pengembangan"), "text"),
    (gettext_lazy("Jalur"), "text"),
    (gettext_lazy("JP per peserta"), "number"),
    (gettext_lazy("Penyelenggara"), "text"),
    (gettext_lazy("Jadwal"), "text"),
    (gettext_lazy("Kesesuaian kurikulum"), "text"),
    (gettext_lazy("Anggaran (Rp)"), "number"),
]


def plan_items(program):
    """Items with everything their rows show, in three queries whatever the size of the plan."""
    return list(
        program.items.select_related("competency", "development_form")
        .prefetch_related(
            Prefetch("target_units", queryset=OrgUnit.objects.order_by("path")),
            "target_positions",
            # Needs point up at plan items (needs_analysis.Need.plan_item); read through the relation's name only.
            "needs__unit",
        )
        .order_by("quarter", "id")
    )


def target_text(item):
    parts = [unit.name for unit in item.target_units.all()] + [
        position.name for position in item.target_positions.all()
    ]
    if item.target_description:
        parts.append(item.target_description)
    return "; ".join(parts)


def totals(items):
    return {
        "participants": sum(item.planned_participants for item in items),
        "jp": sum(item.planned_participants * item.planned_jp for item in items),
        "budget": sum(item.budget for item in items),
    }


def plan_rows(items):
    for number, item in enumerate(items, start=1):
        yield [
            number,
            item.title,
            item.competency.name,
            item.competency.get_type_display(),
            target_text(item),
            item.planned_participants,
            item.development_form.name,
            item.development_form.get_jalur_display(),
            item.planned_jp,
            item.provider,
            item.get_quarter_display() if item.quarter else "",
            item.curriculum_fit,
            int(item.budget),
        ]


def plan_document(context):
    """The plan's Word copy, from the context its PDF (templates/programs/pdf/plan.html) is drawn from:
    the same rows, totals and signature, the numbers written as the PDF writes them."""
    program, totals_ = context["program"], context["totals"]
    subtitle = f"{program.title} · {_('Tahun')} {program.year}"
    if program.status != program.Status.APPROVED:
        subtitle += f" · {program.get_status_display().upper()}"
    rows = tuple(
        (
            str(number),
            f"{item.competency.name}\n{item.title}",
            target,
            f"{item.development_form.name} ({item.development_form.get_jalur_display()})",
            str(item.provider or "-"),
            item.get_quarter_display() or "-",
            item.curriculum_fit or "-",
            intcomma(item.planned_participants),
            str(item.planned_jp),
            rupiah(item.budget),
        )
        for number, (item, target) in enumerate(context["items"], start=1)
    )
    table = Table(
        headers=(
            _("No."),
            _("Kompetensi dan kegiatan"),
            _("Sasaran"),
            _("Jenis dan jalur"),
            _("Penyelenggara"),
            _("Jadwal"),
            _("Kesesuaian kurikulum"),
            _("Peserta"),
            _("JP per peserta"),
            _("Anggaran"),
        ),
        rows=rows,
        widths=(4, 19, 13, 12, 10, 8, 10, 7, 6, 11),
        numeric=(7, 8, 9),
        total=(_("Jumlah"), "", "", "", "", "", "", intcomma(totals_["participants"]), "", rupiah(totals_["budget"])),
    )
    jp = _("Jumlah jam pelajaran yang direncanakan (peserta × JP): %(jp)s JP.") % {"jp": intcomma(totals_["jp"])}
    return report_document(
        title=_("Rencana Pengembangan Kompetensi"),
        subtitle=subtitle,
        kop=context["kop"],
        signature=context["signature"],
        blocks=[table, Paragraph(jp, indent=False, align="left")],
        printed_at=context["printed_at"],
        landscape=True,
        filename_stem=f"rencana-{program.year}",
    )
