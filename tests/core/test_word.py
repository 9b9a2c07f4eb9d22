"""The Word renderer on a document built by hand (core/blocks.py): a letter under the letterhead,
an annex of 30 participants, a landscape sheet, and a last portrait page; read back with python-docx."""

import datetime
import io
from dataclasses import replace

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table as WordTable
from PIL import Image

from core.blocks import (
    Addressee,
    Distribution,
    Document,
    Fields,
    Items,
    Page,
    Paragraph,
    PlaceDate,
    Signature,
    Spacer,
    Table,
    Title,
)
from core.word import TEXT_WIDTH_MM, WIDE_TEXT_WIDTH_MM, render_docx
from programs.letterheads import Kop
from programs.signatories import SignatureBlock

NUMBER = "800.2/123/BKPSDM/2026"
NIP = "19700101 199503 2 001"
HEADERS = ("No.", "Nama", "NIP", "Pangkat/Gol.", "Jabatan", "Unit Kerja")
# The schema order of the properties the renderer writes (ECMA-376 CT_TblPr, CT_PPrBase, CT_TcPr):
# Word refuses a file whose properties are out of order or repeated.
ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
}


def png():
    image = io.BytesIO()
    Image.new("RGB", (12, 15), (200, 160, 0)).save(image, "PNG")
    return image.getvalue()


def participants(count):
    return tuple(
        (str(i), f"Peserta {i:02d}", f"19800101 2005{i:02d} 1 0{i:02d}", "Penata (III/c)", "Analis SDM", "Kec. A")
        for i in range(1, count + 1)
    )


def make_document(**changes):
    kop = Kop(
        government_line="PEMERINTAH KOTA SEMARANG",
        unit_name="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        short_code="BKPSDM",
        address="Jalan Pemuda Nomor 148",
        postal_code="50132",
        phone="(024) 3513366",
        email="bkpsdm@semarangkota.go.id",
        website="",
        place="Semarang",
        emblem=png(),
        emblem_type="image/png",
    )
    block = SignatureBlock(
        office_lines=("a.n. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Sekretaris,"),
        name="Dr. Siti Aminah, S.E., M.Si.",
        pangkat="Pembina Utama Muda (IV/c)",
        nip=NIP,
        place="Semarang",
        date=datetime.date(2026, 12, 5),
    )
    letter = Page().add(
        PlaceDate("Semarang, 5 Desember 2026"),
        Fields((("Nomor", NUMBER), ("Sifat", "Biasa"), ("Lampiran", "1 (satu) berkas"), ("Hal", "Panggilan Peserta"))),
        Addressee(("Yth. Kepala Dinas Pendidikan",), "di Semarang"),
        Paragraph("Dengan hormat, kami mengundang peserta berikut."),
        Items("Hari/tanggal", ("Senin, 9 November 2026",), ("",)),
        Items("Dasar", ("Peraturan Wali Kota", "Rencana pengembangan"), ("1.", "2.")),
        Items("", ("Undangan yang diterima",), ("3.",)),
        Spacer(),
        Paragraph("Demikian untuk dilaksanakan.", align="left", indent=False),
        Signature(block, with_place_date=False),
        Distribution("Tembusan:", ("Wali Kota Semarang (sebagai laporan)", "Inspektur")),
    )
    annex = Page(with_kop=False).add(
        Fields((("LAMPIRAN SURAT KEPALA BADAN KEPEGAWAIAN", ""), ("NOMOR", NUMBER))),
        Title("DAFTAR PESERTA", underline=True),
        Table(HEADERS, participants(30), (6, 24, 22, 14, 18, 16), numeric=(0,), nowrap=(2,)),
        Signature(block),
    )
    wide = Page(with_kop=False, landscape=True).add(
        Title("DAFTAR HADIR", size="large"),
        Table(("No.", "Nama / NIP", "Tanda tangan"), (("1", "Peserta 01\nNIP 1", ""),), (8, 52, 40), row_height="12mm"),
    )
    last = Page().add(
        Title("SURAT TUGAS", underline=True),
        Table(HEADERS, (), (6, 24, 22, 14, 18, 16)),
        Signature(block, prefix=("Ditetapkan di Semarang", "pada tanggal 5 Desember 2026"), with_place_date=False),
    )
    document = Document(
        title="Undangan Pelatihan Kepemimpinan",
        kop=kop,
        pages=[letter, annex, wide, last],
        number=NUMBER,
        footer="Perubahan ke-1: peserta diganti",
    )
    return replace(document, **changes)


def read(document):
    return docx.Document(io.BytesIO(render_docx(document)))


def lines(opened):
    """Every paragraph's text in the order of the body, a table's cells row by row (a merged cell once)."""
    found = []
    for part in opened.iter_inner_content():
        if isinstance(part, WordTable):
            for row in part.rows:
                cells = list(dict.fromkeys(cell._tc for cell in row.cells))
                found.extend(p.text for tc in cells for p in docx.table._Cell(tc, part).paragraphs)
        else:
            found.append(part.text)
    return [text for text in found if text.strip()]


def annex_of(opened, first_header="No."):
    return [table for table in opened.tables if table.rows[0].cells[0].text == first_header]


@pytest.fixture
def opened():
    return read(make_document())


def test_every_text_is_there_in_order(opened):
    found = lines(opened)
    expected = [
        "PEMERINTAH KOTA SEMARANG",
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "Jalan Pemuda Nomor 148 Kode Pos 50132",
        "Semarang, 5 Desember 2026",
        "Nomor",
        NUMBER,
        "Hal",
        "Yth. Kepala Dinas Pendidikan",
        "di Semarang",
        "Dengan hormat, kami mengundang peserta berikut.",
        "Hari/tanggal",
        "Senin, 9 November 2026",
        "Dasar",
        "1.",
        "Peraturan Wali Kota",
        "3.",
        "Undangan yang diterima",
        "Demikian untuk dilaksanakan.",
        "a.n. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Sekretaris,",
        "Dr. Siti Aminah, S.E., M.Si.",
        "Pembina Utama Muda (IV/c)",
        f"NIP {NIP}",
        "Tembusan:",
        "1. Wali Kota Semarang (sebagai laporan)",
        "2. Inspektur",
        "LAMPIRAN SURAT KEPALA BADAN KEPEGAWAIAN",
        "DAFTAR PESERTA",
        "Peserta 30",
        "Semarang, 5 Desember 2026",
        "DAFTAR HADIR",
        "SURAT TUGAS",
        "Belum ada.",
        "Ditetapkan di Semarang",
        "pada tanggal 5 Desember 2026",
    ]
    positions = [found.index(text, 0) for text in expected[:1]]
    for text in expected[1:]:
        positions.append(found.index(text, positions[-1] + 1))
    assert positions == sorted(positions)
    assert opened.core_properties.title == "Undangan Pelatihan Kepemimpinan"


def test_the_annex_has_every_row_its_values_as_text_and_a_repeating_header(opened):
    annex = annex_of(opened)[0]
    assert len(annex.rows) == 1 + 30
    assert [cell.text for cell in annex.rows[0].cells] == list(HEADERS)
    assert [cell.text for cell in annex.rows[7].cells] == list(participants(30)[6])
    assert annex.rows[30].cells[2].text == "19800101 200530 1 030"  # a NIP stays text, spaces and all
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert annex.rows[5].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # numeric
    assert annex.rows[5].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    shading = annex.rows[0].cells[0]._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "EEEEEE"
    assert all(run.bold for run in annex.rows[0].cells[1].paragraphs[0].runs)


def test_column_widths_follow_the_percents_and_a_nip_keeps_its_line(opened):
    grid = [int(col.get(qn("w:w"))) for col in annex_of(opened)[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == pytest.approx(Mm(TEXT_WIDTH_MM).twips, abs=6)
    assert grid[2] > Mm(TEXT_WIDTH_MM * 0.22).twips  # widened to hold "19800101 200530 1 030" on a line
    assert grid[1] < Mm(TEXT_WIDTH_MM * 0.24).twips  # the room taken from the others in proportion
    assert grid[1] / grid[5] == pytest.approx(24 / 16, rel=0.01)


def test_pages_break_and_a_landscape_sheet_has_its_own_section(opened):
    breaks = opened.element.body.findall(".//" + qn("w:br"))
    assert sum(br.get(qn("w:type")) == "page" for br in breaks) == 1  # letter → annex; the others change section
    assert [section.orientation for section in opened.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    wide = opened.sections[1]
    assert (wide.page_width.mm, wide.page_height.mm) == (pytest.approx(297, abs=0.1), pytest.approx(210, abs=0.1))
    attendance = annex_of(opened)[1]
    grid = [int(col.get(qn("w:w"))) for col in attendance._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == pytest.approx(Mm(WIDE_TEXT_WIDTH_MM).twips, abs=6)  # the landscape text width
    assert attendance.rows[1]._tr.trPr.find(qn("w:cantSplit")) is not None  # a row stays on one page
    height = attendance.rows[1]._tr.trPr.find(qn("w:trHeight"))
    assert int(height.get(qn("w:val"))) == Mm(12).twips


def test_the_letterhead_has_the_emblem_and_a_double_rule(opened):
    assert len(opened.inline_shapes) == 2  # the letter's kop and the last page's
    assert opened.inline_shapes[0].width == pytest.approx(Mm(20), rel=0.01)
    rules = opened.element.body.findall(".//" + qn("w:pBdr") + "/" + qn("w:bottom"))
    assert [rule.get(qn("w:val")) for rule in rules] == ["thickThinSmallGap", "thickThinSmallGap"]  # two kops


def test_the_footer_has_the_note_and_the_page_numbers_on_every_section(opened):
    for section in opened.sections:
        footer = section.footer
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("Perubahan ke-1: peserta diganti\tHalaman ")
        fields = [text.text.strip() for text in paragraph._p.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]
        tab = paragraph.paragraph_format.tab_stops[-1]
        width = WIDE_TEXT_WIDTH_MM if section.orientation == WD_ORIENT.LANDSCAPE else TEXT_WIDTH_MM
        assert tab.position.mm == pytest.approx(width, abs=0.1)
    assert "KONSEP" not in opened.sections[0].header.paragraphs[0].text


def test_items_a_marker_less_item_sits_on_the_label_line_and_an_empty_label_continues(opened):
    day, grounds, more = [table for table in opened.tables if len(table.columns) == 4][:3]
    row = day.rows[0]
    assert [cell.text for cell in row.cells] == ["Hari/tanggal", ":", "Senin, 9 November 2026"] + [
        "Senin, 9 November 2026"
    ]
    assert len(row.cells[3].paragraphs) == 1  # no empty line above the text
    assert [cell.text for cell in grounds.rows[1].cells] == ["", "", "2.", "Rencana pengembangan"]
    assert [cell.text for cell in more.rows[0].cells] == ["", "", "3.", "Undangan yang diterima"]


def test_a_field_without_a_value_runs_across_the_row(opened):
    fields = next(table for table in opened.tables if table.rows[0].cells[0].text.startswith("LAMPIRAN"))
    assert len({cell._tc for cell in fields.rows[0].cells}) == 1
    assert [cell.text for cell in fields.rows[1].cells] == ["NOMOR", ":", NUMBER]


def test_properties_are_in_schema_order_and_not_repeated(opened):
    for tag, order in ORDER.items():
        sequence = order.split()
        for properties in opened.element.body.iter(qn(f"w:{tag}")):
            names = [child.tag.split("}")[1] for child in properties]
            known = [name for name in names if name in sequence]
            assert len(known) == len(set(known)), (tag, names)
            assert known == sorted(known, key=sequence.index), (tag, names)


def test_the_signature_block_stays_on_one_page(opened):
    block = next(table for table in opened.tables if "Dr. Siti Aminah, S.E., M.Si." in table.rows[0].cells[1].text)
    assert block.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_draft_says_konsep_on_every_page():
    opened = read(make_document(draft=True))
    assert all(section.header.paragraphs[0].text == "KONSEP" for section in opened.sections)


def test_a_letterhead_without_an_emblem_renders():
    document = make_document()
    opened = read(replace(document, kop=replace(document.kop, emblem=b"", emblem_type=""), footer=""))
    assert len(opened.inline_shapes) == 0
    assert "PEMERINTAH KOTA SEMARANG" in lines(opened)
    assert opened.sections[0].footer.paragraphs[0].text.startswith("\tHalaman ")


def test_an_electronic_signature_has_its_qr_code_and_the_note():
    opened = read(make_document(verification_url="https://bangkom.example/v/abc123"))
    assert len(opened.inline_shapes) == 2 + 3  # the two kops' emblems and a QR code in each signature
    text = "\n".join(lines(opened))
    assert text.count("Ditandatangani secara elektronik") == 3
    assert "https://bangkom.example/v/abc123" in text  # the note under the first page
