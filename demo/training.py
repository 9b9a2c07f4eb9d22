"""Demo catalogue: providers and partners, instructors, ~40 courses across the LAN forms, and a year
of sessions, the ones of the demo plan linked to its items."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from programs.models import Competency, DevelopmentForm, DevelopmentProgram, OrgUnit, PlanItem
from training.certificates import format_number
from training.models import Agreement, Course, CourseCompetency, Instructor, Provider, Session
from training.scheduling import expected_jp, save_session

PROVIDERS = [
    (
        "BPSDM Provinsi Jawa Tengah",
        Provider.Kind.BPSDM_LAN,
        "Jl. Setiabudi No. 201A, Semarang",
        "Dra. Sri Wahyuni, M.Si.",
    ),
    (
        "Universitas Diponegoro",
        Provider.Kind.UNIVERSITY,
        "Jl. Prof. Soedarto, Tembalang, Semarang",
        "Dr. Ir. Bambang Wibowo",
    ),
    (
        "Yayasan Pusat Studi Pelayanan Publik",
        Provider.Kind.NGO,
        "Jl. Pandanaran No. 12, Semarang",
        "Rina Kartika, S.Sos.",
    ),
    ("PT Mitra Digital Nusantara", Provider.Kind.PRIVATE, "Jl. Pemuda No. 150, Semarang", "Andi Setiawan"),
    ("BKPSDM Kota Semarang", Provider.Kind.INTERNAL, "Jl. Pemuda No. 148, Semarang", "Bidang Pengembangan Kompetensi"),
    ("LAN RI", Provider.Kind.BPSDM_LAN, "Jl. Veteran No. 10, Jakarta", "Pusat Pembinaan JF Analis Kebijakan"),
]
INSTRUCTORS = [
    ("Dr. Hartono, M.Si.", "BPSDM Provinsi Jawa Tengah"),
    ("Ir. Lestari Handayani, M.T.", "Universitas Diponegoro"),
    ("Dewi Maharani, S.Psi., M.Psi.", "Yayasan Pusat Studi Pelayanan Publik"),
    ("Budi Santoso, S.Kom.", "PT Mitra Digital Nusantara"),
    ("Drs. Agus Purnomo, M.M.", "BKPSDM Kota Semarang"),
    ("Prof. Dr. Heru Nugroho", "Universitas Diponegoro"),
    ("Fitri Utami, S.H., M.H.", "BPSDM Provinsi Jawa Tengah"),
    ("Yusuf Hidayat, M.B.A.", "PT Mitra Digital Nusantara"),
]
# (code, title, form code, JP, provider index, competency codes, description)
COURSES = [
    (
        "PKA",
        "Pelatihan Kepemimpinan Administrator (PKA)",
        "KL01",
        320,
        0,
        ["M.04", "M.07", "M.08"],
        "Pelatihan struktural kepemimpinan bagi pejabat administrator.",
    ),
    (
        "PKP",
        "Pelatihan Kepemimpinan Pengawas (PKP)",
        "KL01",
        250,
        0,
        ["M.02", "M.04", "M.06"],
        "Pelatihan struktural kepemimpinan bagi pejabat pengawas.",
    ),
    (
        "MAN-KOM",
        "Komunikasi Efektif dalam Organisasi",
        "KL02",
        24,
        0,
        ["M.03"],
        "Teknik komunikasi lisan dan tertulis untuk ASN.",
    ),
    (
        "MAN-PEL",
        "Pelayanan Prima",
        "KL02",
        30,
        2,
        ["M.05", "M.03"],
        "Standar pelayanan, penanganan keluhan, dan budaya melayani.",
    ),
    (
        "MAN-PERUB",
        "Manajemen Perubahan di Sektor Publik",
        "KL02",
        24,
        1,
        ["M.07"],
        "Memimpin dan mengelola perubahan organisasi.",
    ),
    (
        "MAN-KEP",
        "Pengambilan Keputusan Berbasis Data",
        "KL02",
        30,
        1,
        ["M.08", "M.04"],
        "Analisis data sederhana untuk keputusan manajerial.",
    ),
    (
        "MAN-INT",
        "Integritas dan Budaya Antikorupsi",
        "KL05",
        16,
        0,
        ["M.01"],
        "Nilai dasar ASN BerAKHLAK, gratifikasi, konflik kepentingan.",
    ),
    (
        "SK-PEREKAT",
        "Wawasan Kebangsaan dan Moderasi",
        "KL05",
        20,
        0,
        ["SK.01"],
        "Perekat bangsa dalam pelayanan yang majemuk.",
    ),
    (
        "TEK-ADMINDUK",
        "Pelayanan Administrasi Kependudukan Terpadu",
        "KL03",
        40,
        4,
        ["T.01", "M.05"],
        "SIAK, standar layanan dan verifikasi dokumen kependudukan.",
    ),
    (
        "TEK-KESMAS",
        "Pelayanan Kesehatan Masyarakat di Puskesmas",
        "KL03",
        40,
        0,
        ["T.02"],
        "Standar pelayanan minimal bidang kesehatan.",
    ),
    ("TEK-SDM", "Manajemen Talenta ASN", "KL03", 32, 5, ["T.03"], "Sistem merit, talent pool, dan rencana suksesi."),
    ("TEK-KEU", "Penyusunan Laporan Keuangan Daerah", "KL03", 36, 0, ["T.04"], "SAP berbasis akrual dan SIPD."),
    (
        "TEK-PERIZ",
        "Perizinan Berusaha Berbasis Risiko (OSS-RBA)",
        "KL03",
        24,
        3,
        ["T.05", "M.05"],
        "Layanan perizinan melalui OSS.",
    ),
    (
        "FUNG-AK",
        "Pelatihan Fungsional Analis Kebijakan",
        "KL04",
        110,
        5,
        ["M.08"],
        "Pelatihan pembentukan JF Analis Kebijakan.",
    ),
    (
        "FUNG-ASDM",
        "Pelatihan Fungsional Analis SDM Aparatur",
        "KL04",
        96,
        0,
        ["T.03"],
        "Pelatihan pembentukan JF Analis SDM Aparatur.",
    ),
    (
        "SEM-SMART",
        "Seminar Kota Cerdas dan Pelayanan Digital",
        "KL06",
        4,
        1,
        ["M.07"],
        "Seminar satu hari bersama akademisi dan praktisi.",
    ),
    (
        "SEM-INOV",
        "Webinar Inovasi Pelayanan Publik",
        "KL06",
        4,
        2,
        ["M.05"],
        "Berbagi praktik baik inovasi pelayanan antardaerah.",
    ),
    ("SEM-ANTIKOR", "Webinar Antikorupsi untuk ASN", "KL06", 4, 0, ["M.01"], "Webinar bulanan pencegahan korupsi."),
    (
        "WS-KOM",
        "Workshop Komunikasi Publik dan Media Sosial",
        "KL07",
        10,
        2,
        ["M.03"],
        "Praktik menulis rilis, konten media sosial, dan menjawab warga.",
    ),
    (
        "WS-DATA",
        "Workshop Analisis Data dengan Spreadsheet",
        "KL07",
        15,
        3,
        ["M.08", "M.04"],
        "Praktik olah data untuk laporan kinerja.",
    ),
    (
        "WS-SOP",
        "Workshop Penyusunan SOP Pelayanan",
        "KL07",
        10,
        4,
        ["M.05"],
        "Menyusun dan memperbaiki SOP unit pelayanan.",
    ),
    (
        "WS-PENGADUAN",
        "Workshop Pengelolaan Pengaduan (SP4N-LAPOR!)",
        "KL07",
        10,
        2,
        ["M.05", "M.03"],
        "Menangani pengaduan dan tindak lanjutnya.",
    ),
    (
        "KUR-BINGG",
        "Kursus Bahasa Inggris untuk Pelayanan",
        "KL08",
        40,
        1,
        ["M.03"],
        "Kursus bahasa Inggris percakapan.",
    ),
    ("BIMTEK-SIPD", "Bimbingan Teknis SIPD", "KL10", 16, 4, ["T.04"], "Bimbingan teknis aplikasi SIPD."),
    (
        "BIMTEK-SIASN",
        "Bimbingan Teknis SIASN untuk Operator",
        "KL10",
        12,
        4,
        ["T.03"],
        "Pemutakhiran data ASN di SIASN.",
    ),
    (
        "SOS-PERMEN",
        "Sosialisasi Regulasi Manajemen ASN",
        "KL11",
        4,
        4,
        ["T.03"],
        "Sosialisasi UU 20/2023 dan turunannya.",
    ),
    (
        "COACH-KEP",
        "Coaching Kepemimpinan bagi Pengawas",
        "NKL01",
        12,
        4,
        ["M.06", "M.02"],
        "Coaching berkala oleh atasan dan coach bersertifikat.",
    ),
    ("MENT-CPNS", "Mentoring CPNS", "NKL02", 10, 4, ["M.06"], "Pendampingan CPNS oleh mentor selama masa percobaan."),
    (
        "EL-ASNBERAKHLAK",
        "E-learning ASN BerAKHLAK",
        "NKL03",
        10,
        5,
        ["M.01", "SK.01"],
        "Modul mandiri nilai dasar ASN.",
    ),
    (
        "EL-DIGITAL",
        "E-learning Literasi Digital Pemerintahan",
        "NKL03",
        12,
        3,
        ["M.07"],
        "Modul mandiri transformasi digital.",
    ),
    (
        "EL-PELAYANAN",
        "E-learning Standar Pelayanan Publik",
        "NKL03",
        9,
        5,
        ["M.05"],
        "Modul mandiri standar pelayanan.",
    ),
    (
        "PJJ-KEU",
        "Pelatihan Jarak Jauh Pengelolaan Keuangan",
        "NKL04",
        40,
        0,
        ["T.04"],
        "Pelatihan daring terstruktur dengan tutor.",
    ),
    (
        "DETASERING",
        "Detasering ke Pemerintah Kota Mitra",
        "NKL05",
        20,
        4,
        ["M.07", "M.06"],
        "Penugasan sementara ke pemerintah kota mitra.",
    ),
    (
        "OUTBOUND",
        "Pembelajaran Alam Terbuka: Kerja Sama Tim",
        "NKL06",
        16,
        3,
        ["M.02"],
        "Pembelajaran berbasis pengalaman di alam terbuka.",
    ),
    (
        "BENCH-MPP",
        "Patok Banding Mal Pelayanan Publik",
        "NKL07",
        16,
        4,
        ["M.05"],
        "Kunjungan belajar ke mal pelayanan publik terbaik.",
    ),
    (
        "PERTUKARAN",
        "Pertukaran ASN dengan Sektor Swasta",
        "NKL08",
        20,
        3,
        ["M.07", "M.04"],
        "Program magang singkat di perusahaan mitra.",
    ),
    ("KOMBEL", "Komunitas Belajar Analis Kebijakan", "NKL10", 2, 4, ["M.08"], "Diskusi bulanan komunitas praktik."),
    (
        "OJT",
        "Bimbingan di Tempat Kerja: Operator Layanan",
        "NKL11",
        2,
        4,
        ["T.01"],
        "Pendampingan langsung di loket pelayanan.",
    ),
    (
        "MAGANG-UNDIP",
        "Magang Riset Kebijakan di Universitas",
        "NKL12",
        20,
        1,
        ["M.08"],
        "Magang di pusat studi kebijakan universitas.",
    ),
    (
        "PBL-INOVASI",
        "Pembelajaran Berbasis Proyek: Inovasi Layanan Kecamatan",
        "NKL13",
        30,
        2,
        ["M.05", "M.07"],
        "Tim lintas unit merancang dan menguji satu inovasi layanan.",
    ),
]


@transaction.atomic
def seed_training(seed=2026):
    if Provider.objects.exists():
        return {"providers": 0, "courses": 0, "sessions": 0}
    rng = random.Random(seed + 5)  # demo data, not security  # nosec B311
    today = timezone.localdate()
    providers = []
    for index, (name, kind, address, contact) in enumerate(PROVIDERS):
        provider = Provider.objects.create(
            name=name,
            kind=kind,
            address=address,
            contact_person=contact,
            unit=OrgUnit.objects.filter(code="BKPSDM").first() if kind == Provider.Kind.INTERNAL else None,
            email=f"kontak{index}@mitra.example",
            phone=f"024-76{index:02d}1234",
        )
        providers.append(provider)
        if kind != Provider.Kind.INTERNAL:
            # One agreement of each state, so the warnings show.
            ends = [
                today + datetime.timedelta(days=400),
                today + datetime.timedelta(days=30),
                today - datetime.timedelta(days=20),
            ]
            end = ends[index % 3]
            Agreement.objects.create(
                provider=provider,
                kind=Agreement.Kind.PKS if index % 2 else Agreement.Kind.MOU,
                number=f"{index + 1:03d}/PKS/BKPSDM/{end.year - 2}",
                subject=f"Kerja sama pengembangan kompetensi ASN dengan {name}",
                starts_on=end.replace(year=end.year - 2),
                ends_on=end,
            )
    instructors = [Instructor.objects.create(name=name, institution=place) for name, place in INSTRUCTORS]
    forms = {form.code: form for form in DevelopmentForm.objects.all()}
    competencies = {c.code: c for c in Competency.objects.all()}
    courses = []
    for code, title, form_code, jp, provider_index, competency_codes, description in COURSES:
        course = Course.objects.create(
            code=code,
            title=title,
            development_form=forms[form_code],
            jp=Decimal(jp),
            description=description,
            default_provider=providers[provider_index],
            target_position_kinds=["pelaksana", "fungsional_keahlian"] if jp < 50 else ["administrator", "pengawas"],
        )
        CourseCompetency.objects.bulk_create(
            CourseCompetency(course=course, competency=competencies[c], target_level=rng.choice([2, 3]))
            for c in competency_codes
            if c in competencies
        )
        courses.append(course)

    admin = get_user_model().objects.get(username="admin")
    bkpsdm = OrgUnit.objects.get(code="BKPSDM")
    by_code = {course.code: course for course in courses}
    plan_items = list(PlanItem.objects.select_related("competency").order_by("id"))
    count = 0
    # A year of sessions: the past half finished, the next half open or in draft.
    start = today - datetime.timedelta(days=180)
    for week in range(0, 52, 1):
        if rng.random() < 0.35:
            continue
        course = rng.choice(courses)
        count += _session(course, start + datetime.timedelta(weeks=week), rng, instructors, bkpsdm, admin, today)
    for item in plan_items:
        matching = [
            c for c in courses if any(link.competency_id == item.competency_id for link in c.course_competencies.all())
        ]
        course = matching[0] if matching else by_code["WS-SOP"]
        quarter_start = datetime.date(today.year + 1, 3 * ((item.quarter or 1) - 1) + 1, 10)
        count += _session(course, quarter_start, rng, instructors, bkpsdm, admin, today, plan_item=item)
    _current_year_plan(today, admin)
    return {"providers": len(providers), "courses": len(courses), "sessions": count}


def _current_year_plan(today, admin):
    """This year's approved plan, realised by this year's sessions, so the dashboards and the annual
    report show plan against realisation."""
    root = OrgUnit.get_root_nodes().first()
    program = DevelopmentProgram.objects.create(
        year=today.year,
        unit=root,
        title=f"Rencana Pengembangan Kompetensi ASN {today.year}",
        status=DevelopmentProgram.Status.APPROVED,
        submitted_by=admin,
        submitted_at=timezone.now(),
        approved_by=admin,
        approved_at=timezone.now(),
    )
    sessions = list(
        Session.objects.filter(starts_on__year=today.year, plan_item__isnull=True)
        .select_related("course__development_form", "provider")
        .prefetch_related("course__course_competencies__competency")
        .order_by("starts_on", "id")
    )
    items = {}
    for session in sessions:
        links = list(session.course.course_competencies.all())
        if not links:
            continue
        item = items.get(session.course_id)
        if item is None:
            item = items[session.course_id] = PlanItem.objects.create(
                program=program,
                competency=links[0].competency,
                title=session.course.title,
                target_description="ASN sesuai sasaran program",
                planned_participants=session.capacity * 2,
                development_form=session.course.development_form,
                planned_jp=int(session.course.jp),
                provider=session.provider.name if session.provider else "",
                quarter=(session.starts_on.month - 1) // 3 + 1,
                budget=max(session.cost, 5_000_000) * 2,
            )
        session.plan_item = item
    Session.objects.bulk_update(sessions, ["plan_item"])


def _session(course, first_day, rng, instructors, unit, by, today, plan_item=None):
    while first_day.weekday() > 4:
        first_day += datetime.timedelta(days=1)
    rule = course.development_form.jp_rule
    length = 1 if rule in ("per_session", "per_activity") or course.jp <= 8 else min(5, max(1, int(course.jp // 8)))
    days = []
    day = first_day
    while len(days) < length:
        if day.weekday() < 5:
            days.append({"date": day, "starts_at": datetime.time(8, 0), "ends_at": datetime.time(15, 30)})
        day += datetime.timedelta(days=1)
    online = course.development_form.code in ("NKL03", "NKL04", "KL06") and rng.random() < 0.7
    session = Session(
        course=course,
        name=f"Angkatan {rng.randint(1, 4)}",
        provider=course.default_provider,
        organiser_unit=unit,
        mode=Session.Mode.ONLINE if online else Session.Mode.IN_PERSON,
        venue=""
        if online
        else rng.choice(["Aula BKPSDM", "Ruang Rapat Lantai 3 Balai Kota", "Gedung Pertemuan Undip"]),
        meeting_link="https://zoom.example/j/123456789" if online else "",
        capacity=rng.choice([25, 30, 40, 100 if online else 30]),
        cost=rng.choice([0, 5_000_000, 12_500_000]),
        registration_opens_on=first_day - datetime.timedelta(days=30),
        registration_closes_on=first_day - datetime.timedelta(days=3),
        plan_item=plan_item,
        jp=None,
    )
    session.jp = expected_jp(course, len(days)) or course.jp
    if days[-1]["date"] < today:
        session.status = Session.Status.FINISHED
    elif first_day - datetime.timedelta(days=30) <= today:
        session.status = Session.Status.OPEN
    else:
        session.status = Session.Status.DRAFT if plan_item else Session.Status.OPEN
    save_session(session=session, days=days, instructors=rng.sample(instructors, k=rng.choice([1, 2])), by=by)
    return 1


def completion(enrolment, *, issued_on, sequence, rng, signatory):
    """completion_rows with the next certificate number of the year (`sequence`: {year: last number})."""
    sequence[issued_on.year] = sequence.get(issued_on.year, 0) + 1
    return completion_rows(
        enrolment,
        number=format_number(sequence[issued_on.year], issued_on),
        issued_on=issued_on,
        verification_code=f"{rng.getrandbits(64):016x}",
        signatory=signatory,
    )


def completion_rows(enrolment, *, number, issued_on, verification_code, signatory):
    """The certificate and the JP ledger row of a completed enrolment, unsaved (for bulk inserts);
    `signatory`: the Certificate's signatory fields (training.certificates.signatory_snapshot)."""
    from training.models import Certificate, LearningRecord

    session = enrolment.session
    certificate = Certificate(
        enrolment=enrolment,
        number=number,
        issued_on=issued_on,
        jp=session.jp,
        verification_code=verification_code,
        **signatory,
    )
    record = LearningRecord(
        employee_id=enrolment.employee_id,
        source=LearningRecord.Source.ENROLMENT,
        enrolment=enrolment,
        title=session.course.title,
        development_form=session.course.development_form,
        organiser=session.provider.name if session.provider else "",
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        year=session.ends_on.year,
        jp=session.jp,
        certificate_number=number,
    )
    return certificate, record


@transaction.atomic
def seed_participation(seed=2026):
    """Participants, attendance, results, certificates and the JP ledger, so every page has a story:
    about half the staff have reached 20 JP this year, some are close, some have nothing yet."""
    from django.core.files.base import ContentFile

    from programs.models import Employee
    from training.certificates import signatory_snapshot
    from training.ledger import log_mentoring
    from training.models import (
        Attendance,
        Certificate,
        CertificateSequence,
        Enrolment,
        EnrolmentEvent,
        ExternalClaim,
        LearningRecord,
        Mentorship,
    )

    if Enrolment.objects.exists():
        return {"enrolments": 0, "records": 0}
    rng = random.Random(seed + 6)  # demo data, not security  # nosec B311
    today = timezone.localdate()
    admin = get_user_model().objects.get(username="admin")
    staff = list(Employee.objects.active().values_list("pk", flat=True))
    enrolments, events, attendances = [], [], []
    sessions = list(
        Session.objects.exclude(status=Session.Status.DRAFT)
        .prefetch_related("days")
        .select_related("course", "organiser_unit")
    )
    signatories = {}  # organiser unit id -> its certificate signatory (programs.signatories), read once
    for session in sessions:
        finished = session.status == Session.Status.FINISHED
        count = min(session.capacity, rng.randint(12, 28) if finished else rng.randint(3, 12))
        for employee_id in rng.sample(staff, count):
            if finished:
                status = Enrolment.Status.COMPLETED if rng.random() < 0.9 else Enrolment.Status.NOT_COMPLETED
            else:
                status = rng.choice([Enrolment.Status.CONFIRMED] * 4 + [Enrolment.Status.PENDING])
            enrolments.append(
                Enrolment(
                    session=session,
                    employee_id=employee_id,
                    status=status,
                    requested_by=admin,
                    source=rng.choice([Enrolment.Source.NOMINATED, Enrolment.Source.SELF]),
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    enrolments = list(Enrolment.objects.select_related("session__course__development_form", "session__provider"))
    records, certificates = [], []
    sequence = {}
    for enrolment in enrolments:
        session = enrolment.session
        events.append(EnrolmentEvent(enrolment=enrolment, from_status="", to_status=enrolment.status, by=admin))
        if enrolment.status in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED):
            present_days = len(session.days.all()) if enrolment.status == Enrolment.Status.COMPLETED else 0
            for index, day in enumerate(session.days.all()):
                status = Attendance.Status.PRESENT if index < present_days else Attendance.Status.ABSENT
                attendances.append(Attendance(enrolment=enrolment, day=day, status=status, marked_by=admin))
        if enrolment.status == Enrolment.Status.COMPLETED:
            certificate, record = completion(
                enrolment,
                issued_on=session.ends_on + datetime.timedelta(days=3),
                sequence=sequence,
                rng=rng,
                signatory=signatories.setdefault(
                    session.organiser_unit_id, signatory_snapshot(session.organiser_unit, today)
                ),
            )
            certificates.append(certificate)
            records.append(record)
    EnrolmentEvent.objects.bulk_create(events, batch_size=2000)
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    for year, last in sequence.items():
        CertificateSequence.objects.update_or_create(year=year, defaults={"last": last})

    # Self-study credited through verified claims: spread so that the 20 JP picture is realistic.
    forms = {form.code: form for form in DevelopmentForm.objects.filter(code__in=["NKL03", "KL06", "NKL10"])}
    for employee_id in staff:
        roll = rng.random()
        target = 0 if roll < 0.15 else (rng.choice([4, 8, 12, 16]) if roll < 0.45 else rng.choice([20, 24, 30, 36]))
        credited = 0
        while credited < target:
            form = forms[rng.choice(list(forms))]
            jp = Decimal(4 if form.code == "KL06" else (3 if form.code == "NKL03" else 2))
            day = today - datetime.timedelta(days=rng.randint(1, max(1, today.timetuple().tm_yday - 1)))
            records.append(
                LearningRecord(
                    employee_id=employee_id,
                    source=LearningRecord.Source.CLAIM,
                    title=f"{form.name} mandiri",
                    development_form=form,
                    organiser=rng.choice(["LAN RI (ASN Unggul)", "BPSDM Jateng", "Kemenpan RB"]),
                    starts_on=day,
                    ends_on=day,
                    year=day.year,
                    jp=jp,
                )
            )
            credited += jp
    LearningRecord.objects.bulk_create([r for r in records if r.enrolment_id is None], batch_size=5000)
    LearningRecord.objects.bulk_create([r for r in records if r.enrolment_id is not None], batch_size=5000)

    # The demo pegawai: confirmed in one upcoming session, a claim waiting for HR, a mentor.
    pegawai = Employee.objects.filter(user__username="pegawai").first()
    if pegawai is not None:
        upcoming = Session.objects.filter(status=Session.Status.OPEN, starts_on__gt=today).order_by("starts_on").first()
        if upcoming and not Enrolment.objects.filter(session=upcoming, employee=pegawai).exists():
            Enrolment.objects.create(
                session=upcoming,
                employee=pegawai,
                status=Enrolment.Status.CONFIRMED,
                requested_by=admin,
                source=Enrolment.Source.SELF,
            )
        claim = ExternalClaim(
            employee=pegawai,
            development_form=forms["KL06"],
            title="Webinar Pelayanan Publik Inklusif",
            organiser="Ombudsman RI",
            starts_on=today - datetime.timedelta(days=12),
            ends_on=today - datetime.timedelta(days=12),
            days=1,
        )
        claim.evidence.save("sertifikat-webinar.pdf", ContentFile(b"%PDF-1.4\n% demo evidence\n"), save=False)
        claim.save()
        if pegawai.supervisor_id:
            mentorship = Mentorship.objects.create(
                mentor_id=pegawai.supervisor_id,
                mentee=pegawai,
                competency=Competency.objects.get(code="M.05"),
                development_form=DevelopmentForm.objects.get(code="NKL11"),
                starts_on=today - datetime.timedelta(days=60),
                ends_on=today + datetime.timedelta(days=60),
                created_by=admin,
            )
            log_mentoring(
                mentorship=mentorship,
                date=today - datetime.timedelta(days=30),
                hours=Decimal(2),
                notes="Pendampingan di loket pelayanan",
                by=admin,
            )
    return {"enrolments": len(enrolments), "records": len(records)}
