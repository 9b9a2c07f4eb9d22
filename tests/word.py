"""Reading a Word copy back for the tests of the documents offered as PDF and Word: its lines, its
grid tables, its footer; and the check that the Word copy says what its PDF says."""

import io
import re

import docx
from docx.table import Table as WordTable
from docx.table import _Cell

from core.word import DOCX_TYPE
from tests.core.test_pdf import pdf_text

CLOCK = re.compile(r"\d\d\.\d\d")


def opened(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment;") and ".docx" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return docx.Document(io.BytesIO(content))


def _cells(table, row):
    """A row's cells, a merged cell once."""
    return [_Cell(tc, table) for tc in dict.fromkeys(cell._tc for cell in row.cells)]


def lines(document):
    """Every non-empty line of the body in order, a table's cells row by row."""
    found = []
    for part in document.iter_inner_content():
        if isinstance(part, WordTable):
            for row in part.rows:
                found.extend(p.text for cell in _cells(part, row) for p in cell.paragraphs)
        else:
            found.append(part.text)
    return [text.strip() for text in found if text.strip()]


def grids(document):
    """The bordered tables (the data, not the kop or the signature's layout table), as rows of cell
    texts, the header row first."""
    return [
        [[cell.text for cell in _cells(table, row)] for row in table.rows]
        for table in document.tables
        if table.style is not None and table.style.name == "Table Grid"
    ]


def footer(document):
    return " ".join(p.text for section in document.sections for p in section.footer.paragraphs)


def flat(text):
    return " ".join(text.split())


def _bare(text):
    # Without any white space: a cell the PDF wraps over two lines is still found.
    return "".join(text.split())


def assert_says_what_the_pdf_says(document, pdf, *, drawn=(), tabled=()):
    """Every line of the Word copy (kop, title, tables cell by cell, signature) is in the PDF's text,
    and the other way round every line of the PDF's text is somewhere in the Word copy; returns the
    PDF's text on one line. `drawn`: words only a chart of the PDF writes (its axis marks); `tabled`:
    lines only the Word copy has, heading a table that gives a chart's figures."""
    text = pdf_text(pdf)
    body = lines(document)
    missing = [line for line in body if _bare(line) not in _bare(text) and line not in tabled]
    assert not missing, ("in the Word copy, not in the PDF", missing)
    everything = _bare(" ".join([*body, footer(document)]))
    # The printing time is read twice, a minute apart at worst; a bullet is Word's list style, not text.
    unsaid = [
        word
        for word in text.split()
        if word not in everything and not CLOCK.fullmatch(word) and word != "•" and word not in drawn
    ]
    assert not unsaid, ("in the PDF, not in the Word copy", unsaid)
    return flat(text)
