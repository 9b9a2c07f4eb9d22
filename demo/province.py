"""Province-scale data on top of the demo district (`seed_demo --scale province`): ~50,000 ASN in
~600 more units, three years of sessions, enrolments with attendance and certificates, the JP
ledger, reaction questionnaires with about a million answers, ~100,000 SKM responses and a needs
campaign. The district's builder (demo/backbone.py) grows the units and people; everything goes in
with bulk inserts in batches, so memory stays bounded; the same --seed gives the same data."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from demo.backbone import DemoBuilder
from demo.training import completion
from evaluation.models import Answer, Distribution, Invitation, Questionnaire, Response, ServiceResponse, ServiceSurvey
from needs_analysis.models import Assessment, AssessmentItem, NeedsSurvey
from programs.models import CompetencyRequirement, Employee, OrgUnit, Position
from training.models import (
    Attendance,
    Certificate,
    CertificateSequence,
    Course,
    Enrolment,
    LearningRecord,
    Provider,
    Session,
    SessionDay,
)

BATCH = 5000
YEARS = 3


@dataclass(frozen=True)
class Size:
    """How far the district grows: the province of the benchmark, or a small one for tests."""

    employees: int = 50_000  # in all, the district's included
    sessions_per_year: int = 660
    skm_responses: int = 100_000
    assessments: int = 10_000


PROVINCE = Size()
# Perangkat daerah of a province, each with its bidang and (for some) UPT or schools.
PROVINCE_OPDS = [
    ("Dinas Pendidikan dan Kebudayaan", "DIKBUD", 12, 260),
    ("Dinas Kesehatan", "DINKESPROV", 6, 14),
    ("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya", "DPUBMCK", 5, 10),
    ("Dinas Pekerjaan Umum Sumber Daya Air dan Penataan Ruang", "DPUSDATARU", 5, 9),
    ("Dinas Perhubungan", "DISHUB", 5, 12),
    ("Dinas Sosial", "DINSOSPROV", 4, 8),
    ("Dinas Pertanian dan Perkebunan", "DISTANBUN", 5, 10),
    ("Dinas Lingkungan Hidup dan Kehutanan", "DLHK", 5, 16),
    ("Dinas Kelautan dan Perikanan", "DKP", 4, 8),
    ("Badan Pendapatan Daerah", "BAPENDA", 5, 36),
    ("Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", 5, 0),
    ("Badan Kepegawaian Daerah", "BKD", 4, 0),
    ("Badan Pengembangan Sumber Daya Manusia", "BPSDMD", 4, 0),
    ("Rumah Sakit Umum Daerah Provinsi", "RSUD", 8, 0),
    ("Rumah Sakit Jiwa Daerah", "RSJD", 6, 0),
    ("Satuan Polisi Pamong Praja Provinsi", "SATPOLPROV", 4, 0),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", 4, 0),
    ("Dinas Penanaman Modal dan PTSP Provinsi", "DPMPTSPPROV", 4, 0),
    ("Dinas Tenaga Kerja dan Transmigrasi", "DISNAKERTRANS", 4, 6),
    ("Dinas Energi dan Sumber Daya Mineral", "DESDM", 4, 8),
]
LIKERT_ANSWERS = [2, 3, 3, 3, 4, 4, 4, 4]


def _batched(objects, model):
    """bulk_create every BATCH objects from an iterable, so a million answers never sit in memory."""
    batch, created = [], 0
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        created += len(batch)
    return created


def _sessions(rng, today, admin, size):
    courses = list(Course.objects.select_related("development_form"))
    providers = list(Provider.objects.all())
    organisers = list(OrgUnit.objects.filter(depth=2))
    sessions, days = [], []
    for year in range(today.year - YEARS + 1, today.year + 1):
        for number in range(size.sessions_per_year):
            course = rng.choice(courses)
            start = datetime.date(year, 1, 6) + datetime.timedelta(days=rng.randint(0, 350))
            length = rng.choice([1, 2, 3])
            end = start + datetime.timedelta(days=length - 1)
            finished = end < today
            sessions.append(
                Session(
                    course=course,
                    name=f"Angkatan P{number + 1}",
                    provider=rng.choice(providers),
                    organiser_unit=rng.choice(organisers),
                    capacity=rng.choice([80, 100, 120, 150]),
                    jp=course.jp,
                    cost=rng.choice([0, 15_000_000, 40_000_000]),
                    status=Session.Status.FINISHED if finished else Session.Status.OPEN,
                    starts_on=start,
                    ends_on=end,
                    proposed_by=admin,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=1000)
    for session in sessions:
        for offset in range((session.ends_on - session.starts_on).days + 1):
            days.append(
                SessionDay(
                    session=session,
                    date=session.starts_on + datetime.timedelta(days=offset),
                    starts_at=datetime.time(8, 0),
                    ends_at=datetime.time(15, 30),
                )
            )
    SessionDay.objects.bulk_create(days, batch_size=BATCH)
    return sessions


def _participation(sessions, rng, admin):
    """Enrolments (~100 per session), attendance per day, certificates and ledger rows."""
    people = list(Employee.objects.active().order_by("pk").values_list("pk", flat=True))
    days = {}
    for day in SessionDay.objects.filter(session__in=[s.pk for s in sessions]).values_list("session_id", "pk"):
        days.setdefault(day[0], []).append(day[1])
    sequence = dict(CertificateSequence.objects.values_list("year", "last"))
    counts = {"enrolments": 0, "attendance": 0, "certificates": 0, "records": 0}
    for start in range(0, len(sessions), 100):
        chunk = sessions[start : start + 100]
        enrolments = []
        for session in chunk:
            finished = session.status == Session.Status.FINISHED
            for employee_id in rng.sample(people, min(session.capacity, rng.randint(80, 140))):
                if finished:
                    status = Enrolment.Status.COMPLETED if rng.random() < 0.92 else Enrolment.Status.NOT_COMPLETED
                else:
                    status = Enrolment.Status.CONFIRMED
                enrolments.append(
                    Enrolment(
                        session=session,
                        employee_id=employee_id,
                        status=status,
                        requested_by=admin,
                        source=Enrolment.Source.NOMINATED,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        attendance, certificates, records = [], [], []
        for enrolment in enrolments:
            session = enrolment.session
            if enrolment.status not in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED):
                continue
            present = enrolment.status == Enrolment.Status.COMPLETED
            for day_id in days[session.pk]:
                attendance.append(
                    Attendance(
                        enrolment=enrolment,
                        day_id=day_id,
                        status=Attendance.Status.PRESENT if present else Attendance.Status.ABSENT,
                        marked_by=admin,
                    )
                )
            if present:
                certificate, record = completion(
                    enrolment,
                    issued_on=session.ends_on + datetime.timedelta(days=2),
                    sequence=sequence,
                    rng=rng,
                    signatory={
                        "signatory_name": "Kepala BPSDMD",
                        "signatory_title": "Kepala Badan Pengembangan Sumber Daya Manusia Daerah",
                    },
                )
                certificates.append(certificate)
                records.append(record)
        counts["enrolments"] += len(enrolments)
        counts["attendance"] += _batched(attendance, Attendance)
        counts["certificates"] += _batched(certificates, Certificate)
        counts["records"] += _batched(records, LearningRecord)
    for year, last in sequence.items():
        CertificateSequence.objects.update_or_create(year=year, defaults={"last": last})
    return counts


def _evaluations(sessions, rng, admin):
    """A reaction questionnaire per finished session: invitations for the participants, anonymous
    responses from about two in five, each answering every question."""
    reaction = Questionnaire.objects.get(kind=Questionnaire.Kind.REACTION, copied_from__isnull=True)
    questions = [question for question in reaction.questions.all() if question.scale]
    finished = [session for session in sessions if session.status == Session.Status.FINISHED]
    distributions = [
        Distribution(
            session=session,
            questionnaire=reaction,
            purpose=Distribution.Purpose.REACTION,
            opens_at=timezone.make_aware(datetime.datetime.combine(session.ends_on, datetime.time(12))),
            closes_at=timezone.make_aware(
                datetime.datetime.combine(session.ends_on + datetime.timedelta(days=14), datetime.time(23, 59))
            ),
            is_anonymous=True,
            created_by=admin,
        )
        for session in finished
    ]
    Distribution.objects.bulk_create(distributions, batch_size=1000)
    participants = {}
    for session_id, employee_id in Enrolment.objects.filter(
        session__in=[session.pk for session in finished], status=Enrolment.Status.COMPLETED
    ).values_list("session_id", "employee_id"):
        participants.setdefault(session_id, []).append(employee_id)
    counts = {"invitations": 0, "responses": 0, "answers": 0}
    for start in range(0, len(distributions), 100):
        invitations, responses = [], []
        for distribution in distributions[start : start + 100]:
            for employee_id in participants.get(distribution.session_id, []):
                answered = rng.random() < 0.42
                invitations.append(Invitation(distribution=distribution, employee_id=employee_id, answered=answered))
                if answered:
                    values = [rng.choice(LIKERT_ANSWERS) for _question in questions]
                    response = Response(
                        distribution=distribution,
                        likert_total=sum(
                            Decimal(value * 100) / question.scale
                            for value, question in zip(values, questions, strict=True)
                        ),
                        likert_answers=len(values),
                    )
                    response.values = values
                    responses.append(response)
        counts["invitations"] += _batched(invitations, Invitation)
        Response.objects.bulk_create(responses, batch_size=BATCH)
        counts["responses"] += len(responses)
        counts["answers"] += _batched(
            (
                Answer(response=response, question=question, number=Decimal(value))
                for response in responses
                for question, value in zip(questions, response.values, strict=True)
            ),
            Answer,
        )
    return counts


def _skm(rng, today, admin, size):
    """Six semesters of SKM for up to 60 service units, ~100,000 responses."""
    units = list(OrgUnit.objects.filter(is_service_unit=True).order_by("path")[:60])
    surveys = []
    for year in range(today.year - YEARS + 1, today.year + 1):
        for half in (1, 2):
            starts = datetime.date(year, 1 if half == 1 else 7, 1)
            ends = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
            if starts > today:
                continue
            for unit in units:
                surveys.append(
                    ServiceSurvey(
                        unit=unit,
                        title=f"SKM semester {half} {year}",
                        starts_on=starts,
                        ends_on=ends,
                        population=rng.choice([2000, 5000, 20000]),
                        service_types=["Pelayanan umum"],
                        code=f"p{unit.pk}-{year}{half}",
                        is_open=False,
                        created_by=admin,
                    )
                )
    ServiceSurvey.objects.bulk_create(surveys, batch_size=1000)
    per_survey = max(1, size.skm_responses // max(len(surveys), 1))

    def responses():
        for survey in surveys:
            span = max(0, (min(survey.ends_on, today) - survey.starts_on).days)
            for _number in range(per_survey):
                yield ServiceResponse(
                    survey=survey,
                    **{f"u{n}": rng.choice([2, 3, 3, 3, 4, 4]) for n in range(1, 10)},
                    gender=rng.choice("lp"),
                    age=rng.randint(18, 75),
                    education=rng.choice(["sma", "s1", "smp", "d3"]),
                    occupation=rng.choice(["private", "self", "other", "student", "asn"]),
                    service_type="Pelayanan umum",
                    received_on=survey.starts_on + datetime.timedelta(days=rng.randint(0, span)),
                )

    return {"surveys": len(surveys), "responses": _batched(responses(), ServiceResponse)}


def _needs(rng, today, admin, root, size):
    """A closed province campaign: 10,000 assessments with self and supervisor levels."""
    survey = NeedsSurvey.objects.create(
        year=today.year + 1,
        title="Analisis kebutuhan pengembangan kompetensi provinsi",
        owner_unit=root,
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=30),
        status=NeedsSurvey.Status.CLOSED,
        created_by=admin,
    )
    people = list(
        Employee.objects.active().exclude(position=None).order_by("pk").values_list("pk", "unit_id", "position_id")
    )
    chosen = rng.sample(people, min(size.assessments, len(people)))
    standards = {}
    for position_id, competency_id, level in CompetencyRequirement.objects.values_list(
        "position_id", "competency_id", "required_level"
    ):
        standards.setdefault(position_id, []).append((competency_id, level))
    now = timezone.now()
    assessments = [
        Assessment(
            survey=survey,
            employee_id=employee_id,
            unit_id=unit_id,
            position_id=position_id,
            status=Assessment.Status.VALIDATED,
            submitted_at=now,
            validated_at=now,
        )
        for employee_id, unit_id, position_id in chosen
    ]
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    items = _batched(
        (
            AssessmentItem(
                assessment=assessment,
                competency_id=competency_id,
                required_level=level,
                self_level=max(1, min(5, level + rng.choice([-2, -1, -1, 0, 0, 1]))),
                supervisor_level=max(1, min(5, level + rng.choice([-2, -1, 0, 0, 0]))),
            )
            for assessment in assessments
            for competency_id, level in standards.get(assessment.position_id, [])
        ),
        AssessmentItem,
    )
    return {"assessments": len(assessments), "items": items}


@transaction.atomic
def seed_province(seed=2026, log=print, size=PROVINCE):
    """Grow the demo district into a province (`size`). Run after the district demo; does nothing twice."""
    rng = random.Random(seed + 100)  # demo data, not security  # nosec B311
    root = OrgUnit.get_root_nodes().first()
    if OrgUnit.objects.filter(code=PROVINCE_OPDS[0][1]).exists():
        log("Province data already present; left as it is.")
        return {}
    today = timezone.localdate()
    admin = get_user_model().objects.get(username="admin")
    summary = {}
    # The district's builder grows it: the same units, NIPs, names and statuses, only more of them.
    builder = DemoBuilder(seed + 100)
    units = builder.grow(root, PROVINCE_OPDS)
    summary["units"] = len(units)
    wanted = max(0, size.employees - Employee.objects.count())
    positions = list(Position.objects.all())
    workplaces = [unit for unit in units if unit.depth > 2] or units
    summary["employees"] = _batched(builder.staff(workplaces, positions, wanted), Employee)
    log(f"  units and ASN: {summary['units']} units, {summary['employees']} ASN")
    sessions = _sessions(rng, today, admin, size)
    summary["sessions"] = len(sessions)
    summary.update(_participation(sessions, rng, admin))
    log(f"  training: {summary['sessions']} sessions, {summary['enrolments']} enrolments")
    summary.update(_evaluations(sessions, rng, admin))
    log(f"  evaluation: {summary['responses']} responses, {summary['answers']} answers")
    skm = _skm(rng, today, admin, size)
    summary["skm_responses"] = skm["responses"]
    needs = _needs(rng, today, admin, root, size)
    summary["assessments"] = needs["assessments"]
    log(f"  SKM: {skm['responses']} responses; needs: {needs['assessments']} assessments")
    # Fresh planner statistics, as a live database has them: right after bulk inserts PostgreSQL
    # still believes the tables hold a few hundred rows and picks nested loops over 70,000 rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return summary
