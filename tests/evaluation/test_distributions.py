"""When a pre-test, a post-test and the rest open (issue 23): the post-test opens only once the pre-test of
its session has closed, whoever schedules them and in whichever order; the participant's list names the
pre-test before the post-test; a distribution's page says it has not opened yet instead of "0 of 0 ...
everyone has answered"."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import distributions
from evaluation.answering import submit
from evaluation.models import Distribution
from tests.training.conftest import MONDAY, day, make_session

from .conftest import JAKARTA


@pytest.fixture
def one_day(workshop, tree, admin, operator, pegawai_employee):
    """A one-day session (1 March 2027, 08:00-15:00) the pegawai is confirmed for."""
    from training import enrolment as enrolment_service
    from training.models import Enrolment

    session = make_session(workshop, tree.a, admin, days=[day(MONDAY)])
    enrolment_service.request_place(
        session=session, employee=pegawai_employee, by=operator, source=Enrolment.Source.NOMINATED
    )
    return session


def at(hour, minute=0, date=MONDAY):
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=JAKARTA)


def test_on_a_one_day_session_the_post_test_opens_when_the_pre_test_closes(one_day, standard, admin):
    pre = distributions.default_window(one_day, "pre_test")
    post = distributions.default_window(one_day, "post_test")
    assert pre[0] == at(7)  # an hour before the class
    assert post[0] >= pre[1] and post[1] > post[0]
    assert pre[1] <= at(15) and post[1] > at(15)  # the post-test can still be taken after the class


def test_a_post_test_attached_to_an_open_pre_test_waits_for_it(one_day, standard, admin, pegawai_employee):
    """However the pre-test was scheduled, the post-test attached after it opens once it has closed."""
    late = at(23)
    Distribution.objects.create(
        session=one_day,
        questionnaire=standard["test"],
        purpose="pre_test",
        opens_at=at(7),
        closes_at=late,
        created_by=admin,
    )
    with time_machine.travel(at(9), tick=False):
        post = distributions.attach(session=one_day, questionnaire=standard["test"], purpose="post_test", by=admin)
    assert post.opens_at == late and post.closes_at > late
    assert post.invitations.count() == 0  # not due while the pre-test is open


def test_a_pre_test_attached_after_the_post_test_closes_before_it_opens(one_day, standard, admin):
    post = Distribution.objects.create(
        session=one_day,
        questionnaire=standard["test"],
        purpose="post_test",
        opens_at=at(10),
        closes_at=at(16),
        created_by=admin,
    )
    pre = distributions.attach(session=one_day, questionnaire=standard["test"], purpose="pre_test", by=admin)
    assert pre.opens_at == at(7) and pre.closes_at == post.opens_at


def test_a_pre_test_cannot_be_attached_when_the_post_test_already_came(client, operator, one_day, standard, admin):
    Distribution.objects.create(
        session=one_day,
        questionnaire=standard["test"],
        purpose="post_test",
        opens_at=at(6),
        closes_at=at(16),
        created_by=admin,
    )
    client.force_login(operator)
    page = client.post(
        reverse("evaluation:distribution_create", args=[one_day.pk]),
        {"purpose": "pre_test", "questionnaire": standard["test"].pk},
    )
    assert page.status_code == 200
    assert "pre-test harus ditutup sebelum post-test dibuka" in page.content.decode()
    assert not Distribution.objects.filter(purpose="pre_test").exists()


@pytest.mark.parametrize("which", ["pre_test", "post_test"])
def test_an_edit_that_makes_them_overlap_is_refused(one_day, standard, admin, which):
    """Django admin validates with clean(): neither side of the pair may move into the other."""
    with time_machine.travel(at(6), tick=False):
        made = {
            purpose: distributions.attach(session=one_day, questionnaire=standard["test"], purpose=purpose, by=admin)
            for purpose in ("pre_test", "post_test")
        }
    edited = made[which]
    if which == "pre_test":
        edited.closes_at = made["post_test"].opens_at + datetime.timedelta(hours=1)
    else:
        edited.opens_at = made["pre_test"].closes_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="pre-test harus ditutup sebelum post-test dibuka"):
        edited.full_clean()


def test_the_participant_lists_the_pre_test_before_the_post_test(client, one_day, standard, admin, pegawai):
    questions = list(standard["test"].questions.all())
    values = {question.pk: question.correct_choices[0] for question in questions}
    made = {}
    for purpose in ("pre_test", "post_test"):
        opens, _closes = distributions.default_window(one_day, purpose)
        with time_machine.travel(opens + datetime.timedelta(minutes=5), tick=False):
            made[purpose] = distributions.attach(
                session=one_day, questionnaire=standard["test"], purpose=purpose, by=admin
            )
            submit(invitation=made[purpose].invitations.get(), questions=questions, values=values)
    client.force_login(pegawai)
    listed = [
        invitation.distribution
        for invitation in client.get(reverse("evaluation:my_questionnaires")).context["invitations"]
    ]
    assert listed == [made["pre_test"], made["post_test"]]


def test_before_it_opens_the_page_does_not_say_everyone_has_answered(client, operator, one_day, standard, admin):
    with time_machine.travel(at(6), tick=False):
        distribution = distributions.attach(
            session=one_day, questionnaire=standard["test"], purpose="post_test", by=admin
        )
        client.force_login(operator)
        html = client.get(reverse("evaluation:distribution_detail", args=[distribution.pk])).content.decode()
    assert "Semua sudah menjawab" not in html and "0 dari 0" not in html
    assert "Belum dibuka" in html


def test_django_admin_refuses_a_post_test_opening_before_the_pre_test_closes(client, admin, one_day, standard):
    from .test_anonymity_lock import admin_form

    admin.is_staff = admin.is_superuser = True
    admin.save()
    with time_machine.travel(at(6), tick=False):
        pre, post = (
            distributions.attach(session=one_day, questionnaire=standard["test"], purpose=purpose, by=admin)
            for purpose in ("pre_test", "post_test")
        )
        client.force_login(admin)
        page = client.post(
            reverse("admin:evaluation_distribution_change", args=[post.pk]),
            admin_form(post, opens_at=pre.opens_at + datetime.timedelta(hours=1)),
        )
    assert "pre-test harus ditutup sebelum post-test dibuka" in page.content.decode()
    post.refresh_from_db()
    assert post.opens_at >= pre.closes_at
