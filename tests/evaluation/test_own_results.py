"""A participant's own test result (issue 23): their score as soon as they send, their own answers only,
and the right answers once the test has closed (for a pre-test, once the post-test that asks the same
questions has closed too). An anonymous test shows its score once, on sending, and never under a name."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from evaluation import distributions
from evaluation.answering import submit
from evaluation.models import Distribution

from .conftest import JAKARTA

PRE_OPEN = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=JAKARTA)
POST_OPEN = datetime.datetime(2027, 3, 2, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def tests(finished, standard, admin):
    """The pre-test and the post-test of the finished session, both asking the standard test."""
    made = {}
    for purpose, moment in (("pre_test", PRE_OPEN), ("post_test", POST_OPEN)):
        with time_machine.travel(moment, tick=False):
            made[purpose] = distributions.attach(
                session=finished, questionnaire=standard["test"], purpose=purpose, by=admin
            )
    return made


def questions_of(standard):
    return list(standard["test"].questions.order_by("order", "id"))


def right_labels(standard):
    return [question.choices[question.correct_choices[0]] for question in questions_of(standard)]


def form_data(standard, right):
    """The form as sent: the first `right` questions answered right, the others wrong."""
    return {
        f"q{question.pk}": question.correct_choices[0] if index < right else (question.correct_choices[0] + 1) % 4
        for index, question in enumerate(questions_of(standard))
    }


def test_the_participant_sees_their_score_when_sending_and_afterwards(client, tests, standard, pegawai):
    post = tests["post_test"]
    url = reverse("evaluation:answer", args=[post.invitations.get(employee__user=pegawai).pk])
    with time_machine.travel(POST_OPEN, tick=False):
        client.force_login(pegawai)
        thanks = client.post(url, form_data(standard, right=3)).content.decode()
        again = client.get(url).content.decode()
        listed = client.get(reverse("evaluation:my_questionnaires")).content.decode()
    assert "Nilai Anda" in thanks and "75,0%" in thanks
    assert "Nilai Anda" in again and "75,0%" in again
    assert "75,0%" in listed


def test_right_answers_show_only_after_the_test_closes(client, tests, standard, pegawai, supervisor):
    pre, post = tests["pre_test"], tests["post_test"]
    with time_machine.travel(PRE_OPEN, tick=False):
        client.force_login(pegawai)
        pre_url = reverse("evaluation:answer", args=[pre.invitations.get(employee__user=pegawai).pk])
        client.post(pre_url, form_data(standard, right=0))
        open_page = client.get(pre_url).content.decode()
    with time_machine.travel(POST_OPEN, tick=False):
        client.force_login(pegawai)
        post_url = reverse("evaluation:answer", args=[post.invitations.get(employee__user=pegawai).pk])
        client.post(post_url, form_data(standard, right=0))
        # The lurah answers everything right: nothing of his may reach the pegawai's page.
        submit(
            invitation=post.invitations.get(employee__user=supervisor),
            questions=questions_of(standard),
            values={q.pk: q.correct_choices[0] for q in questions_of(standard)},
        )
        # The pre-test has closed, but the post-test asking the same questions is still open.
        pre_closed = client.get(pre_url).content.decode()
        post_open = client.get(post_url).content.decode()
    with time_machine.travel(post.closes_at + datetime.timedelta(minutes=1), tick=False):
        client.force_login(pegawai)
        post_closed = client.get(post_url).content.decode()
        pre_after = client.get(pre_url).content.decode()
    for html in (open_page, pre_closed, post_open):
        assert "0,0%" in html  # the score is there at once
        assert not [label for label in right_labels(standard) if label in html]
        assert "Kunci jawaban ditampilkan setelah" in html
    for html in (post_closed, pre_after):
        assert all(label in html for label in right_labels(standard))
        assert "0,0%" in html and "100,0%" not in html  # his own score, not the lurah's
        assert html.count("Salah") == len(right_labels(standard))


def test_an_anonymous_test_shows_its_score_once_and_never_under_a_name(client, finished, standard, admin, pegawai):
    with time_machine.travel(POST_OPEN, tick=False):
        anonymous = distributions.attach(
            session=finished, questionnaire=standard["test"], purpose="post_test", by=admin, is_anonymous=True
        )
        url = reverse("evaluation:answer", args=[anonymous.invitations.get(employee__user=pegawai).pk])
        client.force_login(pegawai)
        thanks = client.post(url, form_data(standard, right=2)).content.decode()
        again = client.get(url).content.decode()
    with time_machine.travel(anonymous.closes_at + datetime.timedelta(minutes=1), tick=False):
        client.force_login(pegawai)
        closed = client.get(url).content.decode()
    assert "50,0%" in thanks and "tidak disimpan atas nama Anda" in thanks
    assert "50,0%" not in again and "anonim" in again
    assert "50,0%" not in closed and "Salah" not in closed
    assert all(label in closed for label in right_labels(standard))  # the key is the same for everyone
    assert Distribution.objects.get(pk=anonymous.pk).responses.get().invitation_id is None
