"""The scoping entry point and the navigation each role sees."""

import pytest
from django.urls import reverse

from core.access import access_for
from programs.models import Employee, OrgUnit
from tests.factories import EmployeeFactory


@pytest.fixture
def people(tree, pegawai_employee, supervisor_employee):
    return {
        "a": EmployeeFactory(unit=tree.a, name="Sekcam A"),
        "a1": pegawai_employee,
        "lurah": supervisor_employee,
        "a1_other": EmployeeFactory(unit=tree.a1, name="Staf lain A1"),
        "b": EmployeeFactory(unit=tree.b, name="Staf B"),
        "root": EmployeeFactory(unit=tree.root, name="Staf Setda"),
    }


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_admin_sees_everyone(admin, people):
    assert Employee.objects.for_user(admin).count() == 6


def test_operator_sees_their_subtree_only(operator, people):
    assert names(Employee.objects.for_user(operator)) == ["Lurah A1", "Sekcam A", "Staf A1", "Staf lain A1"]


def test_other_unit_operator_sees_only_their_unit(other_unit_operator, people):
    assert names(Employee.objects.for_user(other_unit_operator)) == ["Staf B"]


def test_pimpinan_reads_the_subtree_but_cannot_edit(pimpinan, people):
    assert Employee.objects.for_user(pimpinan).count() == 4
    assert Employee.objects.editable_by(pimpinan).count() == 0


def test_supervisor_sees_direct_reports_and_self(supervisor, people):
    assert names(Employee.objects.for_user(supervisor)) == ["Lurah A1", "Staf A1"]


def test_pegawai_sees_only_themself(pegawai, people):
    assert names(Employee.objects.for_user(pegawai)) == ["Staf A1"]


def test_user_without_role_sees_nobody(no_role_user, people):
    assert Employee.objects.for_user(no_role_user).count() == 0
    assert OrgUnit.objects.for_user(no_role_user).count() == 0


def test_units_in_scope(operator, other_unit_operator, admin, tree):
    assert sorted(OrgUnit.objects.for_user(operator).values_list("code", flat=True)) == ["KEC-A", "KEL-A1"]
    assert list(OrgUnit.objects.for_user(other_unit_operator).values_list("code", flat=True)) == ["KEC-B"]
    assert OrgUnit.objects.for_user(admin).count() == 4


def test_scoping_filter_reaches_related_rows(operator, people):
    # Later apps scope their rows through a prefix (e.g. an enrolment's employee).
    q = access_for(operator).employee_q("supervisor__")
    assert names(Employee.objects.filter(q)) == ["Staf A1"]


def test_access_is_read_once_per_request(operator, django_assert_num_queries):
    operator = type(operator).objects.get(pk=operator.pk)
    with django_assert_num_queries(1):
        access_for(operator)
        access_for(operator)


def test_deactivated_employee_loses_the_pegawai_role(pegawai, pegawai_employee):
    pegawai_employee.is_active = False
    pegawai_employee.save()
    fresh = type(pegawai).objects.get(pk=pegawai.pk)
    assert not access_for(fresh).has_role


NAV = {
    "admin": ("Data induk", "Administrasi"),
    "operator": ("Data induk", "Impor data SIASN"),
}


def home(client, user):
    client.force_login(user)
    return client.get(reverse("reports:home"))


def test_admin_navigation(client, admin):
    html = home(client, admin).content.decode()
    assert "Data induk" in html and "Jejak audit" in html and "Impor data SIASN" in html


def test_operator_navigation(client, operator):
    html = home(client, operator).content.decode()
    assert "Data induk" in html and "Impor data SIASN" in html
    assert "Jejak audit" not in html


def test_pimpinan_navigation_is_read_only(client, pimpinan):
    html = home(client, pimpinan).content.decode()
    assert "Data induk" in html
    assert "Impor data SIASN" not in html and "Jejak audit" not in html


def test_supervisor_navigation(client, supervisor, pegawai_employee):
    html = home(client, supervisor).content.decode()
    assert "Bawahan saya" in html and "Profil saya" in html
    assert "Data induk" not in html


def test_pegawai_navigation(client, pegawai):
    html = home(client, pegawai).content.decode()
    assert "Profil saya" in html
    assert "Data induk" not in html and "Bawahan saya" not in html


def test_user_without_role_gets_a_friendly_page(client, no_role_user):
    response = home(client, no_role_user)
    assert response.status_code == 403
    assert "belum memiliki peran" in response.content.decode()


def test_user_without_role_on_a_role_page_gets_the_same_explanation(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("programs:employee_list"))
    assert response.status_code == 403
    assert "belum memiliki peran" in response.content.decode()


def test_an_operator_who_is_also_head_of_one_unit_sees_that_unit_by_default_everywhere(client, tree):
    """The 20 JP page counted the unit twice (two roles) and showed the whole scope, while the home
    showed the unit: one rule now, on the access object."""
    from programs.models import Role
    from reports import dashboards
    from tests.factories import UserFactory, grant

    camat = grant(grant(UserFactory(username="camat_operator"), Role.OPERATOR, tree.a), Role.PIMPINAN, tree.a)
    assert access_for(camat).default_unit == tree.a
    client.force_login(camat)
    assert client.get(reverse("training:compliance")).context["unit"] == tree.a
    assert dashboards.report_unit(camat) == tree.a
