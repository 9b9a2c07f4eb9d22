"""Behind the reverse proxy the client is the client (core/addresses.py): X-Forwarded-For is believed
only from a configured trusted proxy, read from the right, and every place that records or counts an
address (audit trail, login lockout, API tokens, exports) gets the same answer. A header sent by anyone
else changes nothing."""

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from api import tokens
from api.models import ApiToken
from core.addresses import client_address
from programs.models import Role, RoleAssignment

PROXY = "127.0.0.1"
CITIZEN, OTHER, SPOOF = "203.0.113.9", "198.51.100.23", "192.0.2.66"


@pytest.fixture
def behind_proxy(settings):
    settings.BANGKOM_TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


@pytest.mark.parametrize(
    "remote,forwarded,expected",
    [
        (CITIZEN, None, CITIZEN),
        (SPOOF, CITIZEN, SPOOF),  # not from a proxy of ours: the header is the sender's word
        (PROXY, CITIZEN, CITIZEN),
        (PROXY, f"{SPOOF}, {CITIZEN}", CITIZEN),  # the client wrote the left part
        (PROXY, f"{CITIZEN}, 10.0.0.5", CITIZEN),  # a chain of our proxies
        (PROXY, f"{CITIZEN}, not-an-address", PROXY),  # what no proxy of ours writes is not believed
        (PROXY, "10.0.0.5", "10.0.0.5"),
        (PROXY, "", PROXY),
        ("2001:db8::1", None, "2001:db8::1"),
    ],
)
def test_the_client_address(behind_proxy, remote, forwarded, expected):
    assert address(remote, forwarded) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.BANGKOM_TRUSTED_PROXIES = []
    assert address(PROXY, CITIZEN) == PROXY


@pytest.fixture
def django_admin(admin):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return admin


def grant(client, user, unit, **headers):
    client.post(
        reverse("admin:programs_roleassignment_add"),
        {"user": user.pk, "role": Role.OPERATOR, "unit": unit.pk, "_save": "Simpan"},
        **headers,
    )
    return LogEntry.objects.get_for_model(RoleAssignment).latest("timestamp")


def test_the_audit_trail_records_the_client_behind_the_proxy(client, behind_proxy, django_admin, pegawai, tree):
    client.force_login(django_admin)
    entry = grant(client, pegawai, tree.a, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN)
    assert entry.remote_addr == CITIZEN


def test_the_audit_trail_ignores_a_forged_header(client, behind_proxy, django_admin, pegawai, tree):
    client.force_login(django_admin)
    entry = grant(client, pegawai, tree.a, REMOTE_ADDR=OTHER, HTTP_X_FORWARDED_FOR=SPOOF)
    assert entry.remote_addr == OTHER


def test_exports_are_audited_with_the_client(client, behind_proxy, admin, pegawai_employee):
    client.force_login(admin)
    client.get(reverse("programs:employee_export"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get().remote_addr == CITIZEN


def test_an_api_token_records_where_it_was_used_from(client, behind_proxy, admin, operator):
    _token, key = tokens.issue(user=operator, name="Uji", by=admin)
    answer = client.get(
        reverse("api:unit-list"), HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN
    )
    assert answer.status_code == 200
    assert ApiToken.objects.get().last_used_from == CITIZEN


def test_a_locked_out_address_does_not_lock_out_the_others(client, behind_proxy, operator, settings):
    url = reverse("login")
    for _try in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": f"tebakan{_try}", "password": "salah-sekali"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=SPOOF,
        )
    locked = client.post(
        url, {"username": operator.username, "password": "rahasia-123"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOF
    )
    assert locked.status_code == 429
    other = client.post(
        url, {"username": operator.username, "password": "rahasia-123"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER
    )
    assert other.status_code == 302  # logged in
