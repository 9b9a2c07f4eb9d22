"""Catalogue and schedule renderers: Excel sheets (columns declared once), an iCalendar feed and the
schedule's Word copy."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from core.blocks import Table, report_document
from core.formats import clock_range, long_date
from core.xlsx import choice_labels
from programs.models import Employee

CATALOGUE_COLUMNS = [
    (gettext_lazy("Kode"), "text"),
    (gettext_lazy("Judul"), "text"),
    (gettext_lazy("Bentuk pengembangan"), "text"),
    (gettext_lazy("Jalur"), "text"),
    (gettext_lazy("JP"), "number"),
    (gettext_lazy("Kompetensi"), "text"),
    (gettext_lazy("Penyelenggara utama"), "text"),
    (gettext_lazy("Prasyarat"), "text"),
    (gettext_lazy("Deskripsi"), "text"),
]


def _catalogue_rows(courses):
    """Courses as rows; the queryset comes with its competencies prefetched (training.views._catalogue)."""
    for course in courses:
        competencies = "; ".join(
            f"{link.competency.name} (level {link.target_level})" for link in course.course_competencies.all()
        )
        yield [
            course.code,
            course.title,
            course.development_form.name,
            course.development_form.get_jalur_display(),
            float(course.jp),
            competencies,
            course.default_provider.name if course.default_provider else "",
            course.prerequisites,
            course.description,
        ]


def catalogue_sheets(courses):
    return [(_("Katalog"), CATALOGUE_COLUMNS, _catalogue_rows(courses))]


SCHEDULE_COLUMNS = [
    (gettext_lazy("Program"), "text"),
    (gettext_lazy("Angkatan"), "text"),
    (gettext_lazy("Mulai"), "date"),
    (gettext_lazy("Selesai"), "date"),
    (gettext_lazy("Jumlah hari"), "number"),
    (gettext_lazy("Bentuk"), "text"),
    (gettext_lazy("Moda"), "text"),
    (gettext_lazy("Tempat/tautan"), "text"),
    (gettext_lazy("Penyelenggara"), "text"),
    (gettext_lazy("Unit pengusul"), "text"),
    (gettext_lazy("Kapasitas"), "number"),
    (gettext_lazy("JP"), "number"),
    (gettext_lazy("Biaya (Rp)"), "number"),
    (gettext_lazy("Status"), "text"),
]


def _schedule_rows(sessions):
    for session in sessions.prefetch_related("days").iterator(chunk_size=500):
        days = list(session.days.all())
        yield [
            session.course.title,
            session.name,
            session.starts_on,
            session.ends_on,
            len(days),
            session.course.development_form.name,
            session.get_mode_display(),
            session.venue or session.meeting_link,
            session.provider.name,
            session.organiser_unit.name,
            session.capacity,
            float(session.jp),
            int(session.cost),
            session.get_status_display(),
        ]


def schedule_sheets(sessions):
    return [(_("Jadwal"), SCHEDULE_COLUMNS, _schedule_rows(sessions))]


def ics(days, request):
    """One event per session day, in Asia/Jakarta, with a stable UID so calendar apps update in place."""
    zone = ZoneInfo(settings.TIME_ZONE)
    feed = Calendar()
    feed.add("prodid", "-//Bangkom//Jadwal pengembangan kompetensi//ID")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", _("Jadwal pengembangan kompetensi"))
    host = request.get_host()
    for day in days:
        session = day.session
        event = Event()
        event.add("uid", f"session-{session.pk}-{day.date:%Y%m%d}@{host}")
        event.add("summary", f"{session.course.title} — {session.name}")
        event.add("dtstart", datetime.datetime.combine(day.date, day.starts_at, tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(day.date, day.ends_at, tzinfo=zone))
        event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        event.add("location", session.venue or session.meeting_link)
        event.add("description", f"{session.provider.name}. {request.build_absolute_uri(session.get_absolute_url())}")
        feed.add_component(event)
    # RFC 5545 asks for the VTIMEZONE of every TZID the events name; Indonesian zones have kept one
    # offset since 1964, so it is a single STANDARD part, valid from 1970 on (icalendar's note that it
    # stops in 2038 is about zones that change, and is left out).
    feed.add_missing_timezones()
    for timezone_part in feed.walk("VTIMEZONE"):
        timezone_part.pop("COMMENT", None)
    return feed.to_ical()


def roster_sheets(session, enrolments):
    """The printable attendance list (daftar hadir): one signature column per day."""
    days = list(session.days.all())
    columns = [
        (gettext_lazy("No."), "number"),
        (gettext_lazy("NIP"), "text"),
        (gettext_lazy("Nama"), "text"),
        (gettext_lazy("Unit kerja"), "text"),
    ]
    columns += [(f"{_('Tanda tangan')} {long_date(day.date)}", "text") for day in days]

    def rows():
        for number, enrolment in enumerate(enrolments, start=1):
            yield [number, enrolment.employee.nip, enrolment.employee.full_name, enrolment.employee.unit.name] + [
                ""
            ] * len(days)

    return [(_("Daftar hadir"), columns, rows())]


COMPLIANCE_COLUMNS = [
    (gettext_lazy("NIP"), "text"),
    (gettext_lazy("Nama"), "text"),
    (gettext_lazy("Unit kerja"), "text"),
    (gettext_lazy("Jabatan"), "text"),
    (gettext_lazy("Status"), "text"),
    (gettext_lazy("JP tahun ini"), "number"),
    (gettext_lazy("Target"), "number"),
    (gettext_lazy("Kekurangan"), "number"),
    (gettext_lazy("Pelatihan terakhir"), "date"),
]


def compliance_sheets(people, title, last_training):
    status = choice_labels(Employee, "status")

    def rows():
        for person in people.iterator(chunk_size=2000):
            yield [
                person.nip,
                person.full_name,
                person.unit.name,
                person.position.name if person.position else "",
                status.get(person.status, person.status),
                float(person.jp),
                float(person.target),
                float(person.missing),
                last_training.get(person.pk),
            ]

    return [(title, COMPLIANCE_COLUMNS, rows())]


# siasn-learning-records.md: the riwayat kursus fields, with the NIP and name beside them for checking.
SIASN_COLUMNS = [
    ("nip", "text"),
    ("nama", "text"),
    ("pnsOrangId", "text"),
    ("instansiId", "text"),
    ("jenisDiklatId", "number"),
    ("jenisKursus", "text"),
    ("jenisKursusSertipikat", "text"),
    ("namaKursus", "text"),
    ("nomorSertipikat", "text"),
    ("jumlahJam", "number"),
    ("tahunKursus", "number"),
    ("tanggalKursus", "text"),
    ("tanggalSelesaiKursus", "text"),
    ("institusiPenyelenggara", "text"),
    ("lokasiId", "text"),
]


def siasn_sheets(records):
    def rows():
        for record in records.iterator(chunk_size=2000):
            form = record.development_form
            yield [
                record.employee.nip,
                record.employee.full_name,
                record.employee.siasn_pns_id or "",
                "",
                form.siasn_jenis_diklat_id,
                form.name,
                "S" if record.certificate_number else "",
                record.title,
                record.certificate_number,
                float(record.jp),
                record.year,
                record.starts_on.strftime("%d-%m-%Y"),
                record.ends_on.strftime("%d-%m-%Y"),
                record.organiser,
                "",
            ]

    return [("riwayat_kursus", SIASN_COLUMNS, rows())]


def _day_line(day):
    return f"{long_date(day.date)}\n{clock_range(day.starts_at, day.ends_at)}"


def schedule_document(context):
    """The schedule's Word copy, from the context its PDF (templates/training/pdf/schedule.html) is
    drawn from: every session it lists, each day with its hours, as the PDF writes them."""
    rows = tuple(
        (
            "\n".join(map(_day_line, session.days.all())),
            session.course.title,
            session.name,
            session.get_mode_display() + (f", {session.venue}" if session.venue else ""),
            str(session.provider or ""),
            str(session.capacity),
            floatformat(session.jp, "-2"),
            session.get_status_display(),
        )
        for session in context["sessions"]
    )
    table = Table(
        headers=(
            _("Tanggal"),
            _("Program"),
            _("Angkatan"),
            _("Moda dan tempat"),
            _("Penyelenggara"),
            _("Kapasitas"),
            _("JP"),
            _("Status"),
        ),
        rows=rows,
        widths=(17, 20, 12, 16, 14, 7, 5, 9),
        numeric=(5, 6),
        empty=_("Tidak ada angkatan."),
    )
    return report_document(
        title=_("Jadwal Pengembangan Kompetensi"),
        subtitle=_("Per %(date)s") % {"date": long_date(context["printed_at"])},
        kop=context["kop"],
        signature=context["signature"],
        blocks=[table],
        printed_at=context["printed_at"],
        landscape=True,
        filename_stem="jadwal-pelatihan",
    )
