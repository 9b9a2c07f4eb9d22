"""The people picker's search (programs:employee_search, core/picker.py): what the supervisor,
signatory, mentoring and nomination fields offer as the user types. It finds only whom those
fields accept, so it cannot be used to look beyond one's scope."""

import pytest
from django.conf import settings
from django.urls import reverse

from programs.models import Role
from tests.factories import EmployeeFactory, PositionFactory, UserFactory, grant

URL = reverse("programs:employee_search")


def found(client, text, **params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    return response.json()["results"]


def nips(results):
    return [row["value"] for row in results]


@pytest.fixture
def rina(tree):
    return EmployeeFactory(
        unit=tree.a1,
        name="Rina Lestari",
        gelar_depan="Dr.",
        gelar_belakang="M.Si.",
        nip="198703142010012007",
        position=PositionFactory(name="Lurah"),
    )


@pytest.fixture
def rini_outside(tree):
    return EmployeeFactory(unit=tree.b, name="Rini Lestari", nip="198703142010012009")


def test_a_part_of_the_name_or_the_start_of_the_nip_finds_the_person(client, operator, rina):
    client.force_login(operator)
    assert found(client, "lesta") == [
        {
            "value": "19870314 201001 2 007",
            "label": "Dr. Rina Lestari, M.Si.",
            "detail": "19870314 201001 2 007 · Lurah · Kelurahan A1",
        }
    ]
    assert nips(found(client, "19870314 2010")) == [rina.nip_display]  # a NIP as it is written
    assert nips(found(client, "1987.0314")) == [rina.nip_display]


def test_someone_outside_the_users_scope_is_not_found_by_name_or_nip(
    client, operator, other_unit_operator, admin, rina, rini_outside
):
    client.force_login(operator)
    assert nips(found(client, "Lestari")) == [rina.nip_display]
    assert found(client, "Rini") == []
    assert found(client, rini_outside.nip) == []
    client.force_login(other_unit_operator)
    assert nips(found(client, "Lestari")) == [rini_outside.nip_display]
    client.force_login(admin)  # the whole instansi
    assert nips(found(client, "Lestari")) == [rina.nip_display, rini_outside.nip_display]


def test_inactive_people_are_not_offered(client, operator, rina):
    rina.is_active = False
    rina.save()
    client.force_login(operator)
    assert found(client, "Rina") == []


def test_scope_editable_offers_only_the_people_the_user_manages(client, tree, rina):
    """A mentee must be someone the user manages: an operator of Kecamatan A who is himself on
    Kecamatan B's staff sees his own record, but cannot take himself as a mentee."""
    user = grant(UserFactory(username="operator_a_dari_b"), Role.OPERATOR, tree.a)
    himself = EmployeeFactory(unit=tree.b, name="Rudi Lestari", user=user)
    client.force_login(user)
    assert nips(found(client, "Lestari")) == [rina.nip_display, himself.nip_display]
    assert nips(found(client, "Lestari", scope="editable")) == [rina.nip_display]


def test_too_little_or_too_much_typed_asks_nothing(client, operator, rina, django_assert_num_queries):
    client.force_login(operator)
    client.get(URL, {"q": "Ri"})  # warm the session
    for params in ({}, {"q": ""}, {"q": " R "}, {"q": "R" * 101}):
        with django_assert_num_queries(3):  # the session, the user and their roles; no search
            response = client.get(URL, params)
        assert response.json() == {"results": [], "more": False}
    assert nips(found(client, "Ri")) == [rina.nip_display]  # two letters are enough


def test_at_most_twenty_are_sent_in_few_queries(client, operator, tree, django_assert_max_num_queries):
    client.force_login(operator)
    EmployeeFactory.create_batch(3, unit=tree.a1, name="Sari Wulandari")
    # session + user + role assignments (with the linked employee) + the search with its units and positions
    with django_assert_max_num_queries(4) as few:
        answer = client.get(URL, {"q": "wulan"}).json()
    assert len(answer["results"]) == 3 and answer["more"] is False
    EmployeeFactory.create_batch(30, unit=tree.a1, name="Sari Wulandari")
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = client.get(URL, {"q": "wulan"}).json()
    assert len(answer["results"]) == 20 and answer["more"] is True


def test_names_and_nips_are_not_kept_in_any_cache(client, operator, rina):
    client.force_login(operator)
    assert "no-store" in client.get(URL, {"q": "Rina"})["Cache-Control"]


def test_only_the_roles_that_pick_people_may_search(client, pimpinan, supervisor, pegawai, rina):
    response = client.get(URL, {"q": "Rina"})
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    for reader in (pimpinan, supervisor, pegawai):  # they read people but never pick them in a form
        client.force_login(reader)
        assert client.get(URL, {"q": "Rina"}).status_code == 403
