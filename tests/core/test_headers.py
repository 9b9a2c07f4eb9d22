"""Signed-in pages and every download send `Cache-Control: no-store` (a shared PC's back button, a
caching proxy); every response carries a Permissions-Policy."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    ["reports:home", "programs:employee_list", "programs:employee_export", "training:compliance"],
)
def test_signed_in_pages_and_exports_are_not_stored(client, admin, pegawai_employee, name):
    client.force_login(admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_carry_the_permissions_policy(client, db):
    response = client.get(reverse("login"))
    assert "geolocation=()" in response["Permissions-Policy"]


def test_static_files_carry_the_permissions_policy_too(settings, db):
    """WhiteNoise answers /static/ before the rest of the middleware runs; its files (the app's own
    scripts included) carry the policy as every other response does."""
    from django.test import Client

    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    response = Client().get("/static/js/bangkom.js")
    assert response.status_code == 200
    assert "camera=()" in response.get("Permissions-Policy", "")
    assert "no-store" not in response.get("Cache-Control", "")


# Every kind of download: xlsx, pdf, ics, and a stored evidence file.
EXPORTS = [
    "programs:employee_export",
    "training:catalogue_xlsx",
    "training:schedule_xlsx",
    "training:schedule_pdf",
    "training:calendar_ics",
    "training:compliance_xlsx",
    "training:siasn_learning_xlsx",
]


def _no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_not_stored(client, admin, name):
    client.force_login(admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_skm_exports_and_an_evidence_file_are_not_stored(client, admin, skm_survey, pegawai_employee, reference_data):
    import datetime

    from django.core.files.base import ContentFile

    from programs.models import DevelopmentForm
    from training.models import ExternalClaim

    day = datetime.date(2026, 3, 2)
    claim = ExternalClaim.objects.create(
        employee=pegawai_employee, development_form=DevelopmentForm.objects.first(), title="Webinar",
        organiser="LAN", starts_on=day, ends_on=day,
    )  # fmt: skip
    claim.evidence.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(admin)
    for url in (
        reverse("evaluation:skm_pdf", args=[skm_survey.pk]),
        reverse("evaluation:skm_xlsx", args=[skm_survey.pk]),
        reverse("evaluation:skm_poster", args=[skm_survey.pk]),
        reverse("training:claim_evidence", args=[claim.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), (url, response.get("Cache-Control"))
