import io

import pytest
from django.template import engines
from pypdf import PdfReader
from weasyprint import HTML

from core.pdf import PDF_BASE_URL, StaticOnlyFetcher, render_pdf


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_fetcher_refuses_anything_but_our_static_files(tmp_path):
    fetcher = StaticOnlyFetcher()
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia")
    for url in (
        f"file://{secret}",
        "http://169.254.169.254/latest/meta-data/",
        "https://bangkom.invalid/static/../settings.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("https://bangkom.invalid/static/favicon.svg").status == 200


def test_user_text_in_a_pdf_cannot_pull_in_local_files(tmp_path):
    # If the stylesheet were fetched, its generated content would show up in the PDF's text.
    stylesheet = tmp_path / "secret.css"
    stylesheet.write_text('body::after { content: "RAHASIA-NEGARA"; }')
    template = engines["django"].from_string("<html><head>{{ user_text|safe }}</head><body><p>Isi</p></body></html>")
    html = template.render({"user_text": f'<link rel="stylesheet" href="file://{stylesheet}">'})
    data = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert "Isi" in pdf_text(data) and "RAHASIA-NEGARA" not in pdf_text(data)
    unguarded = HTML(string=html).write_pdf()
    assert "RAHASIA-NEGARA" in pdf_text(unguarded)  # the guard, not the test, is what stops it


def test_render_pdf_uses_the_house_layout(db):
    data = render_pdf("pdf/pdf_base.html", {"instansi_name": "Pemerintah Kota Contoh"})
    assert data.startswith(b"%PDF") and "PEMERINTAH KOTA CONTOH" in pdf_text(data)
