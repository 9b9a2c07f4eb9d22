"""The one spreadsheet mechanism every app uses: safe cells, streamed write-only exports,
and a guarded reader for uploads."""

import datetime
import zipfile
from decimal import Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .xlsx_stream import ILLEGAL_XML, stream_workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class SpreadsheetError(Exception):
    """An upload that is not a readable spreadsheet; the message is for the user."""


# Column widths by kind (in characters); a header longer than this widens its column.
KIND_WIDTHS = {"text": 24, "wide": 48, "number": 12, "date": 12, "datetime": 18, "nip": 22, "percent": 10}
TEXT_KINDS = {"text", "wide", "nip"}


def safe_value(value):
    """A value a spreadsheet shows as it is. Text that starts like a formula (=, +, -, @, tab, CR, LF)
    gets a leading apostrophe (OWASP's advice), so Excel/LibreOffice never evaluate it, not even
    after the cell is edited. Aware datetimes are written in Jakarta time (Excel has no zones)."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.datetime):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    # Characters XML cannot carry are dropped first, so none can hide a formula behind it.
    text = ILLEGAL_XML.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def xlsx_response(filename, sheets):
    """Stream a workbook. `sheets` is a list of (title, columns, rows): columns are (label, kind)
    with kind one of KIND_WIDTHS ("text"/"wide"/"nip" are written as text, so codes and NIPs stay as
    typed); rows may be a generator. The first bytes are sent at once and memory stays flat: rows
    go into the zip as they are read (core/xlsx_stream.py)."""
    response = StreamingHttpResponse(stream_sheets(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def stream_sheets(sheets):
    """The bytes of a workbook of (title, columns, rows) sheets, a chunk at a time."""
    return stream_workbook(sheets, safe_value=safe_value, text_kinds=TEXT_KINDS, widths=KIND_WIDTHS)


def write_workbook(target, sheets):
    """Write (title, columns, rows) sheets as one workbook into a file object."""
    for chunk in stream_sheets(sheets):
        target.write(chunk)


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
        check_archive(uploaded)
        uploaded.seek(0)
        return load_workbook(uploaded, read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise SpreadsheetError(
            _("Berkas Excel tidak dapat dibaca (%(reason)s). Simpan ulang sebagai .xlsx lalu coba lagi.")
            % {"reason": error.__class__.__name__}
        ) from error


# A SIASN export of 15,000 ASN unpacks to ~20 MB of XML at a ratio near 10; a zip bomb unpacks to
# gigabytes from a few kilobytes. The archive's directory is checked before anything is unpacked.
MAX_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200 * 1048576
MAX_RATIO = 250  # for entries above LARGE_ENTRY: small parts of a real workbook can compress very well
LARGE_ENTRY = 10 * 1048576


def check_archive(uploaded):
    """Refuse an .xlsx whose zip would unpack to too much (SpreadsheetError), reading only its directory."""
    with zipfile.ZipFile(uploaded) as archive:
        entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    inflated = any(
        entry.file_size > LARGE_ENTRY and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO for entry in entries
    )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or inflated:
        raise SpreadsheetError(
            _("Isi berkas ini tidak wajar untuk file Excel (terlalu besar setelah dibuka); berkas ditolak.")
        )


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
