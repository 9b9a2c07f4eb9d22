"""A self-registration sent four times at once, without the page's one-time token (no JavaScript, a
script), is one enrolment, and every sending lands on the session's page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.concurrency import race
from training.models import Enrolment

from .conftest import make_session


@pytest.mark.django_db(transaction=True)
def test_four_parallel_registrations_are_one_enrolment(workshop, tree, admin, pegawai, pegawai_employee):
    session = make_session(workshop, tree.a, admin)

    def send():
        client = Client()
        client.force_login(pegawai)
        return client.post(reverse("training:session_register", args=[session.pk]))

    responses, errors = race(send, 4)
    assert errors == []
    assert {response.status_code for response in responses} == {302}
    assert Enrolment.objects.filter(session=session, employee=pegawai_employee).count() == 1
