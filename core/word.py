"""A Document (core/blocks.py) as an editable Word file with python-docx: the same blocks as the
PDF, laid out with the same intent (letterhead over a double rule, label-colon-value fields, bordered
annex tables whose header repeats, the signature block on the right), so an office corrects the letter
in Word and signs what the PDF would have said."""

import io

import segno
from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
LEFT_MM, RIGHT_MM = 25, 20
TEXT_WIDTH_MM = 210 - LEFT_MM - RIGHT_MM  # A4 portrait: 165 mm of text
WIDE_TEXT_WIDTH_MM = 297 - LEFT_MM - RIGHT_MM  # A4 landscape: 252 mm
GRID_SIZE = 9  # points, the annex tables
GRID_PADDING_MM = 1.2  # left and right inside a bordered cell, as the PDF's

# Where a property goes among its siblings: Word refuses a file whose properties are out of the order
# ECMA-376 gives (CT_TblPr, CT_PPrBase, CT_TcPr), where LibreOffice forgives it.
AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
AFTER_P_BDR = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct"),
    *("w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind"),
    *("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection"),
    *("w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
    "w:pPrChange",
)
AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")
AFTER_TC_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers")


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
    table._tbl.tblPr.insert_element_before(borders, *AFTER_TBL_BORDERS)
    return table


def _cell_margins(table, mm):
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(Mm(mm).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *AFTER_TBL_CELL_MAR)


def _keep_together(row):
    """The row does not break across pages (the PDF's `page-break-inside: avoid`)."""
    keep = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().insert_element_before(keep, *AFTER_CANT_SPLIT)


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
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, in its place
    properties = table._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.insert_element_before(total, "w:jc", "w:tblCellSpacing", "w:tblInd", *AFTER_TBL_BORDERS)
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
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_P_BDR)


def _kop(document, kop, width):
    table = _borderless(document.add_table(rows=1, cols=3))
    emblem, lines, _spare = table.rows[0].cells
    if kop.emblem:
        emblem.paragraphs[0].add_run().add_picture(io.BytesIO(kop.emblem), width=Cm(2))
    first = True
    for text, size, bold in (
        (kop.government_line, 13, True),
        # The unit's own line, unless it only repeats the government's (the PDF's kop skips it too).
        (kop.unit_name if kop.unit_name != kop.government_line else "", 14, True),
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
    for cell in (emblem, lines):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _widths(table, (25, width - 50, 25))
    _double_rule(document)


def _fields(document, rows, width, label_mm=35):
    table = _borderless(document.add_table(rows=0, cols=3))
    for label, value in rows:
        cells = table.add_row().cells
        if not value:
            # A heading line without a value (`LAMPIRAN KEPUTUSAN KEPALA …`) runs across the row.
            _cell_text(cells[0].merge(cells[2]), label)
            continue
        _cell_text(cells[0], label)
        _cell_text(cells[1], ":")
        _cell_text(cells[2], value)
    _widths(table, (label_mm, 4, width - label_mm - 4))
    _gap(document)


def _items(document, block, width):
    """Label, colon, marker, text; an item without a marker takes the marker's room too, and an empty
    label continues the list above (no colon)."""
    table = _borderless(document.add_table(rows=0, cols=4))
    for index, item in enumerate(block.items):
        cells = table.add_row().cells
        first = index == 0 and block.label
        _cell_text(cells[0], block.label if first else "")
        _cell_text(cells[1], ":" if first else "")
        marker = block.markers[index] if index < len(block.markers) else ""
        if marker:
            _cell_text(cells[2], marker)
            _cell_text(cells[3], item, align="justify")
        else:
            _cell_text(cells[2].merge(cells[3]), item, align="justify")
    _widths(table, (30, 4, 9, width - 43))
    _gap(document)


def _text_mm(text, size):
    """About how wide `text` is in Arial at `size` points (digits and letters ~0.56 em, a space 0.28)."""
    ems = sum(0.28 if char == " " else 0.56 for char in text)
    return ems * size * 25.4 / 72


def _column_widths(block, width):
    """The columns' widths in mm from their percents, a column kept on one line (a NIP) widened to its
    longest line and the room taken from the other columns in proportion."""
    shares = block.widths or [100 / len(block.headers)] * len(block.headers)
    widths = [width * share / 100 for share in shares]
    for column in block.nowrap:
        longest = max(
            (_text_mm(line, GRID_SIZE) for row in block.rows for line in str(row[column]).split("\n")), default=0
        )
        needed = longest + 2 * GRID_PADDING_MM + 1
        if needed <= widths[column]:
            continue
        others = [index for index in range(len(widths)) if index != column and index not in block.nowrap]
        spare = sum(widths[index] for index in others)
        extra = min(needed - widths[column], spare / 2)
        for index in others:
            widths[index] -= extra * widths[index] / spare
        widths[column] += extra
    return widths


def _row_height(text):
    """`12mm`, `1.2cm` or `30pt` (the PDF's CSS length) as a python-docx length; None when unreadable."""
    for unit, length in (("mm", Mm), ("cm", Cm), ("pt", Pt)):
        if text.endswith(unit):
            try:
                return length(float(text.removesuffix(unit)))
            except ValueError:
                return None
    return None


def _shade(cell):
    """The grey of a header or a total row."""
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "EEEEEE")):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *AFTER_TC_SHD)


def _grid(document, block, width):
    # A table without headers (a report's key figures) takes its columns from its widths.
    table = document.add_table(rows=1 if block.headers else 0, cols=len(block.headers or block.widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, GRID_PADDING_MM)
    if block.headers:
        header = table.rows[0]
        header_properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_properties.append(repeat)  # the header row repeats on each page of a long annex
        for cell, text in zip(header.cells, block.headers, strict=True):
            _cell_text(cell, text, align="center", bold=True, size=GRID_SIZE)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _shade(cell)
    height = _row_height(block.row_height)
    for row in block.rows:
        added = table.add_row()
        _keep_together(added)
        if height:
            added.height = height
        for index, (cell, text) in enumerate(zip(added.cells, row, strict=True)):
            _cell_text(cell, text, align="right" if index in block.numeric else "left", size=GRID_SIZE)
    if not block.rows:
        cells = table.add_row().cells
        _cell_text(cells[0].merge(cells[-1]), block.empty or _("Belum ada."), size=GRID_SIZE)
    if block.total:
        added = table.add_row()
        _keep_together(added)
        cells = list(added.cells)
        for cell in cells:
            _shade(cell)
        # `Jumlah` spans the empty cells after it, as the PDF's colspan does.
        span = next((index for index, text in enumerate(block.total[1:], start=1) if text), len(block.total))
        label = cells[0].merge(cells[span - 1]) if span > 1 else cells[0]
        _cell_text(label, block.total[0], bold=True, size=GRID_SIZE)
        for index in range(span, len(cells)):
            align = "right" if index in block.numeric else "left"
            _cell_text(cells[index], block.total[index], align=align, bold=True, size=GRID_SIZE)
    _widths(table, _column_widths(block, width))
    _gap(document)


def _signature(document, block, verification_url, width):
    table = _borderless(document.add_table(rows=1, cols=2))
    _keep_together(table.rows[0])  # the office, the space and the name on one page
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
    _widths(table, (width - 85, 85))
    _gap(document)


def _esign_note(document, url):
    """Under the first page of a document signed electronically, as the PDF prints it."""
    paragraph = _tight(document.add_paragraph(), 0)
    paragraph.paragraph_format.space_before = Mm(6)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "999999")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_P_BDR)
    note = _(
        "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik. Keaslian dan "
        "keutuhannya dapat diperiksa dengan memindai kode QR atau membuka %(url)s"
    )
    _run(paragraph, note % {"url": url}, size=8)


def _page_number_field(paragraph, instruction, size):
    """A PAGE or NUMPAGES field, one run per part as Word writes it (each at the footer's size)."""
    for kind in ("begin", "instruction", "separate", "result", "end"):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _header_and_footer(section, document, width):
    """The footer note on the left and `Halaman 1 / 3` at the right margin (a tab stop at the text
    width, so a landscape section has its own footer); `KONSEP` at the top of a draft."""
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.text = ""
    tabs = footer.paragraph_format.tab_stops
    for inherited in footer.style.paragraph_format.tab_stops:  # the Footer style's centre and right stops
        tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT)
    size = 8
    if document.footer:
        _run(footer, document.footer, size=size)
    _run(footer, "\t" + _("Halaman") + " ", size=size)
    _page_number_field(footer, "PAGE", size)
    _run(footer, " / ", size=size)
    _page_number_field(footer, "NUMPAGES", size)
    if document.draft:
        section.header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.text = ""
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header, _("KONSEP"), bold=True, size=16)


def _set_page(section, landscape):
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)
    return WIDE_TEXT_WIDTH_MM if landscape else TEXT_WIDTH_MM


def render_docx(document):
    word = WordDocument()
    style = word.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    word.core_properties.title = document.title
    word.core_properties.author = "Bangkom"
    width = _set_page(word.sections[0], document.pages[0].landscape if document.pages else False)
    _header_and_footer(word.sections[0], document, width)
    for number, page in enumerate(document.pages):
        if number:
            previous = document.pages[number - 1]
            if page.landscape != previous.landscape:
                section = word.add_section(WD_SECTION.NEW_PAGE)
                width = _set_page(section, page.landscape)
                _header_and_footer(section, document, width)
            else:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if page.with_kop:
            _kop(word, document.kop, width)
        for block in page.blocks:
            _block(word, block, document, width)
        if number == 0 and document.verification_url:
            _esign_note(word, document.verification_url)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def docx_response(document):
    """The Word copy of `document` as a download, named by the document's own file name."""
    response = HttpResponse(render_docx(document), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.docx"'
    return response


def _block(word, block, document, width):
    kind = type(block).__name__
    if kind == "Title":
        paragraph = _tight(word.add_paragraph(), 0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, block.text, bold=True, underline=block.underline, size=13 if block.size == "large" else None)
    elif kind == "Heading":
        paragraph = _tight(word.add_paragraph(), 2)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, block.text, bold=True)
    elif kind == "Paragraph":
        paragraph = _tight(word.add_paragraph(style="List Bullet" if block.bullet else None), 4)
        paragraph.alignment = ALIGN[block.align]
        if block.indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        _run(paragraph, block.text, bold=block.bold)
    elif kind == "PlaceDate":
        paragraph = _tight(word.add_paragraph(), 4)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, block.text)
    elif kind == "Fields":
        _fields(word, block.rows, width)
    elif kind == "Addressee":
        for line in block.lines:
            _run(_tight(word.add_paragraph(), 0), line)
        if block.place:
            paragraph = _tight(word.add_paragraph(), 6)
            paragraph.paragraph_format.left_indent = Cm(1)
            _run(paragraph, block.place)
    elif kind == "Items":
        _items(word, block, width)
    elif kind == "Table":
        _grid(word, block, width)
    elif kind == "Signature":
        _signature(word, block, document.verification_url, width)
    elif kind == "Distribution":
        _run(_tight(word.add_paragraph(), 0), block.label, size=10)
        for index, item in enumerate(block.items, start=1):
            _run(_tight(word.add_paragraph(), 0), f"{index}. {item}", size=10)
    elif kind == "Spacer":
        word.add_paragraph().paragraph_format.space_after = Mm(block.height_mm)
