from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from config import settings as project_settings
from tests.factories import UserFactory, grant


def test_passwords_are_argon2id_at_owasp_strength_and_old_hashes_upgrade_on_login(client, tree):
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = grant(UserFactory(username="lama"), "admin")
        user.password = make_password("kata-sandi-lama-123", hasher="pbkdf2_sha256")
        user.save()
        response = client.post(reverse("login"), {"username": "lama", "password": "kata-sandi-lama-123"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert user.check_password("kata-sandi-lama-123")
