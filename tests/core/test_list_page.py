"""One list page (core/list_page.py): every list pages the same way and its Excel holds exactly the
rows its pages show, filters and scope included."""

import datetime

import pytest
from django.urls import reverse

from evaluation.models import CommunityInput, Questionnaire
from tests.factories import EmployeeFactory, PositionFactory
from tests.xlsx import read

pytestmark = pytest.mark.django_db


def names_on(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.context["page_obj"]


def test_a_list_pages_at_25_and_a_page_past_the_end_is_the_last(client, admin):
    PositionFactory.create_batch(30, name="Analis")
    client.force_login(admin)
    url = reverse("programs:position_list")
    first = names_on(client, url)
    assert (len(first), first.paginator.num_pages) == (25, 2)
    assert len(names_on(client, url, page=2)) == 5
    assert names_on(client, url, page=99).number == 2  # a bookmark past the end
    assert names_on(client, url, page="x").number == 1


def test_the_excel_holds_every_row_the_filtered_pages_show_in_their_order(client, admin):
    PositionFactory.create_batch(27, name="Analis Kepegawaian")
    PositionFactory.create_batch(3, name="Pengemudi")
    client.force_login(admin)
    url = reverse("programs:position_list")
    shown = [p.name for page in (1, 2) for p in names_on(client, url, q="analis", page=page)]
    sheet = read(client.get(url, {"q": "analis", "format": "xlsx", "page": 2}))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown
    assert len(shown) == 27


def test_a_list_and_its_excel_leave_out_what_is_out_of_scope(client, operator, tree):
    CommunityInput.objects.create(
        unit=tree.a1, date=datetime.date(2026, 3, 1), channel="forum", summary="Di A1", created_by=operator
    )
    CommunityInput.objects.create(
        unit=tree.b, date=datetime.date(2026, 3, 2), channel="forum", summary="Di B", created_by=operator
    )
    client.force_login(operator)  # operator of Kecamatan A
    url = reverse("evaluation:community_list")
    assert [item.summary for item in names_on(client, url)] == ["Di A1"]
    sheet = read(client.get(url, {"format": "xlsx"}))
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Di A1"]


def test_the_community_list_is_no_longer_cut_at_200_rows(client, admin, tree):
    CommunityInput.objects.bulk_create(
        CommunityInput(
            unit=tree.a1, date=datetime.date(2026, 1, 1), channel="forum", summary=f"Masukan {n}", created_by=admin
        )
        for n in range(201)
    )
    client.force_login(admin)
    url = reverse("evaluation:community_list")
    last = names_on(client, url, page=9)
    assert (last.paginator.num_pages, len(last)) == (9, 1)
    assert read(client.get(url, {"format": "xlsx"})).max_row == 202


def test_the_lists_that_showed_everything_on_one_page_now_page(client, admin):
    Questionnaire.objects.bulk_create(Questionnaire(title=f"Kuesioner {n}", kind="reaction") for n in range(30))
    client.force_login(admin)
    page = names_on(client, reverse("evaluation:questionnaire_list"), page=2)
    assert page.paginator.num_pages == 2 and len(page) == Questionnaire.objects.count() - 25


def test_a_list_page_costs_the_same_queries_for_5_rows_as_for_30(client, admin, django_assert_max_num_queries):
    PositionFactory.create_batch(5)
    client.force_login(admin)
    url = reverse("programs:position_list")
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    PositionFactory.create_batch(25)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(url)


def test_the_excel_can_be_for_fewer_people_than_the_page(client, supervisor, supervisor_employee, tree):
    EmployeeFactory(unit=tree.a1, supervisor=supervisor_employee)
    client.force_login(supervisor)  # an atasan sees their staff, the export of personal data is HR's
    url = reverse("programs:employee_list")
    assert client.get(url).status_code == 200
    assert client.get(url, {"format": "xlsx"}).status_code == 403
