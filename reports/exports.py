"""The annual report's Word copy, composed from the context its PDF
(templates/reports/pdf/annual_report.html) is drawn from, section by section and with the numbers
written as the PDF writes them. The charts are drawings in the PDF: the 20 JP bars and the IKM bars
repeat the figures of the tables beside them, so the Word copy has those tables only; the monthly
trend has no table in the PDF, so the Word copy gives its figures as one (month, ASN, share)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from core.blocks import Document, Heading, Page, Paragraph, Signature, Spacer, Table, Title
from core.formats import date_time, long_date, percent, rupiah


def _figure(value, digits):
    """`value|floatformat:digits|default:"-"`."""
    if value is None:
        return "-"
    return floatformat(value, digits) or "-"


def _cover(context):
    year = context["year"]
    return Page().add(
        Spacer(40),
        Title(_("Laporan Tahunan Pengembangan Kompetensi Aparatur Sipil Negara").upper(), size="large"),
        Spacer(6),
        Paragraph(f"{_('Tahun')} {year}", align="center", indent=False, bold=True),
        Spacer(60),
        Paragraph(context["signature"].place_date, align="center", indent=False),
        Paragraph(
            _("Laporan Tahunan Pengembangan Kompetensi %(year)s") % {"year": year} + f" · {context['scope_name']}",
            align="center",
            indent=False,
        ),
    )


def _summary(context):
    staff, duty, summary, plan, evaluation = (
        context[key] for key in ("staff", "duty", "summary", "plan", "evaluation")
    )
    figures = Table(
        headers=(),
        rows=(
            (
                intcomma(staff["total"]),
                _("ASN aktif (PNS %(pns)s, CPNS %(cpns)s, PPPK %(pppk)s)")
                % {"pns": intcomma(staff["pns"]), "cpns": intcomma(staff["cpns"]), "pppk": intcomma(staff["pppk"])},
            ),
            (
                percent(duty["totals"]["share"]),
                _("ASN memenuhi target JP (%(n)s dari %(total)s)")
                % {"n": intcomma(duty["totals"]["compliant"]), "total": intcomma(duty["totals"]["staff"])},
            ),
            (
                f"{intcomma(summary['held'])} / {intcomma(summary['sessions'])}",
                _("angkatan selesai / diselenggarakan"),
            ),
            (
                intcomma(summary["completed"]),
                _("peserta lulus (dari %(n)s peserta)") % {"n": intcomma(summary["participants"])},
            ),
            (floatformat(summary["jp"], "0g"), _("JP diperoleh peserta")),
            (
                rupiah(plan["totals"]["cost"]),
                _("biaya angkatan dari rencana, anggaran %(budget)s") % {"budget": rupiah(plan["totals"]["budget"])},
            ),
        ),
        widths=(25, 75),
    )
    text = _("Rencana tahun ini memuat %(items)s butir; %(covered)s di antaranya sudah memiliki angkatan.") % {
        "items": len(plan["rows"]),
        "covered": plan["covered"],
    }
    reaction = evaluation["overall"]["reaction"]
    if reaction is not None:
        text += " " + _("Rata-rata evaluasi penyelenggaraan (reaksi) %(score)s%%.") % {
            "score": floatformat(reaction, "1g")
        }
    return [Heading(_("1. Ringkasan")), figures, Paragraph(text, indent=False)]


def _plan(context):
    plan = context["plan"]
    totals = plan["totals"]
    rows = tuple(
        (
            str(number),
            f"{item.title}\n{item.competency.name} · {item.development_form.name}",
            f"{len(sessions)} ({realised['held']})",
            f"{intcomma(item.planned_participants)} / {intcomma(realised['participants'])}",
            f"{floatformat(realised['planned_jp'], '0g')} / {floatformat(realised['jp'], '0g')}",
            f"{rupiah(item.budget)} / {rupiah(realised['cost'])}",
        )
        for number, (item, sessions, realised) in enumerate(plan["rows"], start=1)
    )
    total = (
        (
            _("Jumlah"),
            "",
            f"{intcomma(totals['sessions'])} ({intcomma(totals['held'])})",
            f"{intcomma(totals['planned_participants'])} / {intcomma(totals['participants'])}",
            f"{floatformat(totals['planned_jp'], '0g')} / {floatformat(totals['jp'], '0g')}",
            f"{rupiah(totals['budget'])} / {rupiah(totals['cost'])}",
        )
        if plan["rows"]
        else ()
    )
    return [
        Heading(_("2. Rencana dan realisasi")),
        Table(
            headers=(
                _("No."),
                _("Butir rencana"),
                _("Angkatan (selesai)"),
                _("Peserta rencana / realisasi"),
                _("JP rencana / realisasi"),
                _("Anggaran / biaya"),
            ),
            rows=rows,
            widths=(6, 36, 12, 14, 12, 20),
            numeric=(2, 3, 4, 5),
            total=total,
            empty=_("Belum ada rencana untuk tahun ini."),
        ),
    ]


def _duty(context):
    duty, trend = context["duty"], context["trend"]
    totals = duty["totals"]
    trend_title = _("Persentase ASN yang sudah memenuhi target JP pada akhir tiap bulan")
    # The months the chart draws (up to this month in the current year), with the chart's labels.
    months = [point["label"] for point in context["charts"]["trend"]["points"] if point["value"] is not None]
    return [
        Heading(_("3. Pemenuhan 20 JP per unit")),
        Table(
            headers=(_("Unit"), _("ASN"), _("Memenuhi"), _("Belum"), _("Persentase"), _("Kekurangan JP")),
            rows=tuple(
                (
                    str(row["unit"] or "-"),
                    intcomma(row["staff"]),
                    intcomma(row["compliant"]),
                    intcomma(row["below"]),
                    percent(row["share"]),
                    floatformat(row["missing_jp"], "0g"),
                )
                for row in duty["rows"]
            ),
            widths=(40, 12, 12, 12, 12, 12),
            numeric=(1, 2, 3, 4, 5),
            total=(
                _("Jumlah"),
                intcomma(totals["staff"]),
                intcomma(totals["compliant"]),
                intcomma(totals["below"]),
                percent(totals["share"]),
                floatformat(totals["missing_jp"], "0g"),
            ),
        ),
        Heading(_("Perkembangan per bulan")),
        Table(
            headers=(_("Bulan"), _("Memenuhi"), _("Persentase")),
            rows=tuple(
                (label, intcomma(row["compliant"]), percent(row["share"]))
                for label, row in zip(months, trend, strict=False)
            ),
            widths=(40, 30, 30),
            numeric=(1, 2),
        ),
        Paragraph(f"{trend_title}.", indent=False),
    ]


def _needs(context):
    needs = context["needs"]
    rows = []
    for need in needs["rows"]:
        if need.plan_item:
            answered = f"{need.plan_item.title}\n" + _("%(n)s angkatan, %(held)s selesai") % {
                "n": need.sessions,
                "held": need.held,
            }
        else:
            answered = _("Belum direncanakan")
        rows.append(
            (
                need.competency.name,
                need.unit.name,
                intcomma(need.people_with_gap),
                floatformat(need.priority, "2g"),
                answered,
            )
        )
    intro = _("%(n)s kebutuhan prioritas teratas; %(planned)s sudah dijawab dengan butir rencana.") % {
        "n": len(needs["rows"]),
        "planned": needs["planned"],
    }
    return [
        Heading(_("4. Kebutuhan dan tindak lanjutnya")),
        Paragraph(intro, indent=False),
        Table(
            headers=(
                _("Kompetensi"),
                _("Unit"),
                _("Pegawai dengan kesenjangan"),
                _("Skor prioritas"),
                _("Dijawab dengan"),
            ),
            rows=tuple(rows),
            widths=(24, 20, 14, 12, 30),
            numeric=(2, 3),
            empty=_("Belum ada kebutuhan yang dicatat untuk tahun ini."),
        ),
    ]


def _evaluation(context):
    overall = context["evaluation"]["overall"]

    def share(value):
        return f"{floatformat(value, '1g')}%" if value is not None else "-"

    return [
        Heading(_("5. Hasil evaluasi pelatihan")),
        Table(
            headers=(),
            rows=(
                (share(overall["reaction"]), _("Level 1 — reaksi (rata-rata skala Likert)")),
                (
                    f"{_figure(overall['pre_test'], '1g')} → {_figure(overall['post_test'], '1g')}",
                    _("Level 2 — nilai pre-test → post-test"),
                ),
                (share(overall["follow_up"]), _("Level 3 — tindak lanjut (alumni dan atasan)")),
            ),
            widths=(25, 75),
        ),
        Table(
            headers=(
                _("Program pelatihan"),
                _("L1 reaksi (%)"),
                _("L2 pre-test"),
                _("L2 post-test"),
                _("L3 tindak lanjut (%)"),
            ),
            rows=tuple(
                (
                    str(course),
                    _figure(levels.get("reaction"), "1g"),
                    _figure(levels.get("pre_test"), "1g"),
                    _figure(levels.get("post_test"), "1g"),
                    _figure(levels.get("follow_up"), "1g"),
                )
                for course, levels in context["evaluation"]["courses"]
            ),
            widths=(40, 15, 15, 15, 15),
            numeric=(1, 2, 3, 4),
            empty=_("Belum ada jawaban evaluasi."),
        ),
    ]


def _ikm(context):
    ikm = context["ikm"]
    years = [str(year) for year in ikm["years"]]
    rows = tuple(
        (
            row["unit"].name,
            *(_figure(value, "2g") for value in row["trend"]),
            f"{row['latest'].mutu} ({row['latest'].kinerja})" if row["latest"] else "-",
        )
        for row in ikm["rows"]
    )
    rest = 60 / (len(years) + 1)
    return [
        Heading(_("6. Indeks Kepuasan Masyarakat (IKM) per unit layanan")),
        Table(
            headers=(_("Unit layanan"), *years, _("Mutu / kinerja")),
            rows=rows,
            widths=(40, *([rest] * len(years)), rest),
            numeric=tuple(range(1, len(years) + 1)),
            empty=_("Belum ada survei kepuasan masyarakat."),
        ),
    ]


def _sessions(context):
    rows = []
    for number, session in enumerate(context["sessions"], start=1):
        dates = long_date(session.starts_on)
        if session.ends_on != session.starts_on:
            dates += f" – {long_date(session.ends_on)}"
        rows.append(
            (
                str(number),
                f"{session.course.title}\n{session.name}",
                dates,
                str(session.provider or session.organiser_unit),
                session.get_status_display(),
                intcomma(session.participants),
                intcomma(session.completed),
                floatformat(session.jp, "-2"),
            )
        )
    return [
        Heading(_("7. Daftar angkatan pelatihan")),
        Table(
            headers=(
                _("No."),
                _("Program / angkatan"),
                _("Tanggal"),
                _("Penyelenggara"),
                _("Status"),
                _("Peserta"),
                _("Lulus"),
                "JP",
            ),
            rows=tuple(rows),
            widths=(5, 26, 18, 16, 11, 8, 8, 8),
            numeric=(5, 6, 7),
            empty=_("Belum ada angkatan pada tahun ini."),
        ),
    ]


def annual_document(context):
    """The annual report as blocks for its Word copy: the cover under the kop, then the sections on the
    pages the PDF starts them on, the signature block at the end."""
    year = context["year"]
    title = _("Laporan Tahunan Pengembangan Kompetensi %(year)s") % {"year": year}
    pages = [
        _cover(context),
        Page(with_kop=False).add(*_summary(context), *_plan(context)),
        Page(with_kop=False).add(*_duty(context)),
        Page(with_kop=False).add(*_needs(context), *_evaluation(context)),
        Page(with_kop=False).add(*_ikm(context)),
        Page(with_kop=False).add(*_sessions(context), Signature(context["signature"])),
    ]
    return Document(
        title=title,
        kop=context["kop"],
        pages=pages,
        footer=f"Bangkom · {date_time(context['printed_at'])}",
        filename_stem=annual_report_stem(context),
    )


def annual_report_stem(context):
    """The file name of the annual report, PDF or Word: the year, and the unit's code when it is a unit's."""
    suffix = f"-{context['unit'].code}" if context["unit"] else ""
    return f"laporan-tahunan-{context['year']}{suffix}"
