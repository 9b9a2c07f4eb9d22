"""The public SKM form behind the reverse proxy (issue 20): one address flooding the form is limited alone,
every other citizen still answers; the form's token is single-use, so a replayed form is stored once; the
limits live in the database, so they hold across server processes."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from evaluation import skm
from evaluation.models import RejectedSubmission, ServiceResponse, SkmAttempt

from .test_skm import public_data, survey  # noqa: F401 - the survey fixture

PROXY, FLOODER, CITIZEN = "127.0.0.1", "203.0.113.9", "198.51.100.23"
SHOWN = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
SENT = SHOWN + datetime.timedelta(minutes=1)


@pytest.fixture
def behind_proxy(settings):
    settings.BANGKOM_TRUSTED_PROXIES = [PROXY]


def fresh_forms(count):
    with time_machine.travel(SHOWN, tick=False):
        return [public_data(age=str(20 + number)) for number in range(count)]


def send(client, survey, data, sender):  # noqa: F811 - the fixture's value
    return client.post(reverse("skm_public", args=[survey.code]), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=sender)


def test_a_flood_from_one_address_does_not_block_the_others(client, survey, behind_proxy):  # noqa: F811
    forms = fresh_forms(skm.RATE_LIMIT_PER_HOUR + 5)
    with time_machine.travel(SENT, tick=False):
        answers = [send(client, survey, data, FLOODER).status_code for data in forms]
        assert answers[-1] == 429
        stored = ServiceResponse.objects.count()
        assert stored == skm.RATE_LIMIT_PER_HOUR
        (citizen_form,) = fresh_forms(1)
        assert send(client, survey, citizen_form | {"age": "61"}, CITIZEN).status_code == 200
    assert ServiceResponse.objects.count() == stored + 1


def test_a_replayed_form_is_stored_once(client, survey):  # noqa: F811
    (data,) = fresh_forms(1)
    with time_machine.travel(SENT, tick=False):
        for age in range(30, 40):  # the same token, other answers each time (no JavaScript needed)
            assert client.post(reverse("skm_public", args=[survey.code]), data | {"age": str(age)}).status_code == 200
    assert ServiceResponse.objects.count() == 1
    assert RejectedSubmission.objects.filter(reason=RejectedSubmission.Reason.REPLAYED).count() == 9


def test_the_limits_hold_across_processes(client, survey, settings):  # noqa: F811
    """Each gunicorn worker has its own memory: a cleared per-process cache (a second worker) changes nothing."""
    from django.core.cache import cache

    forms = fresh_forms(skm.RATE_LIMIT_PER_HOUR + 2)
    with time_machine.travel(SENT, tick=False):
        for data in forms:
            cache.clear()  # as if each request reached another worker
            last = client.post(reverse("skm_public", args=[survey.code]), data)
    assert last.status_code == 429
    assert ServiceResponse.objects.count() == skm.RATE_LIMIT_PER_HOUR


def test_the_guards_forget_after_an_hour(client, survey):  # noqa: F811
    (first, second) = fresh_forms(2)
    with time_machine.travel(SENT, tick=False):
        client.post(reverse("skm_public", args=[survey.code]), first)
    assert SkmAttempt.objects.count() == 1
    with time_machine.travel(SENT + datetime.timedelta(hours=2), tick=False):
        second["started"] = skm.form_token()
    with time_machine.travel(SENT + datetime.timedelta(hours=2, minutes=1), tick=False):
        client.post(reverse("skm_public", args=[survey.code]), second)
    assert SkmAttempt.objects.count() == 1  # the old one is gone


@pytest.mark.django_db(transaction=True)
def test_six_taps_without_javascript_store_one_answer(survey):  # noqa: F811
    from tests.concurrency import race

    (data,) = fresh_forms(1)
    url = reverse("skm_public", args=[survey.code])
    with time_machine.travel(SENT, tick=True):
        responses, errors = race(lambda: Client(REMOTE_ADDR=CITIZEN).post(url, data), 6)
    assert errors == [] and [response.status_code for response in responses] == [200] * 6
    assert ServiceResponse.objects.filter(survey=survey).count() == 1
