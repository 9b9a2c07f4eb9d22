"""The OpenAPI description: valid, served at a stable address with docs from our own static files,
and true: schemathesis generates requests from it (offline, from the project's own schema) and
every answer must be a documented status with a body matching the schema, never a 5xx."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis import checks as schemathesis_checks
from schemathesis.specs.openapi import checks as openapi_checks

from api import tokens


def generated_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_and_served_at_a_stable_address(client, db):
    validate_schema(generated_schema())  # raises on any violation of the OpenAPI 3 specification
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    served = response.json()
    assert served["info"]["title"] == "Bangkom API"
    paths = set(served["paths"])
    for path in (
        "/api/v1/units/", "/api/v1/employees/", "/api/v1/employees/nip/{nip}/", "/api/v1/positions/",
        "/api/v1/courses/", "/api/v1/sessions/", "/api/v1/employees/{id}/learning-records/",
        "/api/v1/employees/{id}/jp/", "/api/v1/compliance/", "/api/v1/needs-surveys/{id}/recap/",
        "/api/v1/evaluation/sessions/", "/api/v1/evaluation/courses/", "/api/v1/evaluation/providers/",
        "/api/v1/ikm/",
    ):  # fmt: skip
        assert path in paths
    assert all(set(operations) == {"get"} for operations in served["paths"].values()), "read-only"
    # In English for developers (the filters' labels are translated strings).
    employees = {p["name"]: p for p in served["paths"]["/api/v1/employees/"]["get"]["parameters"]}
    assert employees["q"]["description"] == "Search name or start of NIP"
    assert served["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from the BKPSDM admin: `Authorization: Bearer bkm_…`",
    }


def test_the_docs_page_uses_only_our_own_files(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<style>" not in page and "<script>" not in page, "the CSP allows no inline style or script"
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), f"{source} is not among our static files"


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
def operator_key(demo_world, db):  # noqa: F811 - the imported fixture
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
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
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_any_request_the_schema_allows_gets_a_documented_answer(case, wsgi_app, operator_key):
    response = case.call(app=wsgi_app, headers={"Authorization": f"Bearer {operator_key}"})
    case.validate_response(response, checks=CHECKS)
