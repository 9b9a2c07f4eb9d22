"""A questionnaire answer is stored once whatever the client sends (no one-time token, the same
token twice, several sendings at once), named or anonymous, and every sending lands on the thanks page."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from evaluation.answering import make_token
from evaluation.models import Answer, Distribution, Response
from tests.concurrency import race

from .conftest import AFTER_CLASS

TOKEN = "5b0f3c1e-2d4a-4e8b-9a61-0c8d1b2e3f4a"


def answers(questionnaire):
    data = {}
    for question in questionnaire.questions.all():
        if question.scale:
            data[f"q{question.pk}"] = 4
        elif question.options:
            data[f"q{question.pk}"] = question.options[0][0]
        else:
            data[f"q{question.pk}"] = "Bagus"
    return data


def sent_at_once(url, data, user=None):
    def send():
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.post(url, data)

    with time_machine.travel(AFTER_CLASS, tick=False):
        return race(send, 4)


def assert_all_thanked(responses, errors):
    assert errors == []
    assert [response.status_code for response in responses] == [200] * 4
    for response in responses:
        page = response.content.decode()
        assert "Jawaban Anda sudah kami terima" in page and "alert-danger" not in page


@pytest.mark.django_db(transaction=True)
def test_four_named_answers_sent_at_once_store_one(reaction, standard, pegawai, pegawai_employee):
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)
    invitation = reaction.invitations.get(employee=pegawai_employee)
    responses, errors = sent_at_once(
        reverse("evaluation:answer", args=[invitation.pk]), answers(standard["reaction"]), user=pegawai
    )
    assert_all_thanked(responses, errors)
    assert Response.objects.filter(distribution=reaction).count() == 1
    assert Answer.objects.count() == standard["reaction"].questions.count()


@pytest.mark.django_db(transaction=True)
def test_four_anonymous_answers_sent_at_once_by_link_store_one(reaction, standard, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    responses, errors = sent_at_once(
        reverse("evaluation:answer_by_link", args=[make_token(invitation)]), answers(standard["reaction"])
    )
    assert_all_thanked(responses, errors)
    assert Response.objects.filter(distribution=reaction).count() == 1
    invitation.refresh_from_db()
    assert invitation.answered


def test_the_same_answers_sent_twice_land_on_the_thanks_page(client, reaction, standard, pegawai, pegawai_employee):
    invitation = reaction.invitations.get(employee=pegawai_employee)
    url = reverse("evaluation:answer", args=[invitation.pk])
    data = answers(standard["reaction"]) | {"_submission": TOKEN}
    with time_machine.travel(AFTER_CLASS, tick=False):
        client.force_login(pegawai)
        first, again = client.post(url, data), client.post(url, data)
        without_token = client.post(url, answers(standard["reaction"]))
    for response in (first, again, without_token):
        assert response.status_code == 200 and "Jawaban Anda sudah kami terima" in response.content.decode()
    assert "sudah tercatat" in again.content.decode()
    assert Response.objects.filter(distribution=reaction).count() == 1
