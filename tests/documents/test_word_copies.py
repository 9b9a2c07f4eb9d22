"""Every session document comes as PDF and as Word with the same content: read both back."""

import io

import docx
import pytest
from django.urls import reverse

from documents.models import IssuedDocument
from programs.models import Letterhead

from .conftest import pdf_text

KINDS = ["undangan", "surat_tugas", "surat_tugas_pengajar", "keputusan", "daftar_hadir", "laporan_pelaksanaan"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def word_text(data):
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document


def annex_rows(document, nip):
    return [row for table in document.tables for row in table.rows if any(nip == cell.text for cell in row.cells)]


@pytest.mark.parametrize("kind", KINDS)
def test_word_and_pdf_say_the_same(client, operator, session, pegawai_employee, instructor, head, kind):
    client.force_login(operator)
    document = IssuedDocument.objects.get(
        pk=client.post(reverse("documents:issue", args=[session.pk, kind])).url.split("/")[-2]
    )
    response = client.get(reverse("documents:document_docx", args=[document.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    word, opened = word_text(response.content)
    pdf = pdf_text(client.get(reverse("documents:document_pdf", args=[document.pk])).content)
    expected = [document.number, "PEMERINTAH KOTA CONTOH", "KECAMATAN A", "Drs. Budi Santoso, M.Si.", head.nip_display]
    expected.append(instructor.name if kind == "surat_tugas_pengajar" else pegawai_employee.full_name)
    for text in expected:
        assert text in word, (kind, text)
        assert text in pdf, (kind, text)
    if kind == "daftar_hadir":
        assert f"{pegawai_employee.full_name}\nNIP {pegawai_employee.nip_display}" in word
    elif kind != "surat_tugas_pengajar":
        # The participant's row: the NIP kept as text, beside the name.
        row = annex_rows(opened, pegawai_employee.nip_display)[0]
        assert pegawai_employee.full_name in [cell.text for cell in row.cells]
    assert opened.core_properties.title.startswith(document.get_kind_display())


def test_the_annex_lists_every_participant_and_its_header_repeats(client, operator, session):
    client.force_login(operator)
    document = IssuedDocument.objects.get(
        pk=client.post(reverse("documents:issue", args=[session.pk, "keputusan"])).url.split("/")[-2]
    )
    _text, opened = word_text(client.get(reverse("documents:document_docx", args=[document.pk])).content)
    annex = next(table for table in opened.tables if table.rows[0].cells[0].text == "No.")
    assert len(annex.rows) == 1 + len(document.people)
    assert annex.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_the_emblem_is_in_both_copies(client, operator, session):
    letterhead = Letterhead.objects.get(unit__code="ROOT")
    letterhead.emblem.save("lambang.png", io.BytesIO(PNG))
    client.force_login(operator)
    response = client.get(reverse("documents:preview", args=[session.pk, "undangan"]))
    assert b"/Subtype /Image" in response.content or b"/Image" in response.content
    document = IssuedDocument.objects.get(
        pk=client.post(reverse("documents:issue", args=[session.pk, "undangan"])).url.split("/")[-2]
    )
    _text, opened = word_text(client.get(reverse("documents:document_docx", args=[document.pk])).content)
    assert len(opened.inline_shapes) >= 1


def test_a_planted_emblem_that_is_not_an_image_is_left_out(client, operator, session):
    """An emblem file swapped on disk for an HTML page never reaches a document."""
    letterhead = Letterhead.objects.get(unit__code="ROOT")
    letterhead.emblem.save("lambang.png", io.BytesIO(b"<html><script>alert(1)</script></html>"))
    client.force_login(operator)
    response = client.get(reverse("documents:preview", args=[session.pk, "undangan"]))
    assert response.status_code == 200
    assert b"/Image" not in response.content
