"""A Document (core/blocks.py) as PDF: one template walks the blocks, WeasyPrint draws it through
the one PDF mechanism (core/pdf.py: nothing fetched but our static files)."""

from core.pdf import render_pdf
from training.certificates import qr_data_uri


def _typed(blocks):
    # The template tells blocks apart by their class name (templates cannot test types).
    return [(type(block).__name__, block) for block in blocks]


def render_document_pdf(document):
    pages = [
        {"with_kop": page.with_kop, "landscape": page.landscape, "blocks": _typed(page.blocks)}
        for page in document.pages
    ]
    qr = qr_data_uri(document.verification_url) if document.verification_url else ""
    return render_pdf(
        "documents/pdf/document.html",
        {"document": document, "kop": document.kop, "pages": pages, "qr": qr},
    )
