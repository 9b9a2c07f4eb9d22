"""A form filled after the idle timeout was lost (community input, 70 s with a 1-minute limit). The page
warns before the session ends, "Tetap masuk" keeps it, and what was typed when it ends anyway is put back
on the form after logging in again, for that user only."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

PASSWORD = "rahasia-123"


@pytest.fixture
def one_minute(settings):
    settings.BANGKOM = {**settings.BANGKOM, "SESSION_IDLE_MINUTES": 1}


def typed(tree):
    return {
        "unit": tree.a1.pk,
        "date": "2026-11-01",
        "channel": "musrenbang",
        "summary": "Antrean KTP di kelurahan terlalu panjang",
        "expectation": "Nomor antrean daring",
        "follow_up": "",
        "status": "open",
        "password": "tidak-pernah-disimpan",
    }


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def restored(page):
    found = re.search(r'<script id="restored-draft" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


def test_what_was_typed_after_the_timeout_comes_back_after_logging_in(
    client, operator, tree, reference_data, one_minute
):
    url = reverse("evaluation:community_create")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, operator)
        page = client.get(url).content.decode()
        assert 'data-idle-seconds="60"' in page and 'id="idle-warning"' in page
    with time_machine.travel(start + datetime.timedelta(seconds=70), tick=False):
        ended = client.post(url, typed(tree))
        assert ended.status_code == 302 and ended.url.startswith(reverse("login"))
        log_in(client, operator)
        page = client.get(url).content.decode()
    fields = restored(page)
    assert fields["summary"] == ["Antrean KTP di kelurahan terlalu panjang"]
    assert "password" not in fields and "csrfmiddlewaretoken" not in fields
    assert "sudah dipulihkan" in page
    assert restored(client.get(url).content.decode()) is None  # put back once


def test_someone_else_logging_in_on_that_browser_gets_nothing(
    client, operator, pimpinan, tree, reference_data, one_minute
):
    url = reverse("evaluation:community_create")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, operator)
    with time_machine.travel(start + datetime.timedelta(seconds=70), tick=False):
        client.post(url, typed(tree))
        log_in(client, pimpinan)
        page = client.get(url).content.decode()
    assert restored(page) is None and "Antrean KTP" not in page


def test_stay_signed_in_counts_as_activity(client, operator, one_minute):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, operator)
    with time_machine.travel(start + datetime.timedelta(seconds=50), tick=False):
        assert client.get(reverse("keep_alive")).status_code == 204
    with time_machine.travel(start + datetime.timedelta(seconds=100), tick=False):
        assert client.get(reverse("reports:home")).status_code == 200  # 50 s idle, not 100
