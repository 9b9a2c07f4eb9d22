"""Granting power is deliberate: a role given or changed in Django admin asks for the password again when it
was last typed more than 15 minutes ago, is in the audit trail, and shows on every BKPSDM admin's home.
The attack it stops: a page of someone else's (a hostile upload, a forged request) running in the admin's
open session posts a role grant with the admin's cookies."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from programs.models import Role, RoleAssignment

PASSWORD = "rahasia-123"  # tests/factories.py
ADD = reverse("admin:programs_roleassignment_add")


@pytest.fixture
def django_admin(admin):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return admin


def grant_form(user, unit):
    return {"user": user.pk, "role": Role.ADMIN, "unit": unit.pk, "_save": "Simpan"}


def stale():
    """Twenty minutes after the login: the session is alive, the password entry is not recent."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=20), tick=False)


def test_a_stale_session_cannot_grant_a_role_in_django_admin(client, django_admin, pegawai, tree):
    client.force_login(django_admin)
    with stale():
        response = client.post(ADD, grant_form(pegawai, tree.root))
        assert response.status_code == 302
        assert response.url.startswith(reverse("password_confirm"))
        assert not RoleAssignment.objects.filter(user=pegawai).exists()
        # The form itself is not offered either, nor deleting one.
        assert client.get(ADD).url.startswith(reverse("password_confirm"))
        role = RoleAssignment.objects.get(user=django_admin)
        client.post(reverse("admin:programs_roleassignment_delete", args=[role.pk]), {"post": "yes"})
        assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_a_stale_session_cannot_make_a_superuser(client, django_admin, pegawai):
    client.force_login(django_admin)
    url = reverse("admin:auth_user_change", args=[pegawai.pk])
    with stale():
        response = client.post(url, {"username": pegawai.username, "is_superuser": "on", "is_staff": "on"})
        assert response.url.startswith(reverse("password_confirm"))
    pegawai.refresh_from_db()
    assert not pegawai.is_superuser and not pegawai.is_staff


def test_after_typing_the_password_again_the_grant_goes_through(client, django_admin, pegawai, tree):
    client.force_login(django_admin)
    with stale():
        asked = client.get(ADD)
        page = client.get(asked.url)
        assert "Konfirmasi kata sandi" in page.content.decode()
        wrong = client.post(asked.url, {"password": "salah", "next": ADD})
        assert "Kata sandi salah" in wrong.content.decode()
        confirmed = client.post(asked.url, {"password": PASSWORD, "next": ADD})
        assert confirmed.url == ADD
        assert client.post(ADD, grant_form(pegawai, tree.root)).status_code == 302
    assert RoleAssignment.objects.filter(user=pegawai, role=Role.ADMIN).exists()


def test_the_confirmation_returns_only_to_our_own_pages(client, django_admin):
    client.force_login(django_admin)
    answer = client.post(reverse("password_confirm"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert answer.url == reverse("reports:home")


def test_guessing_the_password_ends_the_session(client, django_admin):
    client.force_login(django_admin)
    for _try in range(5):
        answer = client.post(reverse("password_confirm"), {"password": "tebakan", "next": ADD})
    assert answer.url == reverse("login")
    assert client.get(reverse("reports:home")).status_code == 302  # logged out


def test_grants_are_audited_and_shown_on_every_admins_home(client, django_admin, pegawai, operator, tree):
    other_admin = get_user_model().objects.create_user("admin_kedua", password=PASSWORD)
    RoleAssignment.objects.create(user=other_admin, role=Role.ADMIN, unit=tree.root)
    client.force_login(django_admin)
    client.post(ADD, grant_form(pegawai, tree.root))
    entry = LogEntry.objects.get_for_model(RoleAssignment).get(object_repr__contains=pegawai.username)
    assert entry.actor == django_admin and entry.action == LogEntry.Action.CREATE
    client.force_login(other_admin)
    home = client.get(reverse("reports:home")).content.decode()
    assert "Perubahan hak akses terbaru" in home and pegawai.username in home
    client.force_login(operator)
    assert "Perubahan hak akses terbaru" not in client.get(reverse("reports:home")).content.decode()


def test_the_home_reads_role_changes_in_one_query(client, admin, tree, django_assert_max_num_queries):
    from reports import dashboards

    for number in range(12):
        user = get_user_model().objects.create_user(f"petugas{number}")
        RoleAssignment.objects.create(user=user, role=Role.OPERATOR, unit=tree.a)
    with django_assert_max_num_queries(3):  # the log entries with their actors (content types are cached)
        changes = dashboards.recent_role_changes()
    assert len(changes) == 10


def test_a_user_created_without_powers_is_not_a_role_change(admin, tree):
    from reports import dashboards

    get_user_model().objects.create_user("pegawai_baru")
    boss = get_user_model().objects.create_user("admin_baru")
    boss.is_superuser = True
    boss.save()
    changed = [change["what"] for change in dashboards.recent_role_changes()]
    assert "admin_baru" in changed and "pegawai_baru" not in changed
