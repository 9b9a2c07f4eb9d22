"""A form sent twice is stored once (core/middleware.py::OncePerSubmissionMiddleware): the
page's one-time token is claimed by the first sending; the second goes where the first went."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import FormSubmission
from evaluation.models import CommunityInput
from programs.models import DevelopmentForm
from tests.concurrency import race
from tests.training.conftest import make_session
from training.models import ExternalClaim

TOKEN = "7f0c1c3e-5d2a-4b8e-9a61-0c8d1b2e3f4a"


def community_input(tree, **extra):
    return {
        "unit": tree.a1.pk,
        "date": "2026-11-01",
        "channel": "musrenbang",
        "summary": "Pelayanan KTP lambat",
        "expectation": "Lebih cepat",
        "follow_up": "",
        "status": "open",
        "_submission": TOKEN,
    } | extra


def test_the_same_sending_twice_is_stored_once_and_goes_where_the_first_went(client, operator, tree, reference_data):
    client.force_login(operator)
    url = reverse("evaluation:community_create")
    first = client.post(url, community_input(tree))
    second = client.post(url, community_input(tree), follow=True)
    assert first.status_code == 302 and second.redirect_chain[0][0] == first.url
    assert CommunityInput.objects.count() == 1
    assert "sudah terkirim" in second.content.decode()
    # A new page (a new token) is a new input.
    client.post(url, community_input(tree, _submission="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
    assert CommunityInput.objects.count() == 2


def test_a_form_with_errors_frees_its_token_for_the_corrected_sending(client, operator, tree, reference_data):
    client.force_login(operator)
    url = reverse("evaluation:community_create")
    refused = client.post(url, community_input(tree, summary=""))
    assert refused.status_code == 200 and not CommunityInput.objects.exists()
    assert client.post(url, community_input(tree)).status_code == 302
    assert CommunityInput.objects.count() == 1


def test_tokens_belong_to_their_sender(client, operator, tree, reference_data, admin):
    url = reverse("evaluation:community_create")
    client.force_login(operator)
    client.post(url, community_input(tree))
    client.force_login(admin)
    client.post(url, community_input(tree))
    assert CommunityInput.objects.count() == 2


def test_sendings_without_a_token_and_htmx_calls_are_left_alone(client, operator, tree, reference_data):
    client.force_login(operator)
    url = reverse("evaluation:community_create")
    client.post(url, community_input(tree, _submission="pendek"))  # not a token: ignored
    client.post(url, community_input(tree), headers={"HX-Request": "true"})
    client.post(url, community_input(tree), headers={"HX-Request": "true"})
    assert CommunityInput.objects.count() == 3 and not FormSubmission.objects.exists()


def test_a_forged_sending_claims_nothing(operator, tree, reference_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(reverse("evaluation:community_create"), community_input(tree)).status_code == 403
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sent_at_once_stores_once_and_both_land_on_the_result(tree, operator, reference_data):
    def send():
        client = Client()
        client.force_login(operator)
        return client.post(reverse("evaluation:community_create"), community_input(tree))

    responses, errors = race(send, 4)
    assert errors == []
    assert CommunityInput.objects.count() == 1
    assert {response.status_code for response in responses} == {302}
    assert len({response["Location"] for response in responses}) == 1


def page_token(page, marker):
    """The one-time token the server wrote into the page's form holding `marker` (a browser without
    JavaScript sends it as it is)."""
    form = next(chunk for chunk in page.content.decode().split("<form")[1:] if marker in chunk.split("</form>")[0])
    found = re.findall(r'name="_submission" value="([A-Za-z0-9-]+)"', form.split("</form>")[0])
    assert len(found) == 1, found
    return found[0]


def test_the_server_writes_the_token_so_a_page_without_javascript_is_stored_once(
    client, pegawai, admin, workshop, tree, reference_data
):
    client.force_login(pegawai)
    url = reverse("training:claim_create")
    token = page_token(client.get(url), 'name="title"')
    assert page_token(client.get(url), 'name="title"') != token  # each page its own
    claim = {
        "development_form": DevelopmentForm.objects.get(code="KL06").pk,
        "title": "Webinar ASN Unggul",
        "organiser": "LAN RI",
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "days": 1,
        "sessions": 1,
        "program_jp": "",
        "_submission": token,
    }

    def evidence():
        return SimpleUploadedFile("b.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")

    first = client.post(url, claim | {"evidence": evidence()})
    again = client.post(url, claim | {"evidence": evidence()}, follow=True)
    assert first.status_code == 302 and again.redirect_chain[0][0] == first.url
    assert "sudah terkirim" in again.content.decode()
    assert ExternalClaim.objects.count() == 1
    # Hand-written forms (not crispy ones) carry it too.
    session = make_session(workshop, tree.a, admin)
    assert page_token(client.get(session.get_absolute_url()), reverse("training:session_register", args=[session.pk]))
