"""Results per question (issue 23): a test question reads as the share answering it right, not the mean of
the chosen option's number; the level-3 follow-up names each alumnus its supervisor rated."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from evaluation import distributions, figures
from evaluation.answering import submit
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session
from training import enrolment as enrolment_service
from training import participation
from training.models import Enrolment

from .conftest import AFTER_CLASS, JAKARTA
from .test_evaluation import values_for

POST_OPEN = datetime.datetime(2027, 3, 2, 9, 0, tzinfo=JAKARTA)


def test_a_test_question_shows_the_share_answering_it_right(client, operator, finished, standard, admin):
    """Two people: the first question both got wrong, the second both right, the third one of them."""
    with time_machine.travel(POST_OPEN, tick=False):
        post = distributions.attach(session=finished, questionnaire=standard["test"], purpose="post_test", by=admin)
    questions = list(standard["test"].questions.order_by("order", "id"))
    first, second, third, fourth = questions

    def wrong(question):
        return (question.correct_choices[0] + 1) % 4

    for index, invitation in enumerate(post.invitations.order_by("employee__name")):
        values = {
            first.pk: wrong(first),
            second.pk: second.correct_choices[0],
            third.pk: third.correct_choices[0] if index == 0 else wrong(third),
            fourth.pk: fourth.correct_choices[0],
        }
        submit(invitation=invitation, questions=questions, values=values, now=POST_OPEN)
    with time_machine.travel(POST_OPEN, tick=False):
        client.force_login(operator)
        page = client.get(reverse("evaluation:distribution_detail", args=[post.pk]))
    rows = page.context["results"]["rows"]
    assert [row["correct"] for row in rows] == [0, 1, 0.5, 1]
    assert all(row["mean"] is None for row in rows)  # an option's number is no figure
    html = page.content.decode()
    assert all(f"<strong>{share}</strong> menjawab benar" in html for share in ("0,0%", "50,0%", "100,0%"))
    assert "Rata-rata 1,00" not in html


def test_a_reaction_question_keeps_the_mean_of_its_scale(client, operator, reaction, standard):
    from django.db.models import QuerySet

    from evaluation.models import Distribution

    QuerySet.update(Distribution.objects.filter(pk=reaction.pk), is_anonymous=False)
    questions = list(standard["reaction"].questions.all())
    for invitation in reaction.invitations.all():
        submit(invitation=invitation, questions=questions, values=values_for(standard["reaction"], 3), now=AFTER_CLASS)
    with time_machine.travel(AFTER_CLASS, tick=False):
        client.force_login(operator)
        page = client.get(reverse("evaluation:distribution_detail", args=[reaction.pk]))
    first = page.context["results"]["rows"][0]
    assert first["mean"] == 3 and first["correct"] is None
    html = page.content.decode()
    assert "Rata-rata 3,00 (75,0%)" in html


@pytest.fixture
def two_alumni(workshop, tree, admin, operator, pegawai_employee, supervisor_employee):
    """A finished session two of the lurah's staff completed (the lurah did not attend)."""
    second = EmployeeFactory(unit=tree.a1, name="Staf A2", supervisor=supervisor_employee)
    session = make_session(workshop, tree.a, admin)
    for person in (pegawai_employee, second):
        enrolment_service.request_place(
            session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED
        )
    for day in session.days.all():
        participation.mark(day=day, statuses={e.pk: "present" for e in session.enrolments.all()}, by=operator)
    participation.finish_session(session=session, by=operator, now=AFTER_CLASS)
    return session, second


def test_the_supervisors_forms_name_each_alumnus(client, two_alumni, standard, admin, supervisor, pegawai_employee):
    session, second = two_alumni
    with time_machine.travel(AFTER_CLASS, tick=False):
        follow_up = distributions.attach(
            session=session, questionnaire=standard["behaviour"], purpose="follow_up", by=admin
        )
    due = follow_up.opens_at + datetime.timedelta(days=1)
    distributions.sync_invitations(follow_up, now=due)
    forms = list(follow_up.invitations.filter(employee__user=supervisor).select_related("about"))
    assert sorted(form.about.name for form in forms) == ["Staf A1", "Staf A2"]
    with time_machine.travel(due, tick=False):
        client.force_login(supervisor)
        for form in forms:
            html = client.get(reverse("evaluation:answer", args=[form.pk])).content.decode()
            assert form.about.full_name in html
            other = next(f for f in forms if f != form)
            assert other.about.full_name not in html


def test_the_follow_up_results_name_the_alumnus_the_supervisor_rated(
    client, operator, two_alumni, standard, admin, supervisor
):
    """Only the lurah has answered, about Staf A2: the row is Staf A2's, not a nameless '-'."""
    session, second = two_alumni
    with time_machine.travel(AFTER_CLASS, tick=False):
        follow_up = distributions.attach(
            session=session, questionnaire=standard["behaviour"], purpose="follow_up", by=admin
        )
    due = follow_up.opens_at + datetime.timedelta(days=1)
    distributions.sync_invitations(follow_up, now=due)
    submit(
        invitation=follow_up.invitations.get(employee__user=supervisor, about=second),
        questions=list(standard["behaviour"].questions.all()),
        values=values_for(standard["behaviour"], 3),
        now=due,
    )
    _questions, people = figures.follow_up_pairs(follow_up)
    assert [person["name"] for person in people] == ["Staf A2"]
    with time_machine.travel(due, tick=False):
        client.force_login(operator)
        html = client.get(reverse("evaluation:distribution_detail", args=[follow_up.pk])).content.decode()
    assert "<td>Staf A2</td>" in html


def test_the_pdf_and_the_workbook_give_a_test_question_its_share_right(client, operator, finished, standard, admin):
    with time_machine.travel(POST_OPEN, tick=False):
        post = distributions.attach(session=finished, questionnaire=standard["test"], purpose="post_test", by=admin)
    questions = list(standard["test"].questions.order_by("order", "id"))
    for invitation in post.invitations.all():
        wrong_first = {q.pk: (q.correct_choices[0] + (1 if q == questions[0] else 0)) % 4 for q in questions}
        submit(invitation=invitation, questions=questions, values=wrong_first, now=POST_OPEN)
    with time_machine.travel(POST_OPEN, tick=False):
        client.force_login(operator)
        pdf = client.get(reverse("evaluation:distribution_pdf", args=[post.pk]))
        book = load_workbook(
            io.BytesIO(b"".join(client.get(reverse("evaluation:distribution_xlsx", args=[post.pk])).streaming_content))
        )
    text = pdf_text(pdf.content)
    assert questions[0].text in text and "0,0%" in text and "100,0%" in text
    sheet = book["Ringkasan"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Menjawab benar (%)")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[column] for row in rows] == [0, 100, 100, 100]
    assert [row[header.index("Rata-rata")] for row in rows] == [None] * 4  # no mean of an option's number


def test_the_follow_up_workbook_names_the_alumnus_of_each_supervisor_answer(
    client, operator, two_alumni, standard, admin, supervisor
):
    session, second = two_alumni
    with time_machine.travel(AFTER_CLASS, tick=False):
        follow_up = distributions.attach(
            session=session, questionnaire=standard["behaviour"], purpose="follow_up", by=admin
        )
    due = follow_up.opens_at + datetime.timedelta(days=1)
    distributions.sync_invitations(follow_up, now=due)
    for form in follow_up.invitations.filter(employee__user=supervisor):
        submit(
            invitation=form,
            questions=list(standard["behaviour"].questions.all()),
            values=values_for(standard["behaviour"], 3),
            now=due,
        )
    with time_machine.travel(due, tick=False):
        client.force_login(operator)
        answer = client.get(reverse("evaluation:distribution_xlsx", args=[follow_up.pk]))
        book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    rows = list(book["Jawaban"].iter_rows(values_only=True))
    about = rows[0].index("Tentang alumni")
    assert {row[about] for row in rows[1:]} == {"Staf A1", second.full_name}
