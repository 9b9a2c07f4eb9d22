import datetime
import html
import io
import re
import uuid
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from openpyxl import load_workbook

from evaluation import distributions, figures
from evaluation.answering import make_token, score, submit
from evaluation.models import Answer, Distribution, Invitation, Question, Questionnaire, Response
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session
from training import enrolment as enrolment_service
from training import participation
from training.models import Enrolment

from .conftest import AFTER_CLASS, JAKARTA


def values_for(questionnaire, value=4, text="Bagus"):
    answers = {}
    for question in questionnaire.questions.all():
        if question.scale:
            answers[question.pk] = value
        elif question.type == Question.Type.LONG_TEXT:
            answers[question.pk] = text
        elif question.type == Question.Type.SINGLE:
            answers[question.pk] = question.correct_choices[0]
    return answers


# --- scheduling ---------------------------------------------------------------------------------


def test_default_windows_follow_the_session(finished, standard, admin):
    pre = distributions.default_window(finished, "pre_test")
    reaction = distributions.default_window(finished, "reaction")
    follow_up = distributions.default_window(finished, "follow_up", months=3)
    assert pre[0] == datetime.datetime(2027, 3, 1, 7, 0, tzinfo=JAKARTA)
    assert reaction[0] == datetime.datetime(2027, 3, 2, 14, 0, tzinfo=JAKARTA)  # an hour before the last day ends
    assert follow_up[0].date() == datetime.date(2027, 6, 2)  # three months later
    assert distributions.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)


def test_follow_up_reaches_alumni_and_their_supervisors_n_months_later(
    finished, standard, admin, pegawai_employee, supervisor_employee
):
    with time_machine.travel(AFTER_CLASS, tick=False):
        distribution = distributions.attach(
            session=finished, questionnaire=standard["behaviour"], purpose="follow_up", by=admin, months=4
        )
    assert distribution.invitations.count() == 0  # not yet due
    assert distributions.sync_invitations(distribution, now=datetime.datetime(2027, 6, 3, tzinfo=JAKARTA)) == 0
    assert distributions.sync_invitations(distribution, now=datetime.datetime(2027, 7, 3, tzinfo=JAKARTA)) == 3
    invited = set(distribution.invitations.values_list("employee__name", "role", "about__name"))
    assert invited == {
        ("Staf A1", "participant", None),
        ("Lurah A1", "participant", None),
        ("Lurah A1", "supervisor", "Staf A1"),
    }
    assert distributions.sync_invitations(distribution, now=datetime.datetime(2027, 7, 4, tzinfo=JAKARTA)) == 0


def test_reaction_invites_only_those_who_attended(
    workshop, tree, admin, operator, pegawai_employee, supervisor_employee, standard
):
    session = make_session(workshop, tree.a, admin)
    for person in (pegawai_employee, supervisor_employee):
        enrolment_service.request_place(
            session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED
        )
    came = session.enrolments.get(employee=pegawai_employee)
    participation.mark(day=session.days.first(), statuses={came.pk: "present"}, by=operator)
    with time_machine.travel(AFTER_CLASS, tick=False):
        distribution = distributions.attach(
            session=session, questionnaire=standard["reaction"], purpose="reaction", by=admin
        )
    assert list(distribution.invitations.values_list("employee__name", flat=True)) == ["Staf A1"]


# --- answering --------------------------------------------------------------------------------------


def test_anonymous_answers_cannot_be_linked_to_people(reaction, standard, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    questions = list(standard["reaction"].questions.all())
    response = submit(
        invitation=invitation, questions=questions, values=values_for(standard["reaction"]), now=AFTER_CLASS
    )
    response.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.answered
    assert response.invitation_id is None and response.submitted_at is None
    assert isinstance(response.pk, uuid.UUID) and response.pk.version == 4  # random, not a counter to line up with
    # The tables themselves have no column that could name the person: the response's only link to
    # an invitation is the nullable key, which is empty here, and it has no time; answers point only
    # at their response and question.
    response_columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "evaluation_response")
    }
    answer_columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "evaluation_answer")
    }
    # likert_total/likert_answers are sums over the response's own answers: nothing about the person.
    assert response_columns == {
        "id",
        "distribution_id",
        "invitation_id",
        "role",
        "submitted_at",
        "score",
        "max_score",
        "likert_total",
        "likert_answers",
    }
    assert answer_columns == {"id", "response_id", "question_id", "number", "text", "choices"}
    assert Response.objects.filter(invitation__isnull=False).count() == 0
    assert Response.objects.filter(submitted_at__isnull=False).count() == 0
    assert Answer.objects.filter(response=response).exists()
    # And the invitation keeps no time or id that could be matched against the response.
    assert [field.name for field in Invitation._meta.concrete_fields] == [
        "id",
        "distribution",
        "employee",
        "role",
        "about",
        "answered",
    ]
    assert not LogEntry.objects.filter(content_type__model__in=["response", "answer"]).exists()


def test_each_person_answers_once(reaction, standard, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    questions = list(standard["reaction"].questions.all())
    submit(invitation=invitation, questions=questions, values=values_for(standard["reaction"]), now=AFTER_CLASS)
    with pytest.raises(ValidationError, match="sudah mengisi"):
        submit(invitation=invitation, questions=questions, values=values_for(standard["reaction"]), now=AFTER_CLASS)
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_questionnaire_sent_six_times_at_once_is_stored_once(reaction, standard, pegawai_employee):
    from tests.concurrency import race

    invitation = reaction.invitations.get(employee=pegawai_employee)
    questions = list(standard["reaction"].questions.all())
    values = values_for(standard["reaction"])
    _results, errors = race(
        lambda: submit(invitation=invitation, questions=questions, values=values, now=AFTER_CLASS), 6
    )
    assert [getattr(error, "code", error) for error in errors] == ["answered"] * 5
    assert Response.objects.count() == 1 and Answer.objects.filter(response__distribution=reaction).exists()


def test_closed_means_closed(reaction, standard, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    with pytest.raises(ValidationError, match="ditutup"):
        submit(
            invitation=invitation,
            questions=list(standard["reaction"].questions.all()),
            values=values_for(standard["reaction"]),
            now=reaction.closes_at + datetime.timedelta(minutes=1),
        )
    assert not Response.objects.exists()


def test_answering_on_the_page_with_errors_then_thanks(client, reaction, standard, pegawai, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    url = reverse("evaluation:answer", args=[invitation.pk])
    with time_machine.travel(AFTER_CLASS, tick=False):
        client.force_login(pegawai)
        page = client.get(url)
        assert "anonim" in page.content.decode()
        missing = client.post(url, {})
        assert "pertanyaan wajib yang belum dijawab" in missing.content.decode()
        data = {f"q{pk}": value for pk, value in values_for(standard["reaction"]).items()}
        done = client.post(url, data)
        assert "Terima kasih" in done.content.decode()
        again = client.get(url)
    assert "anonim, jawaban Anda tidak dapat ditampilkan kembali" in again.content.decode()


def test_signed_link_works_without_login_and_only_for_that_invitation(client, reaction, standard, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    token = make_token(invitation)
    with time_machine.travel(AFTER_CLASS, tick=False):
        assert client.get(reverse("evaluation:answer_by_link", args=[token])).status_code == 200
        assert client.get(reverse("evaluation:answer_by_link", args=[token[:-2] + "xx"])).status_code == 404


def test_someone_elses_invitation_is_404(client, reaction, supervisor, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    client.force_login(supervisor)
    assert client.get(reverse("evaluation:answer", args=[invitation.pk])).status_code == 404


def test_a_named_test_is_scored_and_shown_back(client, finished, standard, admin, pegawai, pegawai_employee):
    test = standard["test"]
    with time_machine.travel(datetime.datetime(2027, 3, 1, 7, 30, tzinfo=JAKARTA), tick=False):
        pre = distributions.attach(session=finished, questionnaire=test, purpose="pre_test", by=admin)
    with time_machine.travel(datetime.datetime(2027, 3, 2, 9, 0, tzinfo=JAKARTA), tick=False):
        post = distributions.attach(session=finished, questionnaire=test, purpose="post_test", by=admin)
    questions = list(test.questions.order_by("order"))
    wrong = {q.pk: (q.correct_choices[0] + 1) % 4 for q in questions}
    right = {q.pk: q.correct_choices[0] for q in questions}
    half = {q.pk: (right if index < 2 else wrong)[q.pk] for index, q in enumerate(questions)}
    submit(
        invitation=pre.invitations.get(employee=pegawai_employee),
        questions=questions,
        values=half,
        now=datetime.datetime(2027, 3, 1, 8, 0, tzinfo=JAKARTA),
    )
    submit(
        invitation=post.invitations.get(employee=pegawai_employee),
        questions=questions,
        values=right,
        now=datetime.datetime(2027, 3, 2, 10, 0, tzinfo=JAKARTA),
    )
    data = figures.test_results(finished)
    (row,) = data["rows"]
    assert (row["pre"], row["post"], row["gain"], row["normalised"]) == (
        Decimal(50),
        Decimal(100),
        Decimal(50),
        Decimal(1),
    )
    client.force_login(pegawai)
    answered = client.get(reverse("evaluation:answer", args=[post.invitations.get(employee=pegawai_employee).pk]))
    assert "Nilai" in answered.content.decode() and "100" in answered.content.decode()


def test_scoring_by_hand():
    class Q:
        def __init__(self, pk, correct, points):
            self.pk, self.correct_choices, self.points = pk, correct, Decimal(points)

        @property
        def is_scored(self):
            return bool(self.correct_choices) and self.points > 0

    questions = [Q(1, [0], 10), Q(2, [1, 2], 20), Q(3, [], 0)]
    assert score(questions, {1: 0, 2: [2, 1]}) == (Decimal(30), Decimal(30))
    assert score(questions, {1: 1, 2: [1]}) == (Decimal(0), Decimal(30))
    assert score([questions[2]], {}) == (None, None)


# --- results ------------------------------------------------------------------------------------------


def answer_all(distribution, questionnaire, value):
    questions = list(questionnaire.questions.all())
    for invitation in distribution.invitations.all():
        submit(invitation=invitation, questions=questions, values=values_for(questionnaire, value), now=AFTER_CLASS)


def named_after_answers(distribution):
    """Turns an answered anonymous distribution named, bypassing the lock every edit path of the app obeys
    (tests/evaluation/test_anonymity_lock.py): a stand-in for a row written before the lock, so the results
    logic can be compared on the same answers both ways."""
    QuerySet.update(Distribution.objects.filter(pk=distribution.pk), is_anonymous=False)


def test_likert_sums_written_with_the_answers_match_the_answers(reaction, standard):
    answer_all(reaction, standard["reaction"], 3)
    likert = [q for q in standard["reaction"].questions.all() if q.scale]
    responses = list(Response.objects.filter(distribution=reaction))
    assert [(r.likert_total, r.likert_answers) for r in responses] == [(Decimal(75) * len(likert), len(likert))] * 2
    Response.objects.update(likert_total=0, likert_answers=0)
    assert figures.refresh_likert_sums([r.pk for r in responses]) == 2
    assert {(r.likert_total, r.likert_answers) for r in Response.objects.all()} == {
        (Decimal(75) * len(likert), len(likert))
    }
    # Two answers of an open anonymous questionnaire are hidden from scores; named, they count.
    assert figures.scores_by("id", distribution__session=reaction.session) == []
    named_after_answers(reaction)
    (row,) = figures.scores_by("id", distribution__session=reaction.session)
    assert (row["percent"], row["answers"], row["sessions"]) == (75, 2 * len(likert), 1)


def test_results_per_question_and_section(client, operator, reaction, standard):
    answer_all(reaction, standard["reaction"], 2)
    client.force_login(operator)
    data = client.get(reverse("evaluation:distribution_detail", args=[reaction.pk])).context["results"]
    assert (data["invited"], data["answered"]) == (2, 2)
    first = data["rows"][0]
    assert first["mean"] == 2 and first["percent"] == 50 and first["low"]
    assert dict(data["sections"])["Materi"] == 50
    assert data["rows"][-1]["comments"] == ["Bagus", "Bagus"]


def test_result_page_query_count_is_constant(client, operator, reaction, standard, django_assert_max_num_queries):
    client.force_login(operator)
    url = reverse("evaluation:distribution_detail", args=[reaction.pk])
    with django_assert_max_num_queries(18) as captured:
        client.get(url)
    answer_all(reaction, standard["reaction"], 3)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(url)


def test_exports(client, operator, reaction, standard):
    answer_all(reaction, standard["reaction"], 4)
    client.force_login(operator)
    # Anonymous and still open (and only two answers): no export that could single anyone out.
    assert client.get(reverse("evaluation:distribution_xlsx", args=[reaction.pk])).status_code == 302
    named_after_answers(reaction)
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("evaluation:distribution_xlsx", args=[reaction.pk])).streaming_content))
    )
    assert book["Ringkasan"]["E2"].value == 4
    assert "NIP" in [cell.value for cell in book["Jawaban"][1]]
    text = pdf_text(client.get(reverse("evaluation:distribution_pdf", args=[reaction.pk])).content)
    assert "Relevansi materi dengan tugas" in text


def test_anonymous_results_wait_for_the_close_and_three_answers(client, operator, reaction, standard, tree, finished):
    answer_all(reaction, standard["reaction"], 4)
    client.force_login(operator)
    url = reverse("evaluation:distribution_detail", args=[reaction.pk])
    assert client.get(url).context["hidden"]  # open, two answers
    after = reaction.closes_at + datetime.timedelta(days=1)
    assert figures.hidden_for_anonymity(reaction, now=after)  # closed, but only two answers
    third = Invitation.objects.create(distribution=reaction, employee=EmployeeFactory(unit=tree.a1))
    submit(
        invitation=third,
        questions=list(standard["reaction"].questions.all()),
        values=values_for(standard["reaction"]),
        now=AFTER_CLASS,
    )
    assert not figures.hidden_for_anonymity(reaction, now=after)
    assert set(Response.objects.values_list("role", flat=True)) == {""}  # anonymous: not even the role


def test_scoreboard_keeps_anonymous_answers_hidden_until_they_may_be_shown(client, admin, reaction, standard):
    """Two people answered an anonymous questionnaire: their course's and provider's scores would be
    exactly their answers, so the scoreboard leaves them out, open or closed, like the results page."""
    answer_all(reaction, standard["reaction"], 2)
    client.force_login(admin)
    assert client.get(reverse("evaluation:scoreboard")).context["providers"] == []
    with time_machine.travel(reaction.closes_at + datetime.timedelta(days=1)):
        client.force_login(admin)  # a new day, a new login (the idle session has ended)
        assert client.get(reverse("evaluation:scoreboard")).context["providers"] == []


def test_scoreboard_flags_low_providers(client, admin, pimpinan, operator, reaction, standard, finished):
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)  # named: two answers may show
    answer_all(reaction, standard["reaction"], 2)
    client.force_login(admin)
    page = client.get(reverse("evaluation:scoreboard"))
    ((provider, row),) = page.context["providers"]
    assert provider == finished.provider and row["low"] and row["percent"] == 50
    client.force_login(pimpinan)
    assert client.get(reverse("evaluation:scoreboard")).status_code == 200
    client.force_login(operator)
    assert client.get(reverse("evaluation:scoreboard")).status_code == 403


def test_low_scores_reach_the_plan_and_the_needs_recap(client, admin, reaction, standard, finished, tree):
    from programs.models import DevelopmentProgram, PlanItem

    answer_all(reaction, standard["reaction"], 1)
    program = DevelopmentProgram.objects.create(year=2028, unit=tree.a, title="Rencana")
    PlanItem.objects.create(
        program=program,
        competency=finished.course.competencies.get(),
        title="Komunikasi",
        development_form=finished.course.development_form,
    )
    client.force_login(admin)
    html = client.get(reverse("programs:plan_detail", args=[program.pk])).content.decode()
    assert "Workshop Komunikasi Publik dinilai rendah pada 1 angkatan" in html


def test_session_page_shows_evaluation(client, operator, reaction, standard, finished):
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)  # named: two answers may show
    answer_all(reaction, standard["reaction"], 4)
    client.force_login(operator)
    html = client.get(reverse("training:session_detail", args=[finished.pk])).content.decode()
    assert "Evaluasi" in html and "100,0%" in html


def test_other_unit_operator_cannot_see_results(client, other_unit_operator, reaction):
    client.force_login(other_unit_operator)
    for name in ("distribution_detail", "distribution_xlsx", "distribution_pdf"):
        assert client.get(reverse(f"evaluation:{name}", args=[reaction.pk])).status_code == 403, name


def test_a_used_template_is_locked_and_copied(client, admin, reaction, standard):
    answer_all(reaction, standard["reaction"], 3)
    questionnaire = standard["reaction"]
    assert questionnaire.is_locked
    client.force_login(admin)
    question = questionnaire.questions.first()
    assert (
        client.post(reverse("evaluation:question_move", args=[question.pk]), {"direction": "delete"}).status_code == 403
    )
    client.post(reverse("evaluation:questionnaire_copy", args=[questionnaire.pk]))
    copy = Questionnaire.objects.get(copied_from=questionnaire)
    assert copy.version == 2 and copy.questions.count() == questionnaire.questions.count() and not copy.is_locked


def test_builder_adds_and_orders_questions(client, admin):
    questionnaire = Questionnaire.objects.create(title="Baru", kind="reaction")
    client.force_login(admin)
    url = reverse("evaluation:questionnaire_detail", args=[questionnaire.pk])
    client.post(url, {"text": "Pertama", "type": "likert5", "required": "on", "points": "0", "choices_text": ""})
    client.post(url, {"text": "Kedua", "type": "single", "required": "on", "points": "0", "choices_text": "Ya\nTidak"})
    bad = client.post(url, {"text": "Ketiga", "type": "single", "points": "0", "choices_text": "Hanya satu"})
    assert "Isi paling sedikit dua pilihan." in bad.content.decode()
    second = questionnaire.questions.get(text="Kedua")
    client.post(reverse("evaluation:question_move", args=[second.pk]), {"direction": "up"})
    assert list(questionnaire.questions.order_by("order").values_list("text", flat=True)) == ["Kedua", "Pertama"]
    assert Question.objects.get(pk=second.pk).choices == ["Ya", "Tidak"]


def test_the_builder_names_the_section_field_in_indonesian(client, admin):
    """The question form's section field had no name of its own, so Django labelled it 'Section'."""
    questionnaire = Questionnaire.objects.create(title="Baru", kind="reaction")
    client.force_login(admin)
    page = client.get(reverse("evaluation:questionnaire_detail", args=[questionnaire.pk])).content.decode()
    assert "Section" not in page
    assert re.search(r'for="id_section"[^>]*>\s*Bagian', page)


def test_participants_see_their_questionnaires(client, reaction, pegawai, other_unit_operator):
    with time_machine.travel(AFTER_CLASS, tick=False):
        client.force_login(pegawai)
        invitations = client.get(reverse("evaluation:my_questionnaires")).context["invitations"]
    assert [i.distribution for i in invitations] == [reaction]


def test_distribution_only_once_per_purpose(client, operator, finished, standard):
    client.force_login(operator)
    url = reverse("evaluation:distribution_create", args=[finished.pk])
    data = {"purpose": "reaction", "questionnaire": standard["reaction"].pk, "is_anonymous": "on"}
    client.post(url, data)
    again = client.post(url, data)
    assert "sudah memiliki kuesioner" in again.content.decode()
    assert Distribution.objects.count() == 1
    tests_anonymous = client.post(
        url, {"purpose": "pre_test", "questionnaire": standard["test"].pk, "is_anonymous": "on"}
    )
    assert "tidak dapat anonim" in tests_anonymous.content.decode()


def test_answers_are_not_in_the_admin():
    from django.contrib import admin

    assert Response not in admin.site._registry and Answer not in admin.site._registry


def test_low_scores_reach_the_needs_recap(client, admin, reaction, standard, finished, tree, staff_survey):
    answer_all(reaction, standard["reaction"], 1)
    client.force_login(admin)
    html = client.get(reverse("needs_analysis:survey_recap", args=[staff_survey.pk])).content.decode()
    assert "Catatan dari evaluasi pelatihan" in html and "Workshop Komunikasi Publik" in html


@pytest.fixture
def staff_survey(tree, admin, pegawai_employee, reference_data):
    """A campaign whose recap covers Komunikasi (M.03), the competency the workshop develops."""
    from needs_analysis import campaigns
    from programs.models import Position
    from programs.standards import apply_default_standard
    from tests.needs_analysis.conftest import ALL_AT_STANDARD, answer, make_survey

    position = Position.objects.create(name="Staf", kind="pelaksana")
    apply_default_standard(position)
    pegawai_employee.position = position
    pegawai_employee.save()
    survey = make_survey(tree.root, admin, targets=[tree.a1])
    campaigns.open_survey(survey=survey, by=admin)
    answer(survey.assessments.get(employee=pegawai_employee), ALL_AT_STANDARD | {"M.05": 1})
    return survey


def test_reminders_carry_a_personal_link(client, operator, reaction, pegawai_employee, mailoutbox):
    pegawai_employee.email = "staf@example.go.id"
    pegawai_employee.save()
    client.force_login(operator)
    client.post(reverse("evaluation:distribution_remind", args=[reaction.pk]))
    assert [m.to for m in mailoutbox] == [["staf@example.go.id"]]
    assert "/evaluasi/t/" in mailoutbox[0].body


def test_questionnaire_reminders_on_whatsapp_and_all_at_once(
    client, operator, pegawai, reaction, pegawai_employee, supervisor_employee, django_assert_max_num_queries
):
    """Who has not answered gets a WhatsApp link with their own answering link, as the e-mail says;
    the operator copies every reminder of the list at once."""
    from urllib.parse import unquote

    pegawai_employee.phone = "0812-1111-2222"
    pegawai_employee.save()
    supervisor_employee.phone = "+62 813 3333 4444"
    supervisor_employee.save()
    client.force_login(operator)
    url = reverse("evaluation:distribution_detail", args=[reaction.pk])
    page = client.get(url).content.decode()
    links = dict(re.findall(r'href="https://wa.me/(\d+)\?text=([^"]+)"', page))
    assert set(links) == {"6281211112222", "6281333334444"}
    message = unquote(links["6281211112222"])
    assert message.startswith(f"Yth. {pegawai_employee.full_name}, mohon isi") and "/evaluasi/t/" in message
    copied = re.search(r'<textarea id="questionnaire-reminders"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert html.escape(message) in copied and pegawai_employee.full_name in copied
    assert supervisor_employee.full_name in copied
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for index in range(5):
        person = EmployeeFactory(unit=pegawai_employee.unit, name=f"Tambahan {index}", phone="0812")
        Invitation.objects.create(distribution=reaction, employee=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_forwarded_link_does_not_show_someones_answers(client, reaction, standard, pegawai_employee):
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)
    invitation = reaction.invitations.get(employee=pegawai_employee)
    submit(
        invitation=invitation,
        questions=list(standard["reaction"].questions.all()),
        values=values_for(standard["reaction"], text="Rahasia pribadi"),
        now=AFTER_CLASS,
    )
    page = client.get(reverse("evaluation:answer_by_link", args=[make_token(invitation)]))
    assert "sudah mengisi" in page.content.decode() and "Rahasia pribadi" not in page.content.decode()


def test_scores_keep_their_decimals(reaction, standard):
    likert = [q for q in standard["reaction"].questions.all() if q.scale]
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)  # two answers: shown only when named
    first, second = list(reaction.invitations.all())[:2]
    submit(
        invitation=first,
        questions=list(standard["reaction"].questions.all()),
        values=values_for(standard["reaction"], 4),
        now=AFTER_CLASS,
    )
    values = values_for(standard["reaction"], 3)
    values[likert[0].pk] = 4  # one answer higher: the mean is not a whole number
    submit(invitation=second, questions=list(standard["reaction"].questions.all()), values=values, now=AFTER_CLASS)
    (row,) = figures.scores_by("id", distribution__session=reaction.session)
    expected = (100 * len(likert) + 75 * (len(likert) - 1) + 100) / (2 * len(likert))
    assert row["percent"] == pytest.approx(expected) and row["percent"] != int(row["percent"])


def test_pimpinan_elsewhere_cannot_read_a_units_evaluation(client, workshop, tree, admin, reference_data):
    from evaluation.models import Distribution, Questionnaire
    from programs.models import Role
    from tests.factories import UserFactory, grant
    from tests.training.conftest import make_session

    session = make_session(workshop, tree.a, admin)
    questionnaire = Questionnaire.objects.create(title="Q", kind="reaction")
    now = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    distribution = Distribution.objects.create(
        session=session,
        questionnaire=questionnaire,
        purpose="reaction",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=3),
        created_by=admin,
    )
    head_of_b = grant(UserFactory(username="camat_b"), Role.PIMPINAN, tree.b)
    client.force_login(head_of_b)
    assert client.get(reverse("evaluation:distribution_detail", args=[distribution.pk])).status_code == 403
    head_of_a = grant(UserFactory(username="camat_a2"), Role.PIMPINAN, tree.a)
    client.force_login(head_of_a)
    assert client.get(reverse("evaluation:distribution_detail", args=[distribution.pk])).status_code == 200
