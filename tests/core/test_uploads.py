"""Uploads are never active content (core/uploads.py): the attack of issue 20 was a claim whose
evidence is `%PDF-1.4` followed by an HTML page, named `sertifikat.html`, served back inline as text/html,
so that the admin who opened it granted the uploader a role with their own session."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core import uploads
from core.models import GeneratedFile
from programs.models import DevelopmentForm
from training.models import ExternalClaim

ATTACK_PAGE = (
    b'%PDF-1.4\n<html><body><script src="/static/vendor/htmx.min.js"></script><script>'
    b"fetch('/admin/programs/roleassignment/add/').then(r => r.text()).then(t => {})</script></body></html>"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def claim_data(**evidence):
    return {
        "development_form": DevelopmentForm.objects.get(code="KL06").pk,
        "title": "Webinar",
        "organiser": "LAN RI",
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "days": 1,
        "sessions": 1,
        "evidence": SimpleUploadedFile(**evidence),
    }


@pytest.mark.parametrize(
    "name,content_type",
    [
        ("sertifikat.html", "text/html"),
        ("sertifikat.htm", "text/html"),
        ("sertifikat.svg", "image/svg+xml"),
        ("sertifikat.xhtml", "application/xhtml+xml"),
        ("sertifikat.js", "text/javascript"),
        ("sertifikat.html", "application/pdf"),  # a lying declared type does not help
        ("sertifikat.pdf", "application/pdf"),  # nor a .pdf name: the page is in the bytes
    ],
)
def test_a_page_behind_a_pdf_header_is_refused(client, pegawai, reference_data, name, content_type):
    client.force_login(pegawai)
    data = claim_data(name=name, content=ATTACK_PAGE, content_type=content_type)
    response = client.post(reverse("training:claim_create"), data)
    assert response.status_code == 200
    assert "Bukti harus berupa PDF, JPG, atau PNG." in response.content.decode()
    assert not ExternalClaim.objects.exists()


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("bukti.png", PDF, "image/png"),  # the name and type say PNG, the bytes say PDF
        ("bukti.pdf", PDF, "text/html"),  # the browser declared a page
        ("bukti.pdf", PNG, "application/pdf"),
        ("bukti.jpg", b"<svg onload=alert(1)>", "image/jpeg"),
    ],
)
def test_name_type_and_content_must_agree(client, pegawai, reference_data, name, content, content_type):
    client.force_login(pegawai)
    client.post(reverse("training:claim_create"), claim_data(name=name, content=content, content_type=content_type))
    assert not ExternalClaim.objects.exists()


@pytest.mark.parametrize(
    "name,content,content_type,extension",
    [
        ("Sertifikat Webinar.PDF", PDF, "application/pdf", ".pdf"),
        ("foto.png", PNG, "image/png", ".png"),
        ("scan.jpeg", JPEG, "image/jpeg", ".jpg"),
        ("scan.jpg", JPEG, "application/octet-stream", ".jpg"),  # a browser that could not tell
    ],
)
def test_good_evidence_is_stored_under_a_generated_name(
    client, pegawai, reference_data, name, content, content_type, extension
):
    client.force_login(pegawai)
    data = claim_data(name=name, content=content, content_type=content_type)
    assert client.post(reverse("training:claim_create"), data).status_code == 302
    stored = ExternalClaim.objects.get().evidence.name
    base = stored.rsplit("/", 1)[-1]
    assert base.endswith(extension) and len(base) == 32 + len(extension)
    assert "ertifikat" not in stored and "foto" not in stored and "scan" not in stored


def planted_claim(employee, name, content):
    """A claim whose evidence was stored before the checks, under the uploader's name."""
    claim = ExternalClaim(
        employee=employee,
        development_form=DevelopmentForm.objects.get(code="KL06"),
        title="Lama",
        organiser="X",
        starts_on=datetime.date(2025, 5, 1),
        ends_on=datetime.date(2025, 5, 1),
    )
    claim.evidence.save(name, ContentFile(content), save=False)
    claim.save()
    return claim


def test_an_old_page_in_storage_is_served_as_inert_bytes(client, admin, pegawai_employee, reference_data):
    claim = planted_claim(pegawai_employee, "sertifikat.html", ATTACK_PAGE)
    client.force_login(admin)
    response = client.get(reverse("training:claim_evidence", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_page_hidden_deep_in_an_old_pdf_is_inert_too(client, admin, pegawai_employee, reference_data):
    claim = planted_claim(pegawai_employee, "bukti.pdf", PDF + b"0" * (2 * uploads.SNIFF_BYTES) + b"<script>x</script>")
    client.force_login(admin)
    response = client.get(reverse("training:claim_evidence", args=[claim.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "name,content,content_type",
    [("bukti.pdf", PDF, "application/pdf"), ("bukti.png", PNG, "image/png"), ("x.jpg", JPEG, "image/jpeg")],
)
def test_pdf_and_images_open_in_the_browser_with_the_allowlist_type(
    client, admin, pegawai_employee, reference_data, name, content, content_type
):
    claim = planted_claim(pegawai_employee, name, content)
    client.force_login(admin)
    response = client.get(reverse("training:claim_evidence", args=[claim.pk]))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_generated_files_are_downloaded_in_the_sandbox(client, admin):
    job = GeneratedFile(
        requested_by=admin,
        kind="annual_report",
        title="Laporan",
        status=GeneratedFile.Status.READY,
        expires_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
        filename="laporan.pdf",
    )
    job.file.save("laporan.pdf", ContentFile(PDF))
    client.force_login(admin)
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def workbook_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("pegawai.xlsx", ATTACK_PAGE, uploads.XLSX.served_type),
        ("pegawai.xlsx", b"PK\x03\x04 not a zip", uploads.XLSX.served_type),
        ("pegawai.html", workbook_bytes(), "text/html"),
        ("pegawai.xlsx", workbook_bytes(), "text/html"),
    ],
)
def test_imports_take_only_a_workbook(client, admin, name, content, content_type):
    client.force_login(admin)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(reverse("programs:employee_import"), {"file": upload})
    assert "bukan buku kerja Excel (.xlsx)" in response.content.decode()


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>x</script>")
    upload = SimpleUploadedFile("x.xlsx", buffer.getvalue(), content_type=uploads.XLSX.served_type)
    with pytest.raises(Exception, match="bukan buku kerja"):
        uploads.accept(upload, uploads.SPREADSHEET, max_bytes=10**6, refused_message="bukan buku kerja")


def test_media_is_not_served_even_in_development(settings):
    """In DEBUG, /media/ served every stored file to anyone, logged in or not."""
    import importlib

    from django.urls import Resolver404, resolve

    import config.urls

    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        with pytest.raises(Resolver404):
            resolve("/media/claims/2026/bukti.pdf", urlconf=config.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
