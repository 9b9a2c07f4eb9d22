"""Every endpoint on the demo district, called with each demo login's token: it answers what the
model's `for_user` (the pages' scoping entry point) gives that user, never another unit's objects,
and the roles that have no such page are refused. At the end, on the same district, the property run
over the OpenAPI schema."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings
from schemathesis import checks as schemathesis_checks
from schemathesis.specs.openapi import checks as openapi_checks

from api import tokens
from core.access import access_for
from evaluation.models import ServiceSurvey
from needs_analysis.models import NeedsSurvey
from programs.models import Competency, Employee, OrgUnit, Position
from tests.api.test_schema import generated_schema
from training.models import Course, LearningRecord, Provider, Session

pytestmark = pytest.mark.django_db
User = get_user_model()
LOGINS = ["admin", "operator", "operator_dinkes", "pimpinan", "atasan", "pegawai"]


@pytest.fixture
def call(client):
    keys = {}

    def get(username, url, **params):
        if username not in keys:
            user = User.objects.get(username=username)
            keys[username] = tokens.issue(user=user, name="Uji cakupan", by=User.objects.get(username="admin"))[1]
        return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {keys[username]}")

    return get


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- who may call what --------------------------------------------------------------------------------

UNIT_ROLES_ONLY = [
    "/api/v1/units/", "/api/v1/positions/", "/api/v1/competencies/", "/api/v1/providers/",
    "/api/v1/compliance/", "/api/v1/needs-surveys/", "/api/v1/evaluation/sessions/", "/api/v1/ikm/",
]  # fmt: skip
EVERY_ROLE = ["/api/v1/employees/", "/api/v1/courses/", "/api/v1/sessions/"]
SCOREBOARDS = ["/api/v1/evaluation/courses/", "/api/v1/evaluation/providers/"]


@pytest.mark.parametrize("username", LOGINS)
def test_each_role_is_let_in_where_its_pages_let_it_in(demo_world, call, username):
    access = access_for(User.objects.get(username=username))
    for url in UNIT_ROLES_ONLY:
        assert call(username, url).status_code == (200 if access.manages_units else 403), url
    for url in EVERY_ROLE:
        assert call(username, url).status_code == 200, url
    for url in SCOREBOARDS:
        assert call(username, url).status_code == (200 if access.is_admin or access.is_pimpinan else 403), url


def test_a_refusal_says_why_in_the_common_body(demo_world, call):
    response = call("pegawai", "/api/v1/units/")
    assert response.json() == {
        "status": 403,
        "code": "permission_denied",
        "detail": "Data ini hanya untuk admin BKPSDM, operator, dan pimpinan unit.",
    }


# --- what each role sees --------------------------------------------------------------------------------

UNIT_LOGINS = ["admin", "operator", "operator_dinkes", "pimpinan"]


@pytest.mark.parametrize("username", UNIT_LOGINS)
def test_units_are_the_users_subtree(demo_world, call, username):
    user = User.objects.get(username=username)
    expected = set(OrgUnit.objects.for_user(user).values_list("pk", flat=True))
    assert ids(call(username, "/api/v1/units/", page_size=500)) == expected
    for outsider in OrgUnit.objects.exclude(pk__in=expected)[:3]:
        assert call(username, f"/api/v1/units/{outsider.pk}/").status_code == 404


@pytest.mark.parametrize("username", LOGINS)
def test_employees_are_those_the_user_may_see(demo_world, call, username):
    user = User.objects.get(username=username)
    visible = Employee.objects.for_user(user).filter(is_active=True)
    response = call(username, "/api/v1/employees/", page_size=500)
    assert response.json()["count"] == visible.count()
    assert ids(response) <= set(visible.values_list("pk", flat=True))
    outsider = Employee.objects.exclude(pk__in=Employee.objects.for_user(user).values("pk")).first()
    if username == "admin":
        assert outsider is None
        return
    for url in (
        f"/api/v1/employees/{outsider.pk}/",
        f"/api/v1/employees/nip/{outsider.nip}/",
        f"/api/v1/employees/{outsider.pk}/learning-records/",
        f"/api/v1/employees/{outsider.pk}/jp/",
    ):
        assert call(username, url).status_code == 404, url
    assert call(username, "/api/v1/employees/", q=outsider.nip).json()["count"] == 0


@pytest.mark.parametrize("username", ["operator", "atasan", "pegawai"])
def test_a_visible_persons_learning_records_and_jp(demo_world, call, username):
    user = User.objects.get(username=username)
    person = (
        Employee.objects.for_user(user).filter(learning_records__isnull=False).order_by("pk").first()
        or Employee.objects.for_user(user).first()
    )
    records = call(username, f"/api/v1/employees/{person.pk}/learning-records/", page_size=500).json()
    assert records["count"] == LearningRecord.objects.filter(employee=person).count()
    per_year = {row["year"]: row["jp"] for row in call(username, f"/api/v1/employees/{person.pk}/jp/").json()}
    for record in records["results"]:
        assert record["year"] in per_year
    detail = call(username, f"/api/v1/employees/nip/{person.nip}/").json()
    assert detail["id"] == person.pk
    assert detail["jp"]["jp"] == per_year[detail["jp"]["year"]]


@pytest.mark.parametrize("username", LOGINS)
def test_sessions_are_those_of_the_schedule_page(demo_world, call, username):
    user = User.objects.get(username=username)
    visible = Session.objects.for_user(user)
    assert call(username, "/api/v1/sessions/", page_size=500).json()["count"] == visible.count()
    hidden = Session.objects.exclude(pk__in=visible.values("pk")).first()
    if hidden is not None:  # another unit's draft
        assert call(username, f"/api/v1/sessions/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("username", UNIT_LOGINS)
def test_compliance_counts_the_users_people_only(demo_world, call, username):
    user = User.objects.get(username=username)
    body = call(username, "/api/v1/compliance/").json()
    assert body["totals"]["staff"] == Employee.objects.for_user(user).filter(is_active=True).count()
    assert sum(row["staff"] for row in body["rows"]) == body["totals"]["staff"]
    outside = OrgUnit.objects.exclude(pk__in=OrgUnit.objects.for_user(user).values("pk")).first()
    if outside is not None:
        response = call(username, "/api/v1/compliance/", unit=outside.pk)
        assert response.status_code == 404
        assert response.json()["detail"] == "Unit tidak ditemukan dalam cakupan Anda."


@pytest.mark.parametrize("username", UNIT_LOGINS)
def test_needs_campaigns_and_their_recap(demo_world, call, username):
    user = User.objects.get(username=username)
    visible = set(NeedsSurvey.objects.for_user(user).values_list("pk", flat=True))
    assert ids(call(username, "/api/v1/needs-surveys/")) == visible
    readable = set(OrgUnit.objects.for_user(user).values_list("pk", flat=True))
    for survey_id in visible:
        cells = call(username, f"/api/v1/needs-surveys/{survey_id}/recap/", page_size=500).json()["results"]
        assert {cell["unit"]["id"] for cell in cells} <= readable
    for outsider in NeedsSurvey.objects.exclude(pk__in=visible):
        assert call(username, f"/api/v1/needs-surveys/{outsider.pk}/").status_code == 404
        assert call(username, f"/api/v1/needs-surveys/{outsider.pk}/recap/").status_code == 404


def test_the_recap_ranks_needs_like_the_page(demo_world, call):
    survey = NeedsSurvey.objects.filter(status="closed").first()
    response = call("admin", f"/api/v1/needs-surveys/{survey.pk}/recap/", by="competency")
    assert response["X-Computed-At"], "the figures say when they were computed"
    cells = response.json()["results"]
    assert cells, "the demo's closed campaign has needs"
    priorities = [cell["priority"] for cell in cells]
    assert priorities == sorted(priorities, reverse=True)
    assert all(cell["unit"] is None for cell in cells)


@pytest.mark.parametrize("username", UNIT_LOGINS)
def test_session_scores_only_for_sessions_the_user_reads(demo_world, call, username):
    user = User.objects.get(username=username)
    access = access_for(user)
    expected = Session.objects.for_user(user).filter(access.unit_q("organiser_unit__"))
    response = call(username, "/api/v1/evaluation/sessions/", page_size=500)
    assert response.json()["count"] == expected.count()
    assert {row["session"] for row in response.json()["results"]} <= set(expected.values_list("pk", flat=True))


def test_session_scores_carry_the_reaction_of_finished_sessions(demo_world, call):
    rows = call("admin", "/api/v1/evaluation/sessions/", page_size=500).json()["results"]
    scored = [row for row in rows if row["reaction"]]
    assert scored, "the demo's finished sessions were evaluated"
    assert all(0 < row["reaction"]["percent"] <= 100 for row in scored)


@pytest.mark.parametrize("username", UNIT_LOGINS)
def test_ikm_per_service_unit_in_scope(demo_world, call, username):
    user = User.objects.get(username=username)
    visible = set(ServiceSurvey.objects.for_user(user).values_list("pk", flat=True))
    assert ids(call(username, "/api/v1/ikm/", page_size=500)) == visible
    for outsider in ServiceSurvey.objects.exclude(pk__in=visible)[:3]:
        assert call(username, f"/api/v1/ikm/{outsider.pk}/").status_code == 404


def test_ikm_figures_are_the_reports(demo_world, call):
    from evaluation.skm import report

    survey = ServiceSurvey.objects.filter(Q(responses__isnull=False)).distinct().first()
    body = call("admin", f"/api/v1/ikm/{survey.pk}/").json()
    result = report(survey)["result"]
    assert body["questionnaires"] == result.questionnaires
    assert str(body["converted"]) == str(result.converted)
    assert body["mutu"] == result.mutu
    assert [unsur["band"] for unsur in body["unsur"]] == [unsur.band for unsur in result.unsur]


# --- queries do not grow with the page ---------------------------------------------------------------------

LISTS = [
    "/api/v1/units/", "/api/v1/employees/", "/api/v1/positions/", "/api/v1/competencies/", "/api/v1/providers/",
    "/api/v1/courses/", "/api/v1/sessions/", "/api/v1/needs-surveys/", "/api/v1/evaluation/sessions/",
    "/api/v1/evaluation/courses/", "/api/v1/evaluation/providers/", "/api/v1/ikm/",
]  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_5_rows_as_for_100(demo_world, call, url):
    call("admin", url)  # the token's first use writes its last-used time
    counts = {}
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            response = call("admin", url, page_size=size)
        assert response.status_code == 200
        counts[size] = len(queries)
    assert response.json()["count"] > 5 or url.endswith(("providers/", "needs-surveys/", "ikm/")), url
    assert counts[5] == counts[100] <= 8, counts


# --- the schema is true: schemathesis generates requests from it (offline, from the project's own
# schema) and every answer must be a documented status with a body matching the schema, never a 5xx.
# Here rather than in test_schema.py so that it reuses this module's demo district.

schema = schemathesis.openapi.from_dict(generated_schema())


@pytest.fixture
def wsgi_app():
    # Django's handler closes the database connection after each request, which would end the
    # test's transaction; the test client does the same disconnection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def operator_key(demo_world, db):
    users = User.objects
    return tokens.issue(user=users.get(username="operator"), name="schemathesis", by=users.get(username="admin"))[1]


CHECKS = [
    schemathesis_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_any_request_the_schema_allows_gets_a_documented_answer(case, wsgi_app, operator_key):
    response = case.call(app=wsgi_app, headers={"Authorization": f"Bearer {operator_key}"})
    case.validate_response(response, checks=CHECKS)


def test_every_operation_on_objects_the_caller_sees_matches_the_schema(demo_world, wsgi_app, operator_key):
    """The generated run above mostly meets ids nobody has (404); here every operation is called with
    an object the operator does see, so each 200 body is held to the schema too."""
    operator = User.objects.get(username="operator")
    person = Employee.objects.for_user(operator).filter(learning_records__isnull=False).order_by("pk").first()
    values = {
        "id": {
            "/api/v1/units/{id}/": OrgUnit.objects.for_user(operator).order_by("pk").first().pk,
            "/api/v1/employees/{id}/": person.pk,
            "/api/v1/employees/{id}/jp/": person.pk,
            "/api/v1/employees/{id}/learning-records/": person.pk,
            "/api/v1/needs-surveys/{id}/": NeedsSurvey.objects.for_user(operator).order_by("pk").first().pk,
            "/api/v1/needs-surveys/{id}/recap/": NeedsSurvey.objects.for_user(operator).order_by("pk").first().pk,
            "/api/v1/ikm/{id}/": ServiceSurvey.objects.for_user(operator).order_by("pk").first().pk,
            "/api/v1/sessions/{id}/": Session.objects.for_user(operator).order_by("pk").first().pk,
            "/api/v1/positions/{id}/": Position.objects.order_by("pk").first().pk,
            "/api/v1/competencies/{id}/": Competency.objects.order_by("pk").first().pk,
            "/api/v1/providers/{id}/": Provider.objects.order_by("pk").first().pk,
            "/api/v1/courses/{id}/": Course.objects.filter(is_active=True).order_by("pk").first().pk,
        },
        "nip": {"/api/v1/employees/nip/{nip}/": person.nip},
    }
    checked = 0
    for path, methods in schema.raw_schema["paths"].items():
        parameters = {name: by_path[path] for name, by_path in values.items() if path in by_path}
        assert "{" not in path or parameters, f"give {path} an object the operator sees"
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call(app=wsgi_app, headers={"Authorization": f"Bearer {operator_key}"})
        if response.status_code == 403:
            continue  # the scoreboards are not an operator's
        assert response.status_code == 200, (path, response.status_code)
        case.validate_response(response, checks=CHECKS)
        checked += 1
    assert checked == len(schema.raw_schema["paths"]) - 2  # all but the two scoreboards
