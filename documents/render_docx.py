"""A Document (documents/content.py) as an editable Word file with python-docx: the same blocks as the
PDF, laid out with the same intent (letterhead over a double rule, label-colon-value fields, bordered
annex tables whose header repeats, the signature block on the right), so an office corrects the letter
in Word and signs what the PDF would have said."""

import io

import segno
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
TEXT_WIDTH_MM = 165  # A4 less 25 mm left and 20 mm right


def _tight(paragraph, after=2):
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.1
    return paragraph


def _gap(document):
    """A small gap after a table (a Word table cannot carry space after itself)."""
    paragraph = _tight(document.add_paragraph(), 0)
    paragraph.paragraph_format.line_spacing = Pt(6)
    return paragraph


def _run(paragraph, text, *, bold=False, underline=False, size=None, italic=False):
    run = paragraph.add_run(text)
    run.bold, run.underline, run.italic = bold, underline, italic
    if size:
        run.font.size = Pt(size)
    return run


def _borderless(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    return table


def _cell_text(cell, text, *, align="left", bold=False, size=None):
    paragraph = cell.paragraphs[0]
    lines = str(text).split("\n")
    for index, line in enumerate(lines):
        _run(paragraph, line, bold=bold, size=size)
        if index < len(lines) - 1:
            paragraph.runs[-1].add_break()
    paragraph.alignment = ALIGN[align]
    _tight(paragraph, 0)
    return paragraph


def _widths(table, widths_mm):
    """Fixed column widths that Word and LibreOffice both keep (the grid, the table and each cell)."""
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(sum(Mm(width).twips for width in widths_mm)))
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        column.set(qn("w:w"), str(Mm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _double_rule(document):
    paragraph = _tight(document.add_paragraph(), 6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "thickThinSmallGap"), ("sz", "18"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _kop(document, kop):
    table = _borderless(document.add_table(rows=1, cols=3))
    emblem, lines, _spare = table.rows[0].cells
    if kop.emblem:
        emblem.paragraphs[0].add_run().add_picture(io.BytesIO(kop.emblem), width=Cm(2))
    first = True
    for text, size, bold in (
        (kop.government_line, 13, True),
        (kop.unit_name, 14, True),
        (kop.address_line, 9, False),
        (kop.contact_line, 9, False),
    ):
        if not text:
            continue
        paragraph = lines.paragraphs[0] if first else lines.add_paragraph()
        first = False
        _run(paragraph, text, bold=bold, size=size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tight(paragraph, 0)
    _widths(table, (25, 115, 25))
    _double_rule(document)


def _fields(document, rows, label_mm=35):
    table = _borderless(document.add_table(rows=0, cols=3))
    for label, value in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label)
        _cell_text(cells[1], ":" if value else "")
        _cell_text(cells[2], value)
    _widths(table, (label_mm, 4, TEXT_WIDTH_MM - label_mm - 4))
    _gap(document)


def _items(document, block):
    table = _borderless(document.add_table(rows=0, cols=4))
    for index, item in enumerate(block.items):
        cells = table.add_row().cells
        _cell_text(cells[0], block.label if index == 0 else "")
        _cell_text(cells[1], ":" if index == 0 else "")
        marker = block.markers[index] if index < len(block.markers) else ""
        _cell_text(cells[2], marker)
        _cell_text(cells[3], item, align="justify")
        if not marker:
            cells[2].merge(cells[3])
    _widths(table, (30, 4, 9, TEXT_WIDTH_MM - 43))
    _gap(document)


def _grid(document, block):
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)  # the header row repeats on each page of a long annex
    for cell, text in zip(header.cells, block.headers, strict=True):
        _cell_text(cell, text, align="center", bold=True, size=9)
        shading = OxmlElement("w:shd")
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", "EEEEEE")):
            shading.set(qn(f"w:{key}"), value)
        cell._tc.get_or_add_tcPr().append(shading)
    for row in block.rows:
        cells = table.add_row().cells
        if block.row_height:
            table.rows[-1].height = Mm(int(block.row_height.rstrip("m") or 0))
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell_text(cell, text, align="right" if index in block.numeric else "left", size=9)
    if not block.rows:
        cells = table.add_row().cells
        cells[0].merge(cells[-1])
        _cell_text(cells[0], _("Belum ada."), size=9)
    if block.widths:
        _widths(table, [TEXT_WIDTH_MM * share / 100 for share in block.widths])
    _gap(document)


def _signature(document, block, verification_url):
    table = _borderless(document.add_table(rows=1, cols=2))
    cell = table.rows[0].cells[1]
    lines = list(block.prefix)
    if block.with_place_date:
        lines.append(block.block.place_date)
    lines += list(block.block.office_lines)
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        _run(paragraph, line)
        _tight(paragraph, 0)
    mark = cell.add_paragraph()
    if verification_url:
        qr = io.BytesIO()
        segno.make(verification_url, error="m").save(qr, kind="png", scale=4, border=1)
        mark.add_run().add_picture(io.BytesIO(qr.getvalue()), width=Cm(2.2))
        _run(mark, " " + _("Ditandatangani secara elektronik"), italic=True, size=8)
    else:
        for _blank in range(3):
            mark.add_run().add_break()
    _run(_tight(cell.add_paragraph(), 0), block.block.name, bold=True, underline=True)
    if block.block.pangkat:
        _run(_tight(cell.add_paragraph(), 0), block.block.pangkat)
    if block.block.nip:
        _run(_tight(cell.add_paragraph(), 0), f"{_('NIP')} {block.block.nip}")
    _widths(table, (TEXT_WIDTH_MM - 85, 85))
    _gap(document)


def _page_number_field(paragraph, instruction):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header_and_footer(section, document):
    footer = section.footer.paragraphs[0]
    footer.text = ""
    if document.footer:
        _run(footer, document.footer + "   ", size=8)
    _run(footer, _("Halaman") + " ", size=8)
    _page_number_field(footer, "PAGE")
    _run(footer, " / ", size=8)
    _page_number_field(footer, "NUMPAGES")
    if document.draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header, _("KONSEP"), bold=True, size=16)


def _set_page(section, landscape):
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)


def render_docx(document):
    word = WordDocument()
    style = word.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    word.core_properties.title = document.title
    word.core_properties.author = "Bangkom"
    _set_page(word.sections[0], document.pages[0].landscape if document.pages else False)
    _header_and_footer(word.sections[0], document)
    for number, page in enumerate(document.pages):
        if number:
            previous = document.pages[number - 1]
            if page.landscape != previous.landscape:
                _set_page(word.add_section(WD_SECTION.NEW_PAGE), page.landscape)
            else:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if page.with_kop:
            _kop(word, document.kop)
        for block in page.blocks:
            _block(word, block, document)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def _block(word, block, document):
    kind = type(block).__name__
    if kind == "Title":
        paragraph = _tight(word.add_paragraph(), 0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, block.text, bold=True, underline=block.underline, size=13 if block.size == "large" else None)
    elif kind == "Paragraph":
        paragraph = _tight(word.add_paragraph(), 4)
        paragraph.alignment = ALIGN[block.align]
        if block.indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        _run(paragraph, block.text, bold=block.bold)
    elif kind == "PlaceDate":
        paragraph = _tight(word.add_paragraph(), 4)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, block.text)
    elif kind == "Fields":
        _fields(word, block.rows)
    elif kind == "Addressee":
        for line in block.lines:
            _run(_tight(word.add_paragraph(), 0), line)
        if block.place:
            paragraph = _tight(word.add_paragraph(), 6)
            paragraph.paragraph_format.left_indent = Cm(1)
            _run(paragraph, block.place)
    elif kind == "Items":
        _items(word, block)
    elif kind == "Table":
        _grid(word, block)
    elif kind == "Signature":
        _signature(word, block, document.verification_url)
    elif kind == "Distribution":
        _run(_tight(word.add_paragraph(), 0), block.label, size=10)
        for index, item in enumerate(block.items, start=1):
            _run(_tight(word.add_paragraph(), 0), f"{index}. {item}", size=10)
    elif kind == "Spacer":
        word.add_paragraph().paragraph_format.space_after = Mm(block.height_mm)
