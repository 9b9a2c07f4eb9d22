"""Signed-in pages and every download send `Cache-Control: no-store` (a shared PC's back button, a
caching proxy); every response carries a Permissions-Policy."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    ["reports:home", "programs:employee_list", "programs:employee_export", "training:compliance"],
)
def test_signed_in_pages_and_exports_are_not_stored(client, admin, pegawai_employee, name):
    client.force_login(admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_carry_the_permissions_policy(client, db):
    response = client.get(reverse("login"))
    assert "geolocation=()" in response["Permissions-Policy"]
