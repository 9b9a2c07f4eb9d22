"""Claims and nominations are stored once whatever the client sends (no one-time token, several
sendings at once); tests/training/test_claim_once.py and test_register_once.py hold the rest."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.concurrency import race
from training import ledger
from training.models import Enrolment, ExternalClaim

from .conftest import claim_data, make_session


def test_a_rejected_claim_may_be_sent_again(client, pegawai, operator, reference_data):
    client.force_login(pegawai)
    client.post(reverse("training:claim_create"), claim_data())
    ledger.review_claim(claim=ExternalClaim.objects.get(), by=operator, verified=False, note="Bukti buram")
    client.post(reverse("training:claim_create"), claim_data())
    assert ExternalClaim.objects.filter(status=ExternalClaim.Status.PENDING).count() == 1
    assert ExternalClaim.objects.count() == 2


def test_a_claim_already_verified_is_not_counted_twice(client, pegawai, operator, reference_data):
    client.force_login(pegawai)
    client.post(reverse("training:claim_create"), claim_data())
    ledger.review_claim(claim=ExternalClaim.objects.get(), by=operator, verified=True)
    again = client.post(reverse("training:claim_create"), claim_data(), follow=True)
    assert "sudah dikirim" in again.content.decode()
    assert ExternalClaim.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_nominations_sent_at_once_store_one(workshop, tree, admin, operator, pegawai_employee):
    session = make_session(workshop, tree.a, admin)

    def send():
        client = Client()
        client.force_login(operator)
        return client.post(reverse("training:session_nominate", args=[session.pk]), {"employee": pegawai_employee.pk})

    responses, errors = race(send, 4)
    assert errors == []
    enrolment = Enrolment.objects.get(session=session, employee=pegawai_employee)
    # Nominated by HR: approved and given a seat once, with one history row for each step.
    assert list(enrolment.events.values_list("to_status", flat=True).order_by("id")) == ["pending", "confirmed"]
    assert {response.status_code for response in responses} == {302}
