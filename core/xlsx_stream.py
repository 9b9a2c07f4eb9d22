"""A workbook written as it is sent: the first bytes leave while the rows are still being read.

openpyxl's write-only mode keeps memory flat but writes every sheet to a temporary file and only
assembles the zip when the workbook is saved, so a 50,000-row download could not start until the
whole file existed. No maintained Python library streams an .xlsx with styles, frozen panes and
filters, so this writes the few SpreadsheetML parts a table needs straight into the standard
library's zipfile, which writes data descriptors when its output cannot seek. Tests read every
export back with openpyxl, and a test checks the parts against a workbook openpyxl reads cleanly.
"""

import datetime
import math
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr  # escapes text we write; nothing is parsed  # nosec B406

from openpyxl.utils import get_column_letter

EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
FIRST_SAFE_DATE = datetime.date(1900, 3, 1)
MAX_CELL_TEXT = 32767
# Characters XML 1.0 cannot carry; a pasted control character must not break the whole file.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CHARACTER_REFERENCES = {"\r": "&#13;"}
ROWS_PER_CHUNK = 500
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# Cell styles, by index into styles.xml's cellXfs.
STYLE_HEADER, STYLE_DATE, STYLE_DATETIME, STYLE_TEXT = 1, 2, 3, 4

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
SHEET_CONTENT_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{sheets}"
    '<Relationship Id="rIdStyles" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
SHEET_REL = (
    '<Relationship Id="rId{n}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet{n}.xml"/>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd\\-mm\\-yyyy\\ hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
)


class _Sink:
    """A file object zipfile writes into; what it wrote is taken out in chunks to send."""

    def __init__(self):
        self.parts = []
        self.offset = 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self):
        return self.offset

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _text(value):
    text = ILLEGAL_XML.sub("", value)[:MAX_CELL_TEXT]
    space = ' xml:space="preserve"' if text != text.strip() else ""
    # A carriage return written as itself would be read back as a line feed (XML end-of-line handling).
    return f"<is><t{space}>{escape(text, CHARACTER_REFERENCES)}</t></is>"


def _cell(ref, value, text_column):
    """One <c> element; `value` has already been made formula-safe (core.xlsx.safe_value)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        finite = (
            value.is_finite() if isinstance(value, Decimal) else not isinstance(value, float) or math.isfinite(value)
        )
        if not finite:  # NaN and infinities have no place in a number cell
            return f'<c r="{ref}" t="inlineStr">{_text(str(value))}</c>'
        return f'<c r="{ref}"><v>{value}</v></c>'
    if (
        isinstance(value, datetime.date)
        and (value.date() if isinstance(value, datetime.datetime) else value) < FIRST_SAFE_DATE
    ):
        # Excel's serial dates are off by one before March 1900 (its 1900 leap-year bug) and
        # cannot go before 1900: such dates are written as text.
        return f'<c r="{ref}" t="inlineStr">{_text(value.isoformat())}</c>'
    if isinstance(value, datetime.datetime):
        serial = (value - EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
    style = f' s="{STYLE_TEXT}"' if text_column else ""
    return f'<c r="{ref}"{style} t="inlineStr">{_text(str(value))}</c>'


def stream_workbook(sheets, *, safe_value, text_kinds, widths):
    """Yield the bytes of a workbook. `sheets` is a list of (title, columns, rows) with columns as
    (label, kind); each sheet gets a bold frozen header, column widths, and an auto-filter over
    every row written."""
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5)
    archive.writestr(
        "[Content_Types].xml",
        CONTENT_TYPES.format(sheets="".join(SHEET_CONTENT_TYPE.format(n=n) for n in range(1, len(sheets) + 1))),
    )
    archive.writestr("_rels/.rels", ROOT_RELS)
    archive.writestr("xl/styles.xml", STYLES)
    yield sink.take()
    titles, names = [], []
    for number, (title, columns, rows) in enumerate(sheets, start=1):
        title = SHEET_NAME_FORBIDDEN.sub("-", str(title))[:31] or f"Sheet{number}"
        titles.append(title)
        letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
        text_columns = [kind in text_kinds for _label, kind in columns]
        cols = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(
                (max(widths.get(kind, 16), len(str(label)) + 3) for label, kind in columns), start=1
            )
        )
        with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
            part.write(SHEET_START.format(cols=cols).encode())
            header = "".join(
                f'<c r="{letter}1" s="{STYLE_HEADER}" t="inlineStr">{_text(str(label))}</c>'
                for letter, (label, _kind) in zip(letters, columns, strict=True)
            )
            part.write(f'<row r="1">{header}</row>'.encode())
            row_number = 1
            batch = []
            for row in rows:
                row_number += 1
                cells = "".join(
                    _cell(f"{letter}{row_number}", safe_value(value), text)
                    for letter, value, text in zip(letters, row, text_columns, strict=True)
                )
                batch.append(f'<row r="{row_number}">{cells}</row>')
                if len(batch) == ROWS_PER_CHUNK:
                    part.write("".join(batch).encode())
                    batch.clear()
                    yield sink.take()
            part.write("".join(batch).encode())
            last = letters[-1] if letters else "A"
            part.write(f'</sheetData><autoFilter ref="A1:{last}{row_number}"/></worksheet>'.encode())
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" hidden="1">'
            f"{escape(quote_sheet(title))}!$A$1:${last}${row_number}</definedName>"
        )
        yield sink.take()
    archive.writestr(
        "xl/workbook.xml",
        WORKBOOK.format(
            sheets="".join(
                f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>' for n, title in enumerate(titles, 1)
            ),
            names="".join(names),
        ),
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        WORKBOOK_RELS.format(sheets="".join(SHEET_REL.format(n=n) for n in range(1, len(titles) + 1))),
    )
    archive.close()
    yield sink.take()


def quote_sheet(title):
    return "'" + title.replace("'", "''") + "'"
