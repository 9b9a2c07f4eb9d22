"""The figures the API gives are the ledger's: JP per person and year, the 20 JP duty, and the
parameters that filter them, with clear errors for bad ones."""

import datetime

import pytest

pytestmark = pytest.mark.django_db
THIS_YEAR = datetime.date.today().year


def rows(client, url, headers, **params):
    response = client.get(url, params, **headers)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_each_person_comes_with_their_jp_of_the_year_asked(client, operator, people, token_for):
    a1, a2, b1 = people
    headers = token_for(operator)
    jp = {row["id"]: row["jp"] for row in rows(client, "/api/v1/employees/", headers)}
    assert set(jp) == {a1.pk, a2.pk}  # Citra in Kecamatan B is not the operator's
    assert jp[a1.pk] == {"year": THIS_YEAR, "jp": 21.0, "target": 20.0, "missing": 0.0, "reached": True}
    assert jp[a2.pk] == {"year": THIS_YEAR, "jp": 0.0, "target": 20.0, "missing": 20.0, "reached": False}
    last_year = {row["id"]: row["jp"]["jp"] for row in rows(client, "/api/v1/employees/", headers, year=THIS_YEAR - 1)}
    assert last_year == {a1.pk: 30.0, a2.pk: 0.0}
    per_year = client.get(f"/api/v1/employees/{a1.pk}/jp/", **headers).json()
    assert [(row["year"], row["jp"]) for row in per_year] == [(THIS_YEAR, 21.0), (THIS_YEAR - 1, 30.0)]
    records = rows(client, f"/api/v1/employees/{a1.pk}/learning-records/", headers, year=THIS_YEAR)
    assert sorted(record["jp"] for record in records) == [9.0, 12.0]


def test_filters_narrow_the_list(client, operator, people, token_for, tree):
    a1, a2, _b1 = people
    headers = token_for(operator)
    assert [row["id"] for row in rows(client, "/api/v1/employees/", headers, unit=tree.a1.pk)] == [a1.pk]
    assert [row["id"] for row in rows(client, "/api/v1/employees/", headers, q="budi")] == [a2.pk]
    assert [row["id"] for row in rows(client, "/api/v1/employees/", headers, q=a1.nip)] == [a1.pk]
    units = rows(client, "/api/v1/units/", headers, parent=tree.a.pk)
    assert [unit["code"] for unit in units] == ["KEL-A1"]
    # The instansi above the operator's kecamatan is not theirs: neither named as a parent nor usable.
    parents = {unit["code"]: unit["parent_id"] for unit in rows(client, "/api/v1/units/", headers)}
    assert parents == {"KEC-A": None, "KEL-A1": tree.a.pk}
    assert rows(client, "/api/v1/units/", headers, parent=tree.root.pk) == []


def test_the_20_jp_duty_per_unit(client, admin, people, token_for, tree):
    body = client.get("/api/v1/compliance/", {"unit": tree.root.pk}, **token_for(admin)).json()
    assert body["totals"] == {
        "unit": None, "staff": 3, "compliant": 2, "below": 1, "share": 0.6667, "missing_jp": 20.0,
    }  # fmt: skip
    by_unit = {row["unit"]["code"]: (row["staff"], row["compliant"]) for row in body["rows"]}
    assert by_unit == {"KEC-A": (2, 1), "KEC-B": (1, 1)}


@pytest.mark.parametrize(
    "url,params,field",
    [
        ("/api/v1/employees/", {"year": "dua ribu"}, "year"),
        ("/api/v1/employees/", {"year": "1999"}, "year"),
        ("/api/v1/employees/", {"status": "honorer"}, "status"),
        ("/api/v1/employees/", {"unit": "99999999999999999999"}, "unit"),
        ("/api/v1/sessions/", {"starts_from": "31-02-2026"}, "starts_from"),
        ("/api/v1/sessions/", {"starts_from": "0001-01-01"}, "starts_from"),
        ("/api/v1/employees/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("/api/v1/employees/", {"updated_since": "9999-12-31T23:59:59-05:00"}, "updated_since"),
        ("/api/v1/compliance/", {"unit": "abc"}, "unit"),
        ("/api/v1/employees/nip/1985-03-14/", {}, "nip"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, operator, people, token_for, url, params, field):
    response = client.get(url, params, **token_for(operator))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] == "Parameter tidak valid."
    assert body["fields"][field] and all(isinstance(message, str) for message in body["fields"][field])


def test_unknown_addresses_and_pages_are_404_in_the_same_body(client, operator, people, token_for):
    headers = token_for(operator)
    for url in ("/api/v1/tidak-ada/", "/api/v2/employees/", "/api/v1/employees/?page=99", "/api/v1/units/123456/"):
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404 and response.json()["code"] == "not_found", url


def test_a_fault_in_the_api_answers_in_the_same_body(operator, people, token_for, monkeypatch):
    from django.test import Client

    from api.views import UnitViewSet

    def broken(self):
        raise RuntimeError("a fault of ours")

    monkeypatch.setattr(UnitViewSet, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/api/v1/units/", **token_for(operator))
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    # Elsewhere the fault stays Django's page.
    from django.test import RequestFactory

    from api.errors import server_error

    page = server_error(RequestFactory().get("/pelatihan/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_heavy_figures_are_kept_a_while_and_recomputed_on_request(client, admin, people, token_for, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.models import LearningRecord

    headers = token_for(admin)
    first = client.get("/api/v1/compliance/", {"unit": tree.root.pk}, **headers).json()
    LearningRecord.objects.filter(employee=people[1]).delete()  # nothing of Budi's anyway: JP stays
    LearningRecord.objects.filter(employee=people[0]).delete()  # Ani falls below the target
    with CaptureQueriesContext(connection) as queries:
        kept = client.get("/api/v1/compliance/", {"unit": tree.root.pk}, **headers).json()
    assert kept == first, "kept for a few minutes, with the time it was computed"
    assert not any("learningrecord" in query["sql"] for query in queries.captured_queries)
    fresh = client.get("/api/v1/compliance/", {"unit": tree.root.pk, "refresh": "1"}, **headers).json()
    assert fresh["totals"]["compliant"] == first["totals"]["compliant"] - 1
    assert fresh["computed_at"] >= first["computed_at"]


def test_deep_pages_fetch_the_page_ids_first_and_give_the_same_people(
    client, operator, people, token_for, tree, monkeypatch, django_assert_max_num_queries
):
    from api.views import EmployeeViewSet
    from tests.factories import EmployeeFactory

    EmployeeFactory.create_batch(7, unit=tree.a1)
    headers = token_for(operator)
    client.get("/api/v1/employees/", **headers)  # the token's first use is written once

    def pages():
        return [rows(client, "/api/v1/employees/", headers, page_size=3, page=page) for page in (1, 2, 3)]

    direct = pages()
    monkeypatch.setattr(EmployeeViewSet, "DEFERRED_FROM", 0)
    with django_assert_max_num_queries(6):
        rows(client, "/api/v1/employees/", headers, page_size=3, page=2)
    assert pages() == direct
    assert [len(page) for page in direct] == [3, 3, 3]
