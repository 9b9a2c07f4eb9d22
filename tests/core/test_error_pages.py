"""With the database unreachable, login, the public SKM form and certificate verification answered
Django's bare English "Server Error (500)". They answer our own Indonesian page, drawn without the
database: 503 with a time to come back; a fault of a page is our own 500 page."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from tests.evaluation.test_skm import survey  # noqa: F401 - the survey fixture


def database_down():
    return mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("could not connect to server"))


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_login_skm_and_verification_say_the_service_is_down_in_indonesian(visitor, survey, pegawai):  # noqa: F811
    pages = [
        ("post", reverse("login"), {"username": pegawai.username, "password": "rahasia-123"}),
        ("get", reverse("skm_public", args=[survey.code]), None),
        ("get", reverse("training:certificate_verify", args=["ABCD-1234"]), None),
        ("get", reverse("document_verification:document_verify", args=["00000000-0000-4000-8000-000000000000"]), None),
    ]
    for method, url, data in pages:
        with database_down():
            response = getattr(visitor, method)(url, data or {})
        body = response.content.decode()
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "Layanan sedang tidak tersedia" in body and "Server Error" not in body
        assert '<html lang="id">' in body


def test_a_fault_of_a_page_is_our_own_500(visitor, survey):  # noqa: F811
    with mock.patch.object(CursorWrapper, "execute", side_effect=RuntimeError("a bug, not an outage")):
        response = visitor.get(reverse("skm_public", args=[survey.code]))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


def test_the_api_answers_503_in_its_error_body(visitor, db):
    with database_down():
        response = visitor.get("/api/v1/units/", HTTP_AUTHORIZATION="Bearer bkm_x")
    assert response.status_code == 503 and response.json()["code"] == "unavailable"
