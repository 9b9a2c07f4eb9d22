import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from programs.models import Employee
from tests.factories import EmployeeFactory, PositionFactory


@pytest.fixture
def person(tree):
    return EmployeeFactory(unit=tree.a1, name="Rina Lestari", nip="198703142010012007")


@pytest.fixture
def outsider(tree):
    return EmployeeFactory(unit=tree.b, name="Orang B")


def valid_form(unit, **overrides):
    data = {
        "nip": "19900512 201503 1 004",
        "gelar_depan": "",
        "name": "Andi Saputra",
        "gelar_belakang": "S.Kom.",
        "status": "pns",
        "golongan": "32",
        "position": PositionFactory().pk,
        "unit": unit.pk,
        "email": "andi@example.go.id",
        "phone": "081234",
        "supervisor_nip": "",
    }
    data.update(overrides)
    return data


# --- list -----------------------------------------------------------------------------------


def test_list_shows_only_the_operators_subtree(client, operator, person, outsider):
    client.force_login(operator)
    html = client.get(reverse("programs:employee_list")).content.decode()
    assert "Rina Lestari" in html
    assert "Orang B" not in html
    assert "19870314 201001 2 007" in html  # NIP shown grouped


def test_list_filters(client, admin, tree, person, outsider):
    EmployeeFactory(unit=tree.a, name="Pensiun", is_active=False)
    EmployeeFactory(unit=tree.a, name="Pegawai PPPK", status="pppk", golongan="p05", nip="199009132021242014")
    client.force_login(admin)

    def names(**params):
        page = client.get(reverse("programs:employee_list"), params).context["page_obj"]
        return sorted(p.name for p in page)

    assert names(unit=tree.a.pk) == ["Pegawai PPPK", "Rina Lestari"]
    assert names(q="rina") == ["Rina Lestari"]
    assert names(q="19870314 2010") == ["Rina Lestari"]
    assert names(status="pppk") == ["Pegawai PPPK"]
    assert names(golongan="p05") == ["Pegawai PPPK"]
    assert names(active="inactive") == ["Pensiun"]
    assert "Pensiun" in names(active="all")
    assert names(position_kind="pelaksana") == ["Orang B", "Pegawai PPPK", "Rina Lestari"]


def test_unit_filter_cannot_reach_outside_scope(client, operator, tree, outsider):
    client.force_login(operator)
    response = client.get(reverse("programs:employee_list"), {"unit": tree.b.pk})
    assert "Orang B" not in response.content.decode()
    assert response.context["filter"].form.errors  # not a valid choice for this operator


def test_supervisor_sees_direct_reports(client, supervisor, pegawai_employee, person):
    client.force_login(supervisor)
    response = client.get(reverse("programs:employee_list"), {"scope": "bawahan"})
    assert [p.name for p in response.context["page_obj"]] == ["Staf A1"]


def test_pegawai_cannot_open_the_list(client, pegawai):
    client.force_login(pegawai)
    assert client.get(reverse("programs:employee_list")).status_code == 403


def test_list_paginates_by_25(client, admin, tree):
    EmployeeFactory.create_batch(30, unit=tree.a)
    client.force_login(admin)
    response = client.get(reverse("programs:employee_list"))
    assert len(response.context["page_obj"]) == 25
    assert "Halaman 1 dari 2" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(client, operator, tree, django_assert_max_num_queries):
    client.force_login(operator)
    EmployeeFactory.create_batch(3, unit=tree.a1)
    # session + user + role assignments + linked employee + unit filter choices + count + page rows
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("programs:employee_list"))
    EmployeeFactory.create_batch(40, unit=tree.a1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("programs:employee_list"))


# --- detail ---------------------------------------------------------------------------------


def test_detail_shows_identity_and_standard(client, operator, person, reference_data):
    from programs.standards import apply_default_standard

    apply_default_standard(person.position)
    client.force_login(operator)
    html = client.get(reverse("programs:employee_detail", args=[person.pk])).content.decode()
    assert "Rina Lestari" in html and "14 Maret 1987" in html and "Perempuan" in html
    assert "Integritas" in html and "Perekat Bangsa" in html


def test_pegawai_sees_own_profile_and_nobody_elses(client, pegawai, pegawai_employee, person):
    client.force_login(pegawai)
    assert client.get(reverse("programs:employee_detail", args=[pegawai_employee.pk])).status_code == 200
    assert client.get(reverse("programs:employee_detail", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("name", ["employee_detail", "employee_edit"])
def test_other_unit_operator_gets_404(client, other_unit_operator, person, name):
    client.force_login(other_unit_operator)
    assert client.get(reverse(f"programs:{name}", args=[person.pk])).status_code == 404


def test_other_unit_operator_cannot_change_or_deactivate(client, other_unit_operator, person):
    client.force_login(other_unit_operator)
    edit = client.post(reverse("programs:employee_edit", args=[person.pk]), valid_form(person.unit, name="X"))
    deactivate = client.post(reverse("programs:employee_set_active", args=[person.pk]), {"active": "0"})
    assert (edit.status_code, deactivate.status_code) == (404, 404)
    person.refresh_from_db()
    assert person.name == "Rina Lestari" and person.is_active


def test_pimpinan_reads_but_cannot_edit(client, pimpinan, person):
    client.force_login(pimpinan)
    assert client.get(reverse("programs:employee_detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("programs:employee_edit", args=[person.pk])).status_code == 403
    assert client.get(reverse("programs:employee_create")).status_code == 403


# --- create / edit / deactivate ------------------------------------------------------------


def test_operator_creates_an_employee(client, operator, tree, supervisor_employee):
    client.force_login(operator)
    data = valid_form(tree.a1, supervisor_nip=supervisor_employee.nip_display)
    response = client.post(reverse("programs:employee_create"), data)
    person = Employee.objects.get(nip="199005122015031004")
    assert response.status_code == 302
    assert person.supervisor == supervisor_employee
    assert person.gender == "l" and str(person.birth_date) == "1990-05-12"


def test_the_supervisor_is_picked_by_name_and_the_form_still_takes_the_nip(client, operator, tree, supervisor_employee):
    client.force_login(operator)
    page = client.get(reverse("programs:employee_create")).content.decode()
    field = re.search(r'<input[^>]*name="supervisor_nip"[^>]*>', page).group(0)
    assert f'data-picker="{reverse("programs:employee_search")}"' in field and 'type="text"' in field
    picked = client.get(reverse("programs:employee_search"), {"q": "Lurah"}).json()["results"]
    assert [row["label"] for row in picked] == ["Lurah A1"]
    response = client.post(reverse("programs:employee_create"), valid_form(tree.a1, supervisor_nip=picked[0]["value"]))
    assert response.status_code == 302
    assert Employee.objects.get(nip="199005122015031004").supervisor == supervisor_employee


def test_a_bad_nip_keeps_what_was_typed_and_explains(client, operator, tree):
    client.force_login(operator)
    response = client.post(reverse("programs:employee_create"), valid_form(tree.a1, nip="1990051220151", name="Andi"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "NIP harus 18 digit, yang diisi 13 digit." in html
    assert 'value="Andi"' in html and 'value="1990051220151"' in html
    assert not Employee.objects.filter(name="Andi").exists()


def test_operator_cannot_place_someone_outside_their_subtree(client, operator, tree):
    client.force_login(operator)
    response = client.post(reverse("programs:employee_create"), valid_form(tree.b))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Employee.objects.exists()


def test_unknown_supervisor_nip_is_explained(client, operator, tree):
    client.force_login(operator)
    response = client.post(
        reverse("programs:employee_create"), valid_form(tree.a1, supervisor_nip="196608011988031001")
    )
    assert "Tidak ada pegawai aktif dengan NIP" in response.content.decode()


def test_a_supervisor_outside_the_operators_scope_is_refused_like_an_unknown_nip(client, operator, tree):
    """A Candisari operator set a Dinkes person as supervisor, who could then read the profile; and the
    answer told them the NIP exists."""
    client.force_login(operator)
    outsider = EmployeeFactory(unit=tree.b)
    unknown = client.post(reverse("programs:employee_create"), valid_form(tree.a1, supervisor_nip="196608011988031001"))
    outside = client.post(reverse("programs:employee_create"), valid_form(tree.a1, supervisor_nip=outsider.nip))
    assert outside.status_code == 200 and not Employee.objects.filter(supervisor=outsider).exists()
    message = unknown.context["form"].errors["supervisor_nip"][0].replace("196608011988031001", "NIP")
    assert outside.context["form"].errors["supervisor_nip"][0].replace(outsider.nip, "NIP") == message


def test_edit_is_recorded_in_the_audit_trail(client, operator, person):
    client.force_login(operator)
    data = valid_form(person.unit, nip=person.nip, name="Rina Lestari Wulandari", position=person.position_id)
    client.post(reverse("programs:employee_edit", args=[person.pk]), data, REMOTE_ADDR="10.1.2.3")
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == operator
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["name"] == ["Rina Lestari", "Rina Lestari Wulandari"]


def test_deactivate_never_deletes(client, operator, person):
    client.force_login(operator)
    client.post(reverse("programs:employee_set_active", args=[person.pk]), {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    client.post(reverse("programs:employee_set_active", args=[person.pk]), {"active": "1"})
    person.refresh_from_db()
    assert person.is_active


def test_deactivate_needs_post(client, operator, person):
    client.force_login(operator)
    assert client.get(reverse("programs:employee_set_active", args=[person.pk])).status_code == 405


def test_operator_creates_a_login_and_the_asn_gets_a_link(client, operator, person, mailoutbox):
    person.email = "rina@example.go.id"
    person.save()
    client.force_login(operator)
    client.post(reverse("programs:employee_create_login", args=[person.pk]))
    person.refresh_from_db()
    assert person.user.username == person.nip
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rina@example.go.id"]
    assert "/akun/reset/" in mailoutbox[0].body and person.nip in mailoutbox[0].body


def test_a_login_needs_an_email_address(client, operator, person, mailoutbox):
    client.force_login(operator)
    response = client.post(reverse("programs:employee_create_login", args=[person.pk]), follow=True)
    person.refresh_from_db()
    assert person.user is None and not mailoutbox
    assert "Isi alamat e-mail pegawai terlebih dahulu" in response.content.decode()


def test_other_unit_operator_cannot_create_a_login(client, other_unit_operator, person):
    client.force_login(other_unit_operator)
    assert client.post(reverse("programs:employee_create_login", args=[person.pk])).status_code == 404
