"""The kop naskah dinas: inheritance up the tree, the admin's page, the emblem upload through the one
upload check, and the letterhead printed on the PDFs."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from demo.letterheads import emblem_png
from programs.forms import LetterheadForm
from programs.letterheads import letterhead_for, letterhead_sources
from programs.models import DevelopmentProgram, Letterhead

PNG = emblem_png(24, 28)
# An SVG with a script, sent as a "PNG": the PNG signature first, then the page a browser would run.
POLYGLOT = (
    b"\x89PNG\r\n\x1a\n" + b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_text(data):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def pdf_has_image(data):
    for page in PdfReader(io.BytesIO(data)).pages:
        objects = page["/Resources"].get("/XObject") or {}
        if any(objects[name].get_object()["/Subtype"] == "/Image" for name in objects):
            return True
    return False


@pytest.fixture
def city(tree):
    letterhead = Letterhead.objects.create(
        unit=tree.root,
        government_line="Pemerintah Kota Contoh",
        unit_name="Sekretariat Daerah",
        address="Jalan Balai Kota 1",
        postal_code="50132",
        phone="(024) 111",
        website="contohkota.go.id",
        place="Kota Contoh",
    )
    letterhead.emblem.save("lambang.png", ContentFile(PNG))
    return letterhead


def test_a_kecamatan_without_its_own_lines_takes_the_citys(city, tree):
    Letterhead.objects.create(unit=tree.a, address="Jalan Camat 2", email="kec.a@contoh.go.id")
    kop = letterhead_for(tree.a1)  # the kelurahan has no letterhead at all
    assert kop.government_line == "PEMERINTAH KOTA CONTOH" and kop.place == "Kota Contoh"
    assert kop.emblem == PNG and kop.emblem_data_uri.startswith("data:image/png;base64,")
    # The nearest line wins (Kecamatan A's address, not the city's); the own name is never inherited.
    assert kop.address == "Jalan Camat 2" and kop.email == "kec.a@contoh.go.id" and kop.phone == "(024) 111"
    assert kop.unit_name == "KELURAHAN A1" and kop.short_code == "KEL-A1"
    assert letterhead_for(tree.a).unit_name == "KECAMATAN A"


def test_the_preview_says_where_each_line_comes_from(city, tree):
    Letterhead.objects.create(unit=tree.a, address="Jalan Camat 2")
    rows = {str(label): (value, source) for label, value, source in letterhead_sources(tree.a)}
    assert rows["alamat"] == ("Jalan Camat 2", None)
    assert rows["baris pemerintah daerah"] == ("Pemerintah Kota Contoh", tree.root)
    assert rows["lambang daerah (PNG/JPEG)"][1] == tree.root
    assert rows["e-mail"] == ("", None)


def test_without_any_letterhead_the_instansi_name_and_place_from_settings(tree, settings):
    kop = letterhead_for(tree.b)
    assert kop.government_line == settings.BANGKOM["INSTANSI_NAME"].upper()
    assert kop.unit_name == "KECAMATAN B" and kop.place == settings.BANGKOM["REPORT_PLACE"] and not kop.emblem


def upload(content, name="lambang.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "content,name,content_type",
    [
        (POLYGLOT, "lambang.png", "image/png"),  # an SVG page behind a PNG signature
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "lambang.svg", "image/svg+xml"),
        (PDF, "lambang.pdf", "application/pdf"),  # a PDF is evidence elsewhere, never an emblem
        (PDF, "lambang.png", "image/png"),  # nor when renamed
        (PNG, "lambang.html", "text/html"),
    ],
    ids=["svg-behind-png-signature", "svg", "pdf", "pdf-named-png", "png-named-html"],
)
def test_an_emblem_that_is_not_a_clean_png_or_jpeg_is_refused(tree, content, name, content_type):
    form = LetterheadForm({}, {"emblem": upload(content, name, content_type)}, instance=Letterhead(unit=tree.a))
    assert not form.is_valid()
    assert form.errors["emblem"] == ["Lambang harus berupa gambar PNG atau JPEG (bukan SVG, PDF atau berkas lain)."]


def test_an_oversized_emblem_is_refused(tree):
    big = PNG + b"\x00" * (1024 * 1024)
    form = LetterheadForm({}, {"emblem": upload(big)}, instance=Letterhead(unit=tree.a))
    assert not form.is_valid() and "terlalu besar" in form.errors["emblem"][0]


def test_the_admin_uploads_an_emblem_and_the_plan_pdf_prints_it(client, admin, tree):
    client.force_login(admin)
    url = reverse("programs:letterhead_edit", args=[tree.root.pk])
    response = client.post(
        url,
        {
            "emblem": upload(PNG),
            "government_line": "Pemerintah Kota Contoh",
            "unit_name": "Sekretariat Daerah",
            "address": "Jalan Balai Kota 1",
            "postal_code": "50132",
            "phone": "(024) 111",
            "email": "setda@contoh.go.id",
            "place": "Kota Contoh",
        },
    )
    assert response.status_code == 302
    letterhead = Letterhead.objects.get(unit=tree.root)
    assert letterhead.emblem.name.startswith("letterheads/") and letterhead.emblem.name.endswith(".png")
    assert "lambang" not in letterhead.emblem.name  # stored under a generated name
    page = client.get(url).content.decode()
    assert 'src="data:image/png;base64,' in page and "PEMERINTAH KOTA CONTOH" in page
    program = DevelopmentProgram.objects.create(year=2027, unit=tree.root, title="Rencana Kota")
    pdf = client.get(reverse("programs:plan_pdf", args=[program.pk])).content
    text = pdf_text(pdf)
    assert "PEMERINTAH KOTA CONTOH" in text and "SEKRETARIAT DAERAH" in text
    assert "Jalan Balai Kota 1 Kode Pos 50132" in text and "Telepon (024) 111" in text
    assert pdf_has_image(pdf)


def test_an_upload_refused_keeps_what_was_typed_and_stores_nothing(client, admin, tree):
    client.force_login(admin)
    response = client.post(
        reverse("programs:letterhead_edit", args=[tree.a.pk]),
        {"emblem": upload(POLYGLOT), "address": "Jalan Camat 2"},
    )
    assert response.status_code == 200
    assert "bukan SVG, PDF" in response.content.decode() and 'value="Jalan Camat 2"' in response.content.decode()
    assert not Letterhead.objects.filter(unit=tree.a).exists()


def test_the_admin_removes_the_emblem(client, admin, city, tree):
    client.force_login(admin)
    client.post(
        reverse("programs:letterhead_edit", args=[tree.root.pk]),
        {"government_line": "Pemerintah Kota Contoh", "remove_emblem": "on"},
    )
    city.refresh_from_db()
    assert not city.emblem and not letterhead_for(tree.a).emblem


def test_a_planted_emblem_on_disk_never_reaches_a_pdf(city, tree):
    """A file swapped in storage after the upload check is read back through the same allowlist."""
    city.emblem.save("lambang.png", ContentFile(POLYGLOT))
    assert letterhead_for(tree.a).emblem == b""


def test_only_the_admin_edits_letterheads(client, operator, pimpinan, tree):
    for user in (operator, pimpinan):
        client.force_login(user)
        for name in ("programs:letterhead_edit", "programs:signatory_edit"):
            assert client.get(reverse(name, args=[tree.a.pk])).status_code == 403
            assert client.post(reverse(name, args=[tree.a.pk]), {"address": "x"}).status_code == 403
    assert not Letterhead.objects.exists()


def test_the_unit_page_links_the_admin_to_the_letterhead(client, admin, operator, tree):
    url = reverse("programs:letterhead_edit", args=[tree.a.pk])
    client.force_login(admin)
    assert url in client.get(reverse("programs:orgunit_detail", args=[tree.a.pk])).content.decode()
    client.force_login(operator)
    assert url not in client.get(reverse("programs:orgunit_detail", args=[tree.a.pk])).content.decode()
