"""The content of each session document, composed from the session's data, the admin's texts
(documents/texts.py), the issuing unit's letterhead and the signatory: the same Document feeds the PDF
and the Word copy. Every document is composed from a list of people (employee ids, or instructor ids for
the instructors' assignment): a preview takes the session's people now, an issued document the people it
was issued with (documents/issuing.py)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.blocks import (
    Addressee,
    Distribution,
    Document,
    Fields,
    Items,
    Page,
    Paragraph,
    PlaceDate,
    Signature,
    Spacer,
    Table,
    Title,
)
from core.formats import clock, count_words, day_date, decimal_number, long_date, percent, rupiah
from evaluation.figures import scores_by, test_results
from programs.letterheads import letterhead_for
from programs.models import DocumentKind, Employee, OrgUnit
from programs.signatories import head_offices, signature_for
from training.models import Attendance, Enrolment, Instructor, LearningRecord

from .texts import SCHEDULE_LINE, fill, lines, paragraphs, text_for

# Who is in a session's documents: the people it has taken (not those waiting or turned away).
PARTICIPANT_STATUSES = Enrolment.SEATED
ORDINALS = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN"]
# Up to this many people are named in the assignment letter itself; more go to its annex.
NAMED_IN_LETTER = 5


def letters(count):
    return [f"{chr(ord('a') + i)}." for i in range(count)]


def numerals(count):
    return [f"{i + 1}." for i in range(count)]


def current_people(session, kind):
    """The ids a document of `kind` would name now, in the order it prints them."""
    if kind == DocumentKind.INSTRUCTOR_ASSIGNMENT:
        return list(session.instructors.order_by("name", "pk").values_list("pk", flat=True))
    return list(
        session.enrolments.filter(status__in=PARTICIPANT_STATUSES)
        .order_by("employee__name", "employee_id")
        .values_list("employee_id", flat=True)
    )


def _employees(ids):
    found = Employee.objects.filter(pk__in=ids).select_related("unit", "position").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _participant_rows(people):
    return tuple(
        (
            str(i),
            person.full_name,
            person.nip_display,
            person.golongan_pangkat or "-",
            str(person.position or "-"),
            person.unit.name,
        )
        for i, person in enumerate(people, start=1)
    )


PARTICIPANT_HEADERS = ("No.", "Nama", "NIP", "Pangkat/Gol.", "Jabatan", "Unit Kerja")
PARTICIPANT_WIDTHS = (5, 22, 24, 15, 17, 17)


class Facts:
    """What every document of one session says about it: read once, shared by the kinds."""

    def __init__(self, session, kop=None):
        self.session = session
        self.unit = session.organiser_unit
        self.days = list(session.days.order_by("date"))
        self.kop = kop or letterhead_for(self.unit)
        first, last = (self.days[0], self.days[-1]) if self.days else (None, None)
        if first is None:
            schedule = "-"
        elif first.date == last.date:
            schedule = day_date(first.date)
        else:
            schedule = _("%(start)s s.d. %(end)s") % {"start": day_date(first.date), "end": day_date(last.date)}
        place = session.venue or ""
        if session.meeting_link:
            place = (
                f"{place} ({_('daring')}: {session.meeting_link})"
                if place
                else f"{_('daring')}: {session.meeting_link}"
            )
        plan_item = session.plan_item
        self.values = {
            "program": session.course.title,
            "angkatan": session.name,
            "kode_program": session.course.code,
            "penyelenggara": str(session.provider) if session.provider else self.unit.name,
            "unit_penyelenggara": self.unit.name,
            "pemerintah": self.kop.government_line.title(),
            "jadwal": schedule,
            "tanggal_mulai": long_date(first.date) if first else "-",
            "tanggal_selesai": long_date(last.date) if last else "-",
            "waktu": _("%(start)s s.d. %(end)s") % {"start": clock(first.starts_at), "end": clock(first.ends_at)}
            if first
            else "-",
            "tempat": place or "-",
            "jp": count_words(session.jp, "JP"),
            "tahun": str((first.date if first else session.created_at).year),
            "jabatan_penetap": head_offices([self.unit])[self.unit.pk],
            "rencana": (
                _("Rencana Pengembangan Kompetensi Tahun %(year)s: %(item)s")
                % {"year": plan_item.program.year, "item": plan_item.title}
                if plan_item
                else _("Rencana Pengembangan Kompetensi %(unit)s") % {"unit": self.unit.name}
            ),
            "telepon": self.kop.phone or "-",
        }

    def schedule_fields(self):
        return Fields(
            (
                (_("Hari/tanggal"), self.values["jadwal"]),
                (_("Waktu"), self.values["waktu"]),
                (_("Tempat"), self.values["tempat"]),
            )
        )


def _body(text, facts, values):
    """The admin's body paragraphs, with the schedule's fields where the `{rincian}` line stands."""
    blocks = []
    for paragraph in paragraphs(text.body):
        if paragraph == SCHEDULE_LINE:
            blocks.append(facts.schedule_fields())
        else:
            blocks.append(Paragraph(fill(paragraph, values)))
    return blocks


def compose(kind, session, *, people, number, issued_on, signature=None, draft=False, footer="", kop=None):
    """The Document of `kind` for `session` naming `people` (ids), numbered `number` on `issued_on`,
    under `kop` (the organiser unit's letterhead, read here when not given)."""
    facts = Facts(session, kop)
    text = text_for(kind)
    values = {**facts.values, "jumlah_peserta": str(len(people))}
    signature = signature or signature_for(facts.unit, kind, on=issued_on, place=facts.kop.place)
    subject = fill(text.subject, values)
    pages = COMPOSERS[kind](
        facts=facts,
        text=text,
        values=values,
        people=people,
        number=number,
        subject=subject,
        signature=signature,
        issued_on=issued_on,
    )
    return Document(
        title=f"{DocumentKind(kind).label}: {subject}",
        kop=facts.kop,
        pages=pages,
        number=number,
        footer=footer,
        draft=draft,
        filename_stem=f"{kind}-{session.pk}",
    )


def _annex_fields(prefix, number, issued_on, subject):
    return Fields(((prefix, ""), (_("Nomor"), number), (_("Tanggal"), long_date(issued_on)), (_("Hal"), subject)))


def invitation(*, facts, text, values, people, number, subject, signature, issued_on):
    """One letter to the head of each perangkat daerah whose staff take part, each with its annex."""
    employees = _employees(people)
    steplen = OrgUnit.steplen
    top_path = {person.pk: person.unit.path[: 2 * steplen] for person in employees}
    addressees = OrgUnit.objects.filter(path__in=set(top_path.values())).in_bulk(field_name="path")
    by_unit = defaultdict(list)
    for person in employees:
        by_unit[addressees.get(top_path[person.pk], person.unit)].append(person)
    offices = head_offices(list(by_unit))
    pages = []
    for unit, staff in sorted(by_unit.items(), key=lambda pair: pair[0].name) or [(None, [])]:
        office = offices[unit.pk] if unit else _("Kepala Perangkat Daerah")
        letter = Page().add(
            PlaceDate(signature.place_date),
            Fields(
                (
                    (_("Nomor"), number),
                    (_("Sifat"), text.get_sifat_display()),
                    (_("Lampiran"), count_words(1, _("berkas"))),
                    (_("Hal"), subject),
                )
            ),
            Spacer(),
            Addressee((f"Yth. {office}",), place=f"di {facts.kop.place}"),
            Spacer(),
            *_body(text, facts, values),
            Paragraph(fill(text.closing, values)) if text.closing else None,
            Signature(signature, with_place_date=False),
            Distribution(_("Tembusan:"), tuple(fill(line, values) for line in lines(text.tembusan)))
            if text.tembusan
            else None,
        )
        annex = Page(with_kop=False).add(
            _annex_fields(_("Lampiran Surat"), number, issued_on, subject),
            Title(_("DAFTAR PESERTA")),
            Paragraph(unit.name if unit else "", align="center", indent=False),
            Table(PARTICIPANT_HEADERS, _participant_rows(staff), PARTICIPANT_WIDTHS, numeric=(0,), nowrap=(2,)),
            Signature(signature, with_place_date=False),
        )
        pages += [letter, annex]
    return pages


def _assignment(*, facts, text, values, rows, headers, widths, number, subject, signature, issued_on, nowrap=()):
    named_here = len(rows) <= NAMED_IN_LETTER
    grounds = [fill(line, values) for line in lines(text.mengingat)]
    tasks = [fill(line, values) for line in lines(text.body)]
    page = Page().add(
        Title(_("SURAT TUGAS"), underline=True, size="large"),
        Paragraph(f"{_('Nomor')} : {number}", align="center", indent=False),
        Spacer(),
        Items(_("Dasar"), tuple(grounds), tuple(numerals(len(grounds)))) if grounds else None,
        Paragraph(_("MEMERINTAHKAN:"), align="center", indent=False, bold=True),
        Items(_("Kepada"), ("",), ("",))
        if named_here
        else Items(_("Kepada"), (_("Nama-nama sebagaimana tercantum dalam lampiran surat tugas ini."),), ("",)),
        Table(headers, rows, widths, numeric=(0,), nowrap=nowrap) if named_here else None,
        Items(_("Untuk"), tuple(tasks), tuple(numerals(len(tasks)))),
        Paragraph(fill(text.closing, values)) if text.closing else None,
        Signature(signature),
    )
    pages = [page]
    if not named_here:
        pages.append(
            Page(with_kop=False).add(
                _annex_fields(_("Lampiran Surat Tugas"), number, issued_on, subject),
                Title(_("DAFTAR NAMA")),
                Table(headers, rows, widths, numeric=(0,), nowrap=nowrap),
                Signature(signature, with_place_date=False),
            )
        )
    return pages


def assignment(*, facts, text, values, people, number, subject, signature, issued_on):
    return _assignment(
        facts=facts,
        text=text,
        values=values,
        rows=_participant_rows(_employees(people)),
        headers=PARTICIPANT_HEADERS,
        widths=PARTICIPANT_WIDTHS,
        nowrap=(2,),
        number=number,
        subject=subject,
        signature=signature,
        issued_on=issued_on,
    )


def instructor_assignment(*, facts, text, values, people, number, subject, signature, issued_on):
    found = Instructor.objects.in_bulk(people)
    rows = tuple(
        (str(i), found[pk].name, found[pk].institution or "-")
        for i, pk in enumerate((p for p in people if p in found), 1)
    )
    return _assignment(
        facts=facts,
        text=text,
        values=values,
        rows=rows,
        headers=("No.", "Nama", "Instansi/Lembaga"),
        widths=(6, 47, 47),
        number=number,
        subject=subject,
        signature=signature,
        issued_on=issued_on,
    )


def decree(*, facts, text, values, people, number, subject, signature, issued_on):
    office = values["jabatan_penetap"].upper()
    considerations = [fill(line, values) for line in lines(text.menimbang)]
    grounds = [fill(line, values) for line in lines(text.mengingat)]
    rulings = [fill(line, values) for line in lines(text.body)]
    enacted = (
        _("Ditetapkan di %(place)s") % {"place": facts.kop.place},
        _("pada tanggal %(date)s") % {"date": long_date(issued_on)},
    )
    page = Page().add(
        Title(_("KEPUTUSAN %(office)s") % {"office": office}),
        Title(f"{_('NOMOR')} {number}"),
        Title(_("TENTANG")),
        Title(subject.upper()),
        Spacer(),
        Title(_("DENGAN RAHMAT TUHAN YANG MAHA ESA")),
        Spacer(2),
        Title(f"{office},"),
        Spacer(2),
        Items(_("Menimbang"), tuple(considerations), tuple(letters(len(considerations)))),
        Items(_("Mengingat"), tuple(grounds), tuple(numerals(len(grounds)))),
        Title(_("MEMUTUSKAN:")),
        Items(
            _("Menetapkan"),
            (_("KEPUTUSAN %(office)s TENTANG %(subject)s.") % {"office": office, "subject": subject.upper()},),
            ("",),
        ),
        *[
            Items(ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}.", (ruling,), ("",))
            for i, ruling in enumerate(rulings)
        ],
        Signature(signature, with_place_date=False, prefix=enacted),
    )
    annex = Page(with_kop=False).add(
        Fields(
            (
                (_("LAMPIRAN KEPUTUSAN %(office)s") % {"office": office}, ""),
                (_("NOMOR"), number),
                (_("TANGGAL"), long_date(issued_on)),
                (_("TENTANG"), subject.upper()),
            )
        ),
        Title(_("DAFTAR PESERTA %(subject)s") % {"subject": subject.upper()}),
        Table(
            PARTICIPANT_HEADERS, _participant_rows(_employees(people)), PARTICIPANT_WIDTHS, numeric=(0,), nowrap=(2,)
        ),
        Signature(signature, with_place_date=False),
    )
    return [page, annex]


def attendance(*, facts, text, values, people, number, subject, signature, issued_on):
    """One sheet per day to sign: name and NIP, position and unit, and a signature box."""
    employees = _employees(people)
    rows = tuple(
        (
            str(i),
            f"{person.full_name}\nNIP {person.nip_display}",
            f"{person.position or '-'}\n{person.unit.name}",
            f"{i}.",
        )
        for i, person in enumerate(employees, start=1)
    )
    pages = []
    for day in facts.days or [None]:
        pages.append(
            Page().add(
                Title(_("DAFTAR HADIR"), size="large"),
                Title(f"{values['program']} {values['angkatan']}".upper()),
                Fields(
                    (
                        (_("Nomor"), number),
                        (_("Hari/tanggal"), day_date(day.date) if day else "-"),
                        (_("Waktu"), f"{clock(day.starts_at)} s.d. {clock(day.ends_at)}" if day else "-"),
                        (_("Tempat"), values["tempat"]),
                    )
                ),
                Table(
                    ("No.", _("Nama / NIP"), _("Jabatan / Unit Kerja"), _("Tanda Tangan")),
                    rows,
                    (6, 38, 36, 20),
                    numeric=(0,),
                    row_height="12mm",
                ),
                Signature(signature, with_place_date=False, prefix=(long_date(day.date) if day else "",)),
            )
        )
    return pages


def session_report(*, facts, text, values, people, number, subject, signature, issued_on):
    """What was held, who attended and completed, the JP credited, the evaluation and the costs."""
    session = facts.session
    employees = _employees(people)
    enrolments = {
        e.employee_id: e
        for e in session.enrolments.filter(employee_id__in=people).annotate(
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT))
        )
    }
    credited = LearningRecord.objects.filter(enrolment__session=session)
    attended = sum(1 for e in enrolments.values() if e.present)
    completed = sum(1 for e in enrolments.values() if e.status == Enrolment.Status.COMPLETED)
    not_completed = sum(1 for e in enrolments.values() if e.status == Enrolment.Status.NOT_COMPLETED)
    reaction = next(iter(scores_by("id", purposes=("reaction",), distribution__session=session)), None)
    tests = test_results(session)
    plan_item = session.plan_item
    budget = plan_item.budget if plan_item else None

    def percent_of(value):
        return percent(value / 100) if value is not None else "-"

    instructors = ", ".join(session.instructors.order_by("name").values_list("name", flat=True)) or "-"
    rows = tuple(
        (
            str(i),
            person.full_name,
            person.nip_display,
            person.unit.name,
            count_words(enrolments[person.pk].present, _("hari")) if person.pk in enrolments else "-",
            enrolments[person.pk].get_status_display() if person.pk in enrolments else "-",
        )
        for i, person in enumerate(employees, start=1)
    )
    page = Page().add(
        Title(_("LAPORAN PELAKSANAAN"), size="large"),
        Title(f"{values['program']} {values['angkatan']}".upper()),
        Paragraph(f"{_('Nomor')} : {number}", align="center", indent=False),
        Spacer(),
        *[Paragraph(fill(p, values)) for p in paragraphs(text.body)],
        Paragraph(_("A. Pelaksanaan"), bold=True, indent=False, align="left"),
        Fields(
            (
                (_("Program"), f"{values['program']} ({values['kode_program']})"),
                (_("Angkatan"), values["angkatan"]),
                (_("Penyelenggara"), values["penyelenggara"]),
                (_("Hari/tanggal"), values["jadwal"]),
                (_("Jumlah hari"), count_words(len(facts.days), _("hari"))),
                (_("Tempat"), values["tempat"]),
                (_("Pengajar"), instructors),
                (_("Bobot"), values["jp"]),
            )
        ),
        Paragraph(_("B. Peserta"), bold=True, indent=False, align="left"),
        Fields(
            (
                (_("Kapasitas"), count_words(session.capacity, _("orang"))),
                (_("Peserta"), count_words(len(employees), _("orang"))),
                (_("Hadir sedikitnya satu hari"), count_words(attended, _("orang"))),
                (_("Lulus/selesai"), count_words(completed, _("orang"))),
                (_("Tidak selesai"), count_words(not_completed, _("orang"))),
                (_("JP yang diakui (jumlah)"), f"{decimal_number(credited.jp_total())} JP"),
            )
        ),
        Paragraph(_("C. Evaluasi"), bold=True, indent=False, align="left"),
        Fields(
            (
                (_("Evaluasi penyelenggaraan (reaksi)"), percent_of(reaction["percent"]) if reaction else "-"),
                (_("Rata-rata pre-test"), percent_of(tests["pre"])),
                (_("Rata-rata post-test"), percent_of(tests["post"])),
                (_("Peningkatan"), percent_of(tests["gain"])),
            )
        ),
        Paragraph(_("D. Biaya"), bold=True, indent=False, align="left"),
        Fields(
            (
                (_("Anggaran dalam rencana"), rupiah(budget) if budget is not None else _("tidak terkait rencana")),
                (_("Biaya pelaksanaan"), rupiah(session.cost)),
                (
                    _("Selisih terhadap rencana"),
                    rupiah(Decimal(budget) - Decimal(session.cost)) if budget is not None else "-",
                ),
            )
        ),
        Paragraph(fill(text.closing, values)) if text.closing else None,
        Signature(signature),
    )
    annex = Page(with_kop=False).add(
        _annex_fields(_("Lampiran Laporan"), number, issued_on, subject),
        Title(_("DAFTAR PESERTA DAN KEHADIRAN")),
        Table(
            ("No.", "Nama", "NIP", _("Unit Kerja"), _("Kehadiran"), _("Status")),
            rows,
            (5, 23, 24, 20, 13, 15),
            numeric=(0,),
            nowrap=(2,),
        ),
    )
    return [page, annex]


COMPOSERS = {
    DocumentKind.INVITATION: invitation,
    DocumentKind.ASSIGNMENT: assignment,
    DocumentKind.INSTRUCTOR_ASSIGNMENT: instructor_assignment,
    DocumentKind.DECREE: decree,
    DocumentKind.ATTENDANCE: attendance,
    DocumentKind.SESSION_REPORT: session_report,
}
