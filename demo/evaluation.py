"""Demo evaluation: anonymous reaction questionnaires for finished sessions (one provider scoring low,
so the flags show), pre/post tests for a few sessions, and a level-3 follow-up that has come due."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from evaluation.distributions import add_months, default_window, sync_invitations
from evaluation.figures import refresh_likert_sums
from evaluation.models import Answer, Distribution, Invitation, Question, Questionnaire, Response
from training.models import Attendance, Enrolment, Session


@transaction.atomic
def seed_evaluation(seed=2026):
    if Distribution.objects.exists():
        return {"distributions": 0, "responses": 0}
    rng = random.Random(seed + 7)  # demo data, not security  # nosec B311
    admin = get_user_model().objects.get(username="admin")
    reaction = Questionnaire.objects.get(kind=Questionnaire.Kind.REACTION, copied_from__isnull=True)
    test = Questionnaire.objects.get(kind=Questionnaire.Kind.TEST, copied_from__isnull=True)
    follow_up = Questionnaire.objects.get(kind=Questionnaire.Kind.BEHAVIOUR, copied_from__isnull=True)
    reaction_questions = list(reaction.questions.all())
    test_questions = list(test.questions.all())
    finished = list(
        Session.objects.filter(status=Session.Status.FINISHED).select_related("provider").prefetch_related("days")
    )
    # One provider scores low, so the flags and the loop back to planning have something to show.
    low_provider = finished[1].provider_id if len(finished) > 1 else None
    responses, answers, answered = [], [], []
    count = 0
    for index, session in enumerate(finished):
        opens, closes = default_window(session, Distribution.Purpose.REACTION)
        distribution = Distribution.objects.create(
            session=session,
            questionnaire=reaction,
            purpose="reaction",
            opens_at=opens,
            closes_at=closes,
            is_anonymous=True,
            created_by=admin,
        )
        sync_invitations(distribution, now=opens)
        count += 1
        low = session.provider_id == low_provider
        for invitation in distribution.invitations.all():
            if rng.random() > 0.8:
                continue  # has not answered
            response = Response(distribution=distribution)
            responses.append(response)
            answered.append(invitation.pk)
            for question in reaction_questions:
                if question.scale:
                    value = rng.choice([2, 2, 3, 3, 1]) if low else rng.choice([3, 3, 4, 4, 4, 2])
                    answers.append(Answer(response=response, question=question, number=Decimal(value)))
                elif rng.random() < 0.3:
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            text=rng.choice(
                                [
                                    "Materi sangat bermanfaat untuk tugas sehari-hari.",
                                    "Waktu praktik perlu ditambah.",
                                    "Ruangan terlalu panas.",
                                    "Narasumber menguasai materi.",
                                ]
                            ),
                        )
                    )
        if index % 4 == 0:
            count += _tests(session, test, test_questions, admin, rng, responses, answers)
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)
    refresh_likert_sums([response.pk for response in responses])
    Invitation.objects.filter(pk__in=answered).update(answered=True)
    if finished:
        first = finished[0]
        opens = datetime.datetime.combine(add_months(first.ends_on, 3), datetime.time(7), tzinfo=datetime.UTC)
        distribution = Distribution.objects.create(
            session=first,
            questionnaire=follow_up,
            purpose="follow_up",
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=365),
            months_after=3,
            created_by=admin,
        )
        sync_invitations(distribution)
        count += 1
    return {"distributions": count, "responses": len(responses)}


def _tests(session, test, questions, admin, rng, responses, answers):
    """Named pre- and post-tests with scores that rise, as they should after a good course."""
    made = 0
    people = list(Enrolment.objects.filter(session=session, status__in=["completed", "not_completed"]))
    attended = set(Attendance.objects.filter(enrolment__session=session).values_list("enrolment_id", flat=True))
    for purpose, right_share in (("pre_test", 0.45), ("post_test", 0.8)):
        opens, closes = default_window(session, purpose)
        distribution = Distribution.objects.create(
            session=session, questionnaire=test, purpose=purpose, opens_at=opens, closes_at=closes, created_by=admin
        )
        made += 1
        for enrolment in people:
            if enrolment.pk not in attended:
                continue
            invitation = Invitation.objects.create(
                distribution=distribution, employee_id=enrolment.employee_id, answered=True
            )
            total = Decimal(0)
            response = Response(distribution=distribution, invitation=invitation, submitted_at=opens)
            for question in questions:
                right = rng.random() < right_share
                choice = (
                    question.correct_choices[0] if right else (question.correct_choices[0] + 1) % len(question.choices)
                )
                total += question.points if right else 0
                answers.append(Answer(response=response, question=question, number=Decimal(choice), choices=[choice]))
            response.score = total
            response.max_score = sum((q.points for q in questions if q.type == Question.Type.SINGLE), start=Decimal(0))
            responses.append(response)
    return made


@transaction.atomic
def seed_skm(seed=2026):
    """A semester of SKM for the service units: most score B, Candisari's front office is weak on staff
    behaviour and competence (band C), so the loop to competency needs shows; and community input."""
    from django.utils import timezone

    from evaluation.models import CommunityInput, ServiceResponse, ServiceSurvey
    from programs.models import Competency, OrgUnit

    if ServiceSurvey.objects.exists():
        return {"surveys": 0, "responses": 0}
    rng = random.Random(seed + 8)  # demo data, not security  # nosec B311
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    starts = today.replace(month=1 if today.month <= 6 else 7, day=1)
    ends = today.replace(month=6, day=30) if today.month <= 6 else today.replace(month=12, day=31)
    units = list(OrgUnit.objects.filter(is_service_unit=True, depth=2))
    responses = []
    for index, unit in enumerate(units):
        survey = ServiceSurvey.objects.create(
            unit=unit,
            title="SKM semester ini",
            starts_on=starts,
            ends_on=ends,
            population=rng.choice([800, 1500, 5000]),
            service_types=["Administrasi kependudukan", "Perizinan", "Surat keterangan"]
            if unit.kind == "kecamatan"
            else ["Pelayanan umum", "Informasi dan pengaduan"],
            code=f"{unit.code.lower()[:6]}{index}",
            created_by=admin,
        )
        weak = unit.code == "KEC-CANDISARI"
        for _number in range(rng.randint(260 if weak else 150, 320)):
            scores = [rng.choice([3, 3, 3, 4, 4, 2]) for _u in range(9)]
            if weak:
                scores[5] = rng.choice([2, 2, 3, 3, 2, 4])  # Kompetensi Pelaksana
                scores[6] = rng.choice([2, 3, 2, 3, 2, 1])  # Perilaku Pelaksana
            responses.append(
                ServiceResponse(
                    survey=survey,
                    **{f"u{n + 1}": score for n, score in enumerate(scores)},
                    gender=rng.choice("lp"),
                    age=rng.randint(18, 75),
                    education=rng.choice(["sma", "s1", "smp", "d3"]),
                    occupation=rng.choice(["private", "self", "other", "student", "asn"]),
                    service_type=rng.choice(survey.service_types),
                    received_on=starts
                    + datetime.timedelta(days=rng.randint(0, max(0, (min(today, ends) - starts).days))),
                    suggestion=rng.choice(
                        [
                            "",
                            "",
                            "",
                            "Petugas loket perlu lebih ramah.",
                            "Antrean terlalu lama.",
                            "Informasi persyaratan kurang jelas.",
                            "Pelayanan sudah cepat, terima kasih.",
                        ]
                    ),
                )
            )
    ServiceResponse.objects.bulk_create(responses, batch_size=5000)
    candisari = OrgUnit.objects.filter(code="KEC-CANDISARI").first()
    if candisari:
        item = CommunityInput.objects.create(
            unit=candisari,
            date=today - datetime.timedelta(days=20),
            channel=CommunityInput.Channel.FORUM,
            summary="Warga mengeluhkan petugas kelurahan yang tidak menjelaskan persyaratan dengan baik.",
            expectation="Petugas menjelaskan persyaratan dengan sabar dan jelas.",
            created_by=admin,
        )
        item.competencies.set(Competency.objects.filter(code__in=["M.03", "M.05"]))
    return {"surveys": len(units), "responses": len(responses)}
