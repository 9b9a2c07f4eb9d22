from django.urls import reverse

from programs.models import Employee, OrgUnit
from tests.factories import EmployeeFactory, OrgUnitFactory


def test_tree_shows_the_scope_with_subtree_staff_counts(client, operator, tree):
    EmployeeFactory.create_batch(2, unit=tree.a)
    EmployeeFactory.create_batch(3, unit=tree.a1)
    EmployeeFactory(unit=tree.b)
    client.force_login(operator)
    response = client.get(reverse("programs:orgunit_tree"))
    html = response.content.decode()
    assert "Kecamatan A" in html and "Kelurahan A1" in html
    assert "Kecamatan B" not in html
    ((kecamatan, children),) = response.context["tree"]
    assert (kecamatan.subtree_staff, kecamatan.direct_staff) == (5, 2)
    assert children[0][0].subtree_staff == 3


def test_tree_query_count_is_constant(client, admin, tree, django_assert_max_num_queries):
    client.force_login(admin)
    with django_assert_max_num_queries(6) as captured:
        client.get(reverse("programs:orgunit_tree"))
    for index in range(20):
        OrgUnitFactory(parent=tree.a1, name=f"RT {index}", kind=OrgUnit.Kind.OTHER)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("programs:orgunit_tree"))


def test_detail_counts_staff_by_status(client, pimpinan, tree):
    EmployeeFactory(unit=tree.a1)
    EmployeeFactory(unit=tree.a1, status="pppk", golongan="p05", nip="199009132021242014")
    EmployeeFactory(unit=tree.a1, is_active=False)
    client.force_login(pimpinan)
    response = client.get(reverse("programs:orgunit_detail", args=[tree.a.pk]))
    assert response.context["unit"].subtree_staff == 2
    assert dict(response.context["by_status"])["PPPK"] == 1


def test_other_unit_operator_cannot_see_or_change_a_unit(client, other_unit_operator, tree):
    client.force_login(other_unit_operator)
    assert client.get(reverse("programs:orgunit_detail", args=[tree.a.pk])).status_code == 404
    response = client.post(
        reverse("programs:orgunit_edit", args=[tree.a.pk]),
        {
            "code": "KEC-A",
            "name": "Diubah",
            "kind": "kecamatan",
            "parent": tree.b.pk,
        },
    )
    assert response.status_code == 403  # units are kept by the admin only
    tree.a.refresh_from_db()
    assert tree.a.name == "Kecamatan A"


def test_only_the_admin_creates_and_edits_units(client, operator, tree):
    client.force_login(operator)
    assert client.get(reverse("programs:orgunit_create")).status_code == 403
    assert client.get(reverse("programs:orgunit_edit", args=[tree.a1.pk])).status_code == 403


def test_admin_creates_a_unit_under_a_parent(client, admin, tree):
    client.force_login(admin)
    response = client.post(
        reverse("programs:orgunit_create"),
        {
            "code": "KEL-A2",
            "name": "Kelurahan A2",
            "kind": "kelurahan",
            "is_service_unit": "on",
            "parent": tree.a.pk,
        },
    )
    unit = OrgUnit.objects.get(code="KEL-A2")
    assert response.status_code == 302
    assert OrgUnit.objects.get_parent(unit) == tree.a
    assert unit.is_service_unit


def test_moving_a_unit_moves_its_subtree_and_staff(client, admin, operator, other_unit_operator, tree):
    rt = OrgUnitFactory(parent=tree.a1, code="RT-1", name="RT 1", kind=OrgUnit.Kind.OTHER)
    EmployeeFactory(unit=rt, name="Warga RT")
    client.force_login(admin)
    client.post(
        reverse("programs:orgunit_edit", args=[tree.a1.pk]),
        {
            "code": "KEL-A1",
            "name": "Kelurahan A1",
            "kind": "kelurahan",
            "parent": tree.b.pk,
        },
    )
    tree.a1.refresh_from_db()
    rt.refresh_from_db()
    assert OrgUnit.objects.get_parent(tree.a1) == tree.b
    assert rt.path.startswith(tree.a1.path) and rt.path.startswith(OrgUnit.objects.get(pk=tree.b.pk).path)
    assert all(not problems for problems in OrgUnit.objects.find_problems())
    assert list(Employee.objects.for_user(other_unit_operator).values_list("name", flat=True)) == ["Warga RT"]
    assert not Employee.objects.for_user(type(operator).objects.get(pk=operator.pk)).filter(name="Warga RT").exists()


def test_a_unit_cannot_move_under_its_own_descendant(client, admin, tree):
    client.force_login(admin)
    response = client.post(
        reverse("programs:orgunit_edit", args=[tree.a.pk]),
        {
            "code": "KEC-A",
            "name": "Kecamatan A",
            "kind": "kecamatan",
            "parent": tree.a1.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]


def test_subtree_query_is_one_query(tree, django_assert_num_queries):
    EmployeeFactory(unit=tree.a1)
    EmployeeFactory(unit=tree.b)
    with django_assert_num_queries(1):
        assert Employee.objects.in_subtree(tree.a).count() == 1


def test_a_large_tree_shows_two_levels_and_counts_the_rest(client, admin, tree, monkeypatch):
    import programs.views

    monkeypatch.setattr(programs.views, "TREE_FULL_LIMIT", 3)
    EmployeeFactory.create_batch(2, unit=tree.a1)
    client.force_login(admin)
    response = client.get(reverse("programs:orgunit_tree"))
    html = response.content.decode()
    ((root, children),) = response.context["tree"]
    assert [child[0].name for child in children] == ["Kecamatan A", "Kecamatan B"]
    assert all(grandchildren == [] for _unit, grandchildren in children)
    assert "Kelurahan A1" not in html and "1 sub-unit" in html and response.context["unit_total"] == 4
    assert children[0][0].subtree_staff == 2  # the folded unit's staff still count


def test_position_list_counts_staff_and_standard(client, admin, tree):
    from programs.models import CompetencyRequirement, Position
    from tests.factories import CompetencyFactory

    position = Position.objects.create(name="Pengadministrasi", kind=Position.Kind.PELAKSANA)
    Position.objects.create(name="Kosong", kind=Position.Kind.PELAKSANA)
    EmployeeFactory.create_batch(2, unit=tree.a, position=position)
    EmployeeFactory(unit=tree.a, position=position, is_active=False)
    for competency in CompetencyFactory.create_batch(3):
        CompetencyRequirement.objects.create(position=position, competency=competency, required_level=2)
    client.force_login(admin)
    rows = {
        p.name: (p.staff, p.standard_size) for p in client.get(reverse("programs:position_list")).context["page_obj"]
    }
    assert rows == {"Pengadministrasi": (2, 3), "Kosong": (0, 0)}


def test_position_staff_counts_are_scoped_to_the_operator(client, operator, tree):
    from programs.models import Position

    position = Position.objects.create(name="Pengadministrasi", kind=Position.Kind.PELAKSANA)
    EmployeeFactory(unit=tree.a1, position=position)
    EmployeeFactory.create_batch(3, unit=tree.b, position=position)  # another kecamatan's holders
    client.force_login(operator)
    rows = {p.name: p.staff for p in client.get(reverse("programs:position_list")).context["page_obj"]}
    assert rows == {"Pengadministrasi": 1}
