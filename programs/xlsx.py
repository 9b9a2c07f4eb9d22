"""The one spreadsheet mechanism every app uses: safe cells, streamed write-only exports,
and a guarded reader for uploads."""

import datetime
import tempfile
import zipfile
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(Exception):
    """An upload that is not a readable spreadsheet; the message is for the user."""


# Column widths by kind (in characters); a header longer than this widens its column.
KIND_WIDTHS = {"text": 24, "wide": 48, "number": 12, "date": 12, "datetime": 18, "nip": 22, "percent": 10}
TEXT_KINDS = {"text", "wide", "nip"}


def safe_value(value):
    """A value a spreadsheet shows as it is. Text that starts like a formula (=, +, -, @, tab, CR)
    gets a leading apostrophe (OWASP's advice), so Excel/LibreOffice never evaluate it, not even
    after the cell is edited. Aware datetimes are written in Jakarta time (Excel has no zones)."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.datetime):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return timezone.localtime(value).replace(tzinfo=None)
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


def text_value(sheet, value):
    """A text column's value: a plain (formula-safe) string, which costs nothing extra, except text
    that looks like a number (NIPs, codes), which gets a cell formatted as text so that Excel keeps
    all 18 digits even after the cell is edited."""
    if value is None:
        return None
    text = str(value)
    if text[:1].isdigit() and text.replace(" ", "").replace(".", "").isdigit():
        return text_cell(sheet, text)
    return safe_value(text)


def write_rows(sheet, columns, rows):
    """Write a header and rows into a write-only sheet, as a table someone can work with: the header
    frozen, an auto-filter over the data, column widths by kind. `columns` is a list of (label, kind)
    where kind is one of KIND_WIDTHS ("text"/"wide"/"nip" force text, so codes and NIPs stay as
    typed); rows are sequences in column order. Returns the number of data rows."""
    kinds = [column[1] for column in columns]
    for index, (label, kind, *_rest) in enumerate(columns, start=1):
        width = max(KIND_WIDTHS.get(kind, 16), len(str(label)) + 3)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, label, bold=True) for label, *_rest in columns])
    text_columns = [kind in TEXT_KINDS for kind in kinds]
    count = 0
    for row in rows:
        sheet.append(
            [
                text_value(sheet, value) if text else safe_value(value)
                for value, text in zip(row, text_columns, strict=True)
            ]
        )
        count += 1
    # Set after the rows: a write-only sheet writes its filter when it is closed.
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    return count


def xlsx_response(filename, sheets):
    """Stream a workbook. `sheets` is a list of (title, columns, rows); rows may be a generator,
    so memory stays flat: openpyxl's write-only mode spools rows to disk, and the finished file is
    streamed back in chunks."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when the download ends
    write_workbook(spool, sheets)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def write_workbook(target, sheets):
    """Write (title, columns, rows) sheets as one workbook into a file object; returns rows written."""
    workbook = Workbook(write_only=True)
    total = 0
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        total += write_rows(sheet, columns, rows)
    workbook.save(target)
    return total


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


def wants_xlsx(request):
    """A list page asked for as Excel (its export link adds format=xlsx to the same filters)."""
    return request.GET.get("format") == "xlsx"


def list_xlsx(request, *, filename, title, columns, objects, model=None):
    """A list page's objects as a streamed workbook. `columns` is a list of (label, kind, value)
    where value(obj) gives the cell. With `model`, the export is personal data and goes to the
    audit trail with its filters."""
    if model is not None:
        from .audit import record_export

        filters = {key: value for key, value in request.GET.items() if key not in ("format", "page")}
        record_export(request, model=model, description=title, rows=objects.count(), filters=filters)
    rows = ([value(obj) for _label, _kind, value in columns] for obj in objects.iterator(chunk_size=2000))
    return xlsx_response(filename, [(title, [(label, kind) for label, kind, _value in columns], rows)])


def choice_labels(model, field_name):
    """A field's choices as {value: translated label}, built once per export: a model's
    get_FOO_display() rebuilds that mapping on every call, which dominates a 50,000-row export."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
