from django.urls import reverse

from tests.factories import EmployeeFactory


def test_admin_home_counts_the_whole_instansi(client, admin, tree):
    EmployeeFactory.create_batch(3, unit=tree.a)
    EmployeeFactory(unit=tree.b, status="pppk", golongan="p05", nip="199009132021242014")
    client.force_login(admin)
    response = client.get(reverse("reports:home"))
    assert response.context["staff"] == {"total": 4, "pns": 3, "cpns": 0, "pppk": 1}


def test_operator_home_counts_only_the_subtree(client, operator, tree):
    EmployeeFactory.create_batch(2, unit=tree.a1)
    EmployeeFactory(unit=tree.b)
    client.force_login(operator)
    assert client.get(reverse("reports:home")).context["staff"]["total"] == 2


def test_supervisor_home_lists_direct_reports(client, supervisor, pegawai_employee):
    client.force_login(supervisor)
    html = client.get(reverse("reports:home")).content.decode()
    assert "Staf A1" in html and "Bawahan langsung" in html


def test_pegawai_home_shows_their_own_data(client, pegawai, pegawai_employee):
    client.force_login(pegawai)
    response = client.get(reverse("reports:home"))
    assert response.context["me"] == pegawai_employee
    assert "staff" not in response.context


def test_home_requires_login(client, db):
    assert client.get(reverse("reports:home")).status_code == 302
