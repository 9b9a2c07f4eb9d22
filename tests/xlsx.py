"""Reading back the workbooks the list pages export, for the export tests of every app."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    return sheet


def header(sheet):
    return [cell.value for cell in sheet[1]]


def rows(sheet):
    return list(sheet.iter_rows(min_row=2, values_only=True))


def export(client, url_name, **params):
    """A list page (by URL name, e.g. "training:claim_list") asked for as Excel, read back."""
    return read(client.get(reverse(url_name), {**params, "format": "xlsx"}))


def read_sheets(response):
    """Every sheet of a workbook response: {title: [row tuples, header first]}."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
