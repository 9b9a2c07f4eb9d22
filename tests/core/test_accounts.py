import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def known_user(db):
    return UserFactory(username="siti", password="benar-sekali-123", email="siti@example.test")


def login(client, username, password, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_and_logout(client, known_user):
    response = login(client, "siti", "benar-sekali-123")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_form_error_in_indonesian(client, known_user):
    response = login(client, "siti", "salah")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert "nama pengguna nama pengguna" not in response.content.decode()  # Django's own catalogue said so


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, known_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "siti", "salah")
    response = login(client, "siti", "benar-sekali-123")
    assert response.status_code == 429
    assert "terkunci" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_attacked_account_is_locked_from_every_address(client, known_user, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "siti", "salah", address=f"10.0.1.{attempt}")  # a different address each time
    assert login(client, "siti", "benar-sekali-123", address="10.0.2.1").status_code == 429


def test_an_address_guessing_many_accounts_is_locked_for_every_account(client, known_user, settings):
    UserFactory(username="budi", password="budi-rahasia-99")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"tebakan{attempt}", "salah", address="10.0.0.9")  # one address, many names
    assert login(client, "budi", "budi-rahasia-99", address="10.0.0.9").status_code == 429
    assert login(client, "budi", "budi-rahasia-99", address="10.0.0.10").status_code == 302  # others still can


def test_passwords_follow_length_and_common_list_rules_only(known_user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("pendek-123", "password1234", "siti@example.test"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=known_user)
    # No composition rules: a long passphrase of lowercase words, or of digits only, is accepted.
    validate_password("kopi pagi di balai kota", user=known_user)
    validate_password("739164825039", user=known_user)


def test_password_reset_sends_an_email(client, known_user):
    response = client.post(reverse("password_reset"), {"email": "siti@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/akun/reset/" in mail.outbox[0].body


def test_password_change_requires_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_pages_require_login(client, db):
    response = client.get(reverse("programs:employee_list"))
    assert response.status_code == 302


def test_a_session_is_read_until_it_expires_or_ends(client, known_user, admin):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(admin)
    home = reverse("reports:home")
    assert client.get(home).status_code == 200
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(home).status_code == 302  # expired: back to the login page
    client.force_login(admin)
    client.post(reverse("logout"))
    assert client.get(home).status_code == 302


def test_an_ended_sessions_cookie_is_not_accepted_again(client, admin):
    client.force_login(admin)
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = key  # replaying the old cookie
    assert client.get(reverse("reports:home")).status_code == 302


def test_an_idle_session_ends_with_a_message_and_a_busy_one_at_its_age(client, known_user, settings):
    import time_machine

    settings.BANGKOM = dict(settings.BANGKOM, SESSION_IDLE_MINUTES=30)
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    page = reverse("password_change")
    with time_machine.travel("2026-11-30 08:00 +0700", tick=False) as clock:
        assert login(client, "siti", "benar-sekali-123").status_code == 302
        clock.shift(29 * 60)
        assert client.get(page).status_code == 200  # 29 minutes idle: still in
        clock.shift(31 * 60)
        response = client.get(page, follow=True)
        assert response.redirect_chain[0][0].startswith(reverse("login"))
        assert "tidak ada aktivitas selama 30 menit" in response.content.decode()
        assert "_auth_user_id" not in client.session

        assert login(client, "siti", "benar-sekali-123").status_code == 302
        answered = 0
        for _ in range(30):  # busy all day: a request every 20 minutes
            clock.shift(20 * 60)
            if client.get(page).status_code != 200:
                break
            answered += 1
        assert answered == 24 and "_auth_user_id" not in client.session  # ended after eight hours, however busy
