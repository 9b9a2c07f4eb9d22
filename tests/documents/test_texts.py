"""The words of each kind of document are the admin's to edit; placeholders are filled from the session
and nothing else in the text is interpreted."""

from django.urls import reverse

from documents.models import DocumentText
from documents.texts import fill, text_for

from .conftest import pdf_text


def form_data(text, **changes):
    fields = ["classification", "number_format", "sifat", "subject", "menimbang", "mengingat", "body", "closing",
              "tembusan"]  # fmt: skip
    return {name: getattr(text, name) for name in fields} | changes


def test_the_admin_edits_a_kind_and_the_preview_shows_it(client, admin, operator, session):
    text = text_for("undangan")
    client.force_login(admin)
    response = client.post(
        reverse("documents:text_edit", args=["undangan"]),
        form_data(text, classification="893.3", body="Mohon hadir di {tempat} pada {jadwal}.\n\n{rincian}"),
    )
    assert response.status_code == 302
    client.force_login(operator)
    preview = pdf_text(client.get(reverse("documents:preview", args=[session.pk, "undangan"])).content)
    assert "Mohon hadir di Aula BKPSDM pada Senin, 1 Maret 2027" in preview
    assert "893.3/…/" in preview
    assert "Hari/tanggal" in preview  # the {rincian} line became the schedule's fields


def test_an_unknown_placeholder_is_refused_with_the_list_of_known_ones(client, admin):
    text = text_for("keputusan")
    client.force_login(admin)
    response = client.post(
        reverse("documents:text_edit", args=["keputusan"]), form_data(text, body="{program} {gaji_pokok}")
    )
    assert response.status_code == 200
    assert "Tidak dikenal: {gaji_pokok}" in response.content.decode()
    assert DocumentText.objects.get(kind="keputusan").body == text.body


def test_the_number_format_must_carry_the_sequence(client, admin):
    text = text_for("surat_tugas")
    client.force_login(admin)
    response = client.post(
        reverse("documents:text_edit", args=["surat_tugas"]), form_data(text, number_format="{klasifikasi}/{tahun}")
    )
    assert "Format nomor harus memuat {nomor}." in response.content.decode()


def test_texts_are_filled_without_interpreting_anything_else():
    values = {"program": "Pelatihan"}
    assert fill("{program.__class__} {{program}} {program}", values) == "{program.__class__} {Pelatihan} Pelatihan"
    assert fill("{% load x %}{{ 7|add:1 }}", values) == "{% load x %}{{ 7|add:1 }}"


def test_only_the_admin_edits_texts(client, operator):
    client.force_login(operator)
    assert client.get(reverse("documents:text_list")).status_code == 403
    assert client.get(reverse("documents:text_edit", args=["undangan"])).status_code == 403


def test_the_number_format_takes_only_the_number_parts(client, admin):
    """A session placeholder is not a part of a number: it would print as `{program}` in every number."""
    text = text_for("undangan")
    client.force_login(admin)
    response = client.post(
        reverse("documents:text_edit", args=["undangan"]),
        form_data(text, number_format="{klasifikasi}/{nomor}/{program}/{tahun}"),
    )
    assert "Tidak dikenal: {program}" in response.content.decode()
    assert DocumentText.objects.get(kind="undangan").number_format == text.number_format
