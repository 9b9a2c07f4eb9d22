"""The OpenAPI description: valid, and served at a stable address with docs from our own static files.
That it is also true is the property run at the end of test_scope.py, on the same demo district."""

import re

from django.contrib.staticfiles import finders
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


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
