"""No duplicates without JavaScript (issue 20): four parallel sendings of a claim without the page's
one-time token stored four claims. The token is now in the page itself, and a claim is one claim while
it waits, whatever the client sends."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.concurrency import race
from training.models import ExternalClaim

from .conftest import claim_data


def test_the_page_carries_its_one_time_token_without_javascript(client, pegawai, reference_data):
    client.force_login(pegawai)
    page = client.get(reverse("training:claim_create")).content.decode()
    tokens = re.findall(r'name="_submission" value="([0-9a-f]{32})"', page)
    assert tokens and len(set(tokens)) == len(tokens)  # one per form, each its own
    assert client.get(reverse("training:claim_create")).content.decode().count(tokens[0]) == 0  # fresh per page


def test_a_resend_without_a_token_is_the_same_claim(client, pegawai, reference_data):
    client.force_login(pegawai)
    first = client.post(reverse("training:claim_create"), claim_data())
    again = client.post(reverse("training:claim_create"), claim_data(), follow=True)
    assert first.status_code == 302
    assert ExternalClaim.objects.count() == 1
    assert "sudah dikirim" in again.content.decode()
    # Another activity is another claim.
    client.post(reverse("training:claim_create"), claim_data(title="Seminar lain"))
    assert ExternalClaim.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_four_parallel_sendings_without_a_token_store_one_claim(tree, pegawai, pegawai_employee):
    from programs.standards import load_reference_data

    load_reference_data()

    def send():
        client = Client()
        client.force_login(pegawai)
        return client.post(reverse("training:claim_create"), claim_data())

    responses, errors = race(send, 4)
    assert errors == []
    assert {response.status_code for response in responses} == {302}
    assert ExternalClaim.objects.count() == 1
