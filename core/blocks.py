"""What a document says, as a list of blocks that both renderers walk: the PDF (an HTML template drawn
by WeasyPrint: the session letters' documents/render_pdf.py) and the Word copy (python-docx,
core/word.py). One content, two layouts with the same intent, so the Word file an office corrects says
what the PDF says. The session letters (documents/compose.py) and the Word copies of the plan, the
needs summary, the IKM report, the schedule and the annual report (each app's word.py) are made of them.

A Document is a list of Pages; each Page starts on a new sheet, the first ones under the letterhead.
"""

from dataclasses import dataclass, field
from typing import Any

from .formats import date_time


@dataclass(frozen=True)
class Title:
    """A centred, bold title line (`SURAT TUGAS`, `KEPUTUSAN KEPALA …`); `underline` for a letter's title."""

    text: str
    underline: bool = False
    size: str = "normal"  # "normal" or "large"


@dataclass(frozen=True)
class Heading:
    """A report's section heading (`Kesenjangan per kompetensi`): bold, flush left, space above."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with a first-line indent (`indent`), or centred, or flush left."""

    text: str
    align: str = "justify"  # justify, center, left, right
    indent: bool = True
    bold: bool = False
    bullet: bool = False  # an item of a bulleted list (a list of suggestions)


@dataclass(frozen=True)
class Fields:
    """`Nomor : …`, `Sifat : …`, `Lampiran : …`, `Hal : …`: a label, a colon, a value, aligned."""

    rows: tuple  # of (label, value)


@dataclass(frozen=True)
class PlaceDate:
    """`Semarang, 5 Desember 2026` on the right, above a letter's number."""

    text: str


@dataclass(frozen=True)
class Addressee:
    """`Yth. Kepala Dinas …` then `di` and the place, on the left."""

    lines: tuple
    place: str = ""


@dataclass(frozen=True)
class Items:
    """A labelled, enumerated list: `Menimbang : a. bahwa …`, `Dasar : 1. …`, `KESATU : …`.
    `markers` are printed before each item (a., b. / 1., 2. / KESATU, KEDUA); an empty label continues
    the block above."""

    label: str
    items: tuple
    markers: tuple


@dataclass(frozen=True)
class Table:
    """A bordered table with a header row (an annex of participants, the attendance sheet). `widths` in
    percent of the text width, one per column; `numeric` marks the columns aligned right. Without
    headers (a report's key figures) the widths say how many columns there are."""

    headers: tuple
    rows: tuple
    widths: tuple = ()
    numeric: tuple = ()
    row_height: str = ""  # e.g. "12mm" for a row people sign in
    nowrap: tuple = ()  # columns kept on one line (a NIP)
    total: tuple = ()  # a last, bold row (`Jumlah`, …), one cell per column
    empty: str = ""  # what a table without rows says (else `Belum ada.`)


@dataclass(frozen=True)
class Signature:
    """The signature block (a programs.signatories.SignatureBlock), on the right; `with_place_date`
    prints `Semarang, 5 Desember 2026` above the office (a decree and a letter's annex do)."""

    block: Any
    with_place_date: bool = True
    prefix: tuple = ()  # lines above the office, e.g. ("Ditetapkan di Semarang", "pada tanggal …")


@dataclass(frozen=True)
class Distribution:
    """`Tembusan:` and its numbered list of recipients."""

    label: str
    items: tuple


@dataclass(frozen=True)
class Spacer:
    height_mm: int = 4


@dataclass
class Page:
    blocks: list = field(default_factory=list)
    with_kop: bool = True
    landscape: bool = False

    def add(self, *blocks):
        self.blocks.extend(block for block in blocks if block is not None)
        return self


@dataclass
class Document:
    """A whole document: its kop (programs.letterheads.Kop), its pages, and what the footer says."""

    title: str  # the file's title and the PDF's metadata
    kop: Any
    pages: list
    number: str = ""
    footer: str = ""  # e.g. "Perubahan ke-1: …" or the draft mark
    draft: bool = False  # a preview before a number is taken: watermarked "KONSEP"
    verification_url: str = ""  # printed as a QR code with the e-signature note when signed electronically
    filename_stem: str = "naskah"


def report_document(*, title, subtitle, kop, signature, blocks, printed_at, landscape=False, filename_stem="laporan"):
    """A report's Word copy as the house PDF layout (templates/pdf/pdf_base.html) has it: the kop, the
    title in capitals, a centred subtitle, the body, the signature block with place and date, and a
    footer note beside the page numbers."""
    page = Page(landscape=landscape).add(
        Title(title.upper(), size="large"),
        Paragraph(subtitle, align="center", indent=False) if subtitle else None,
        *blocks,
        Signature(signature) if signature is not None else None,
    )
    footer = f"Bangkom · {date_time(printed_at)}"
    return Document(title=title, kop=kop, pages=[page], footer=footer, filename_stem=filename_stem)
