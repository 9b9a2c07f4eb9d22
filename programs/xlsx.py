"""The one spreadsheet mechanism every app uses: safe cells, streamed write-only exports,
and a guarded reader for uploads."""

import datetime
import tempfile
import zipfile
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(Exception):
    """An upload that is not a readable spreadsheet; the message is for the user."""


def safe_value(value):
    """A value a spreadsheet shows as it is. Text that starts like a formula (=, +, -, @, tab, CR)
    gets a leading apostrophe (OWASP's advice), so Excel/LibreOffice never evaluate it, not even
    after the cell is edited."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.datetime):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def text_cell(sheet, value, *, bold=False):
    """A cell forced to text: NIPs stay 18 digits instead of 1.97E+17."""
    cell = WriteOnlyCell(sheet, value=safe_value(None if value is None else str(value)))
    cell.data_type = "s"
    cell.number_format = "@"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_rows(sheet, columns, rows):
    """Write a header and rows into a write-only sheet. `columns` is a list of (label, kind)
    where kind "text" forces text (NIPs, codes); rows are sequences in column order."""
    sheet.append([text_cell(sheet, label, bold=True) for label, _kind in columns])
    kinds = [kind for _label, kind in columns]
    for row in rows:
        sheet.append(
            [
                text_cell(sheet, value) if kind == "text" else safe_value(value)
                for value, kind in zip(row, kinds, strict=True)
            ]
        )


def xlsx_response(filename, sheets):
    """Stream a workbook. `sheets` is a list of (title, columns, rows); rows may be a generator,
    so memory stays flat: openpyxl's write-only mode spools rows to disk, and the finished file is
    streamed back in chunks."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        write_rows(sheet, columns, rows)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when the download ends
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def cell_text(value):
    """A spreadsheet cell read as text: empty for None, 12 (not 12.0) for whole numbers, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def open_uploaded_workbook(uploaded):
    """Open an uploaded .xlsx read-only, or raise SpreadsheetError with an Indonesian message."""
    limit = settings.IMPORT_MAX_BYTES
    if uploaded.size > limit:
        raise SpreadsheetError(
            _("Berkas terlalu besar (%(size).1f MB); batasnya %(limit)d MB.")
            % {"size": uploaded.size / 1048576, "limit": limit // 1048576}
        )
    name = (getattr(uploaded, "name", "") or "").lower()
    if not name.endswith(".xlsx"):
        raise SpreadsheetError(_("Berkas harus berformat Excel .xlsx (bukan .xls, .csv atau lainnya)."))
    try:
        uploaded.seek(0)
        if not zipfile.is_zipfile(uploaded):
            raise SpreadsheetError(
                _("Berkas bukan file Excel .xlsx yang valid (mungkin rusak atau hanya diganti namanya).")
            )
        uploaded.seek(0)
        return load_workbook(uploaded, read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise SpreadsheetError(
            _("Berkas Excel tidak dapat dibaca (%(reason)s). Simpan ulang sebagai .xlsx lalu coba lagi.")
            % {"reason": error.__class__.__name__}
        ) from error
