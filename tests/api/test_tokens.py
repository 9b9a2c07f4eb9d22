"""API tokens: issued and revoked by an admin, shown once, kept as a digest, last use noted."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from api import tokens
from api.models import ApiToken

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_admin_issues_a_token_that_is_shown_once_and_kept_only_as_a_digest(client, admin, operator):
    client.force_login(admin)
    response = client.post(reverse("api:token_issue"), {"username": "operator_a", "name": "Dasbor provinsi"})
    token = ApiToken.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("api:token_detail", args=[token.pk])
    page = client.get(response["Location"])
    key = page.context["key"]
    assert key.startswith("bkm_") and len(key) > 40
    assert key.encode() in page.content
    assert "no-store" in page["Cache-Control"]
    # Only its digest and a short prefix are stored; the key cannot be read back.
    assert token.digest == tokens.digest_of(key) != key
    assert key not in {token.digest, token.prefix} and key.startswith(token.prefix)
    assert key.encode() not in client.get(response["Location"]).content
    assert key.encode() not in client.get(reverse("api:token_list")).content
    # Issuing is in the audit trail, by whom, without the digest.
    entry = LogEntry.objects.get_for_object(token).get()
    assert (
        entry.actor == admin
        and "digest" not in entry.changes_dict
        and entry.changes_dict["name"][1] == "Dasbor provinsi"
    )
    # And it works.
    assert client.logout() is None
    assert client.get("/api/v1/units/", **bearer(key)).status_code == 200


def test_a_token_reads_with_its_users_scope_and_notes_its_last_use(client, admin, operator, tree):
    token, key = tokens.issue(user=operator, name="SIMPEG", by=admin)
    assert token.last_used_at is None
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        units = client.get("/api/v1/units/", **bearer(key), REMOTE_ADDR="10.1.2.3").json()
    assert {unit["code"] for unit in units["results"]} == {"KEC-A", "KEL-A1"}
    token.refresh_from_db()
    assert token.last_used_at == datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    assert token.last_used_from == "10.1.2.3"
    # Within the minute no write; after it, one.
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, 30, tzinfo=datetime.UTC), tick=False):
        client.get("/api/v1/units/", **bearer(key), REMOTE_ADDR="10.1.2.3")
    token.refresh_from_db()
    assert token.last_used_at.second == 0
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 5, tzinfo=datetime.UTC), tick=False):
        client.get("/api/v1/units/", **bearer(key), REMOTE_ADDR="10.1.2.3")
    token.refresh_from_db()
    assert token.last_used_at.minute == 5
    # Another address shows at once, whatever the minute.
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 5, 10, tzinfo=datetime.UTC), tick=False):
        client.get("/api/v1/units/", **bearer(key), REMOTE_ADDR="203.0.113.9")
    token.refresh_from_db()
    assert (token.last_used_from, token.last_used_at.second) == ("203.0.113.9", 10)


@pytest.mark.parametrize(
    "header,detail",
    [
        (None, "Data autentikasi tidak diberikan."),
        ("Bearer bkm_bukan-token-yang-pernah-dibuat", "Token tidak dikenal."),
        ("Bearer", "Header Authorization harus berbentuk 'Bearer <token>'."),
        ("Bearer a b", "Header Authorization harus berbentuk 'Bearer <token>'."),
    ],
)
def test_no_token_or_a_wrong_one_is_401_with_a_reason(client, tree, header, detail):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/employees/", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="bangkom"'
    assert response.json()["detail"] == detail
    assert response.json()["status"] == 401


def test_revoked_expired_and_deactivated_tokens_stop_working(client, admin, operator, tree):
    revoked_token, revoked = tokens.issue(user=operator, name="Lama", by=admin)
    client.force_login(admin)
    response = client.post(reverse("api:token_revoke", args=[revoked_token.pk]))
    assert response.status_code == 302
    revoked_token.refresh_from_db()
    assert revoked_token.revoked_by == admin and revoked_token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/units/", **bearer(revoked)).json()["detail"] == "Token ini sudah dicabut."

    _token, expiring = tokens.issue(user=operator, name="Uji coba", by=admin, expires_on=datetime.date(2026, 12, 31))
    with time_machine.travel(datetime.datetime(2027, 1, 1, 8, tzinfo=datetime.UTC)):
        response = client.get("/api/v1/units/", **bearer(expiring))
    assert response.status_code == 401 and response.json()["detail"] == "Token ini sudah kedaluwarsa."

    _token, owner_gone = tokens.issue(user=operator, name="Pindah", by=admin)
    operator.is_active = False
    operator.save()
    assert client.get("/api/v1/units/", **bearer(owner_gone)).json()["detail"] == "Akun pemilik token ini tidak aktif."


def test_only_an_admin_manages_tokens(client, admin, operator, pimpinan):
    token, _key = tokens.issue(user=operator, name="SIMPEG", by=admin)
    for user in (operator, pimpinan):
        client.force_login(user)
        for url in (
            reverse("api:token_list"),
            reverse("api:token_issue"),
            reverse("api:token_detail", args=[token.pk]),
        ):
            assert client.get(url).status_code == 403
        assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
        assert client.post(reverse("api:token_issue"), {"username": "operator_a", "name": "X"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_the_issue_form_explains_what_is_wrong(client, admin, no_role_user, operator):
    client.force_login(admin)
    cases = [
        ({"username": "tidak_ada", "name": "X"}, "username", "Tidak ada pengguna aktif dengan nama pengguna itu."),
        ({"username": "tanpa_peran", "name": "X"}, "username", "Pengguna ini belum punya peran"),
        ({"username": "operator_a", "name": ""}, "name", "Bidang ini harus diisi."),
        ({"username": "operator_a", "name": "X", "expires_on": "2000-01-01"}, "expires_on", "sudah lewat"),
    ]
    for data, field, message in cases:
        response = client.post(reverse("api:token_issue"), data)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
    assert not ApiToken.objects.exists()


def test_the_token_list_shows_each_tokens_state_in_few_queries(client, admin, operator, django_assert_max_num_queries):
    for number in range(12):
        token, _key = tokens.issue(user=operator, name=f"Sistem {number}", by=admin)
    tokens.revoke(token, by=admin)
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("api:token_list"))
    assert page.content.decode().count("Dicabut") == 1
    assert page.content.decode().count("belum pernah") == 12


def test_an_inactive_person_is_listed_on_request_and_found_by_id(client, admin, operator, tree):
    from tests.factories import EmployeeFactory

    retired = EmployeeFactory(unit=tree.a1, name="Pensiunan", is_active=False)
    _token, key = tokens.issue(user=operator, name="SIMPEG", by=admin)
    listed = client.get("/api/v1/employees/", **bearer(key)).json()
    assert retired.pk not in {row["id"] for row in listed["results"]}
    assert client.get("/api/v1/employees/", {"is_active": "false"}, **bearer(key)).json()["count"] == 1
    assert client.get(f"/api/v1/employees/{retired.pk}/", **bearer(key)).json()["is_active"] is False
    assert client.get(f"/api/v1/employees/nip/{retired.nip}/", **bearer(key)).status_code == 200


# --- the owner picker (api:token_owner_search, core/picker.py) -------------------------------------


def owners(client, text):
    response = client.get(reverse("api:token_owner_search"), {"q": text})
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


def test_the_owner_is_picked_among_active_users_with_a_role(client, admin, operator, pegawai, no_role_user, tree):
    from tests.factories import UserFactory

    UserFactory(username="operator_lama", is_active=False)
    client.force_login(admin)
    assert owners(client, "operator") == ["operator_a"]  # not the deactivated account
    assert owners(client, "tanpa_peran") == []  # a token without a role reads nothing: not offered
    # An ASN's account by their name or NIP, shown with their unit.
    staff = pegawai.employee
    answer = client.get(reverse("api:token_owner_search"), {"q": staff.nip_display}).json()["results"]
    assert answer == [{"value": "staf_a1", "label": staff.full_name, "detail": "staf_a1 · Kelurahan A1"}]
    assert owners(client, "Staf A1") == ["staf_a1"]
    assert owners(client, "a") == []  # too short to search


def test_only_an_admin_searches_for_owners(client, operator):
    url = reverse("api:token_owner_search")
    assert client.get(url, {"q": "operator"}).status_code == 302  # to the login page
    client.force_login(operator)
    assert client.get(url, {"q": "operator"}).status_code == 403


def test_the_owner_search_reads_a_fixed_number_of_queries(client, admin, tree, django_assert_max_num_queries):
    from programs.models import Role
    from tests.factories import EmployeeFactory, UserFactory, grant

    client.force_login(admin)
    url = reverse("api:token_owner_search")
    for number in range(3):
        grant(UserFactory(username=f"sistem_{number}"), Role.OPERATOR, tree.a)
    # session + user + role assignments + the search (with each owner's employee and unit)
    with django_assert_max_num_queries(4) as few:
        assert len(client.get(url, {"q": "sistem"}).json()["results"]) == 3
    for number in range(3, 30):
        EmployeeFactory(unit=tree.a1, user=UserFactory(username=f"sistem_{number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = client.get(url, {"q": "sistem"}).json()
    assert len(answer["results"]) == 20 and answer["more"] is True


def test_the_issue_form_picks_the_owner_and_still_posts_the_user_name(client, admin, operator):
    client.force_login(admin)
    page = client.get(reverse("api:token_issue")).content.decode()
    assert f'data-picker="{reverse("api:token_owner_search")}"' in page and 'name="username"' in page
    client.post(reverse("api:token_issue"), {"username": owners(client, "operator_a")[0], "name": "Dasbor"})
    assert ApiToken.objects.get().user == operator
