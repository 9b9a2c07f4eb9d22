"""Paper SKM questionnaires typed into a spreadsheet: all rows or none, with a report per row.

Columns (first row, case-insensitive): U1..U9 (1-4, empty = unanswered), and optionally jenis_kelamin
(L/P), usia, pendidikan, pekerjaan, jenis_layanan, saran, tanggal (DD-MM-YYYY)."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import SpreadsheetError, cell_text, open_uploaded_workbook

from .models import UNSUR_FIELDS, ServiceResponse

CHOICES = {
    "pendidikan": {value for value, _label in ServiceResponse.Education.choices},
    "pekerjaan": {value for value, _label in ServiceResponse.Occupation.choices},
}


@dataclass
class SkmImport:
    responses: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row, column, message)
    file_error: str = ""


def read(uploaded, survey):
    result = SkmImport()
    try:
        workbook = open_uploaded_workbook(uploaded)
    except SpreadsheetError as error:
        result.file_error = str(error)
        return result
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(name).lower() for name in next(rows, ()) or ()]
        missing = [name for name in UNSUR_FIELDS if name not in header]
        if missing:
            result.file_error = _("Kolom wajib tidak ditemukan: %(columns)s.") % {
                "columns": ", ".join(m.upper() for m in missing)
            }
            return result
        for number, values in enumerate(rows, start=2):
            record = {name: value for name, value in zip(header, values or (), strict=False) if name}
            if all(cell_text(value) == "" for value in record.values()):
                continue
            _row(number, record, survey, result)
    except Exception as error:  # a malformed sheet can fail deep inside openpyxl
        result.file_error = _("Berkas Excel tidak dapat dibaca (%(reason)s).") % {"reason": error.__class__.__name__}
    finally:
        workbook.close()
    if not result.file_error and not result.responses and not result.errors:
        result.file_error = _("Berkas tidak berisi baris kuesioner.")
    return result


def _row(number, record, survey, result):
    before = len(result.errors)
    values = {}
    for name in UNSUR_FIELDS:
        text = cell_text(record.get(name))
        if text == "":
            values[name] = None
        elif text in ("1", "2", "3", "4"):
            values[name] = int(text)
        else:
            result.errors.append((number, name.upper(), _("Nilai harus 1, 2, 3 atau 4.")))
    gender = cell_text(record.get("jenis_kelamin")).upper()
    values["gender"] = {"L": "l", "P": "p", "": ""}.get(gender)
    if values["gender"] is None:
        result.errors.append((number, "jenis_kelamin", _("Isi L atau P.")))
    age = cell_text(record.get("usia"))
    if age and not (age.isdigit() and 10 <= int(age) <= 110):
        result.errors.append((number, "usia", _("Usia harus angka 10–110.")))
    values["age"] = int(age) if age.isdigit() else None
    for column, model_field in (("pendidikan", "education"), ("pekerjaan", "occupation")):
        text = cell_text(record.get(column)).lower()
        if text and text not in CHOICES[column]:
            result.errors.append(
                (number, column, _("Kode tidak dikenal: %(codes)s.") % {"codes": ", ".join(sorted(CHOICES[column]))})
            )
        values[model_field] = text if text in CHOICES[column] else ""
    values["service_type"] = cell_text(record.get("jenis_layanan"))[:200]
    values["suggestion"] = cell_text(record.get("saran"))[:3000]
    received = record.get("tanggal")
    if isinstance(received, datetime.datetime):
        received = received.date()
    elif cell_text(received):
        try:
            received = datetime.datetime.strptime(cell_text(received), "%d-%m-%Y").date()
        except ValueError:
            result.errors.append((number, "tanggal", _("Tanggal harus berformat DD-MM-YYYY.")))
            received = None
    else:
        received = None
    received = received or timezone.localdate()
    if not survey.starts_on <= received <= survey.ends_on:
        result.errors.append((number, "tanggal", _("Tanggal di luar periode survei.")))
    if len(result.errors) == before:
        result.responses.append(
            ServiceResponse(survey=survey, source=ServiceResponse.Source.PAPER, received_on=received, **values)
        )


@transaction.atomic
def save(result):
    if result.file_error or result.errors:
        raise ValueError("An import with errors is never saved.")
    ServiceResponse.objects.bulk_create(result.responses, batch_size=5000)
    return len(result.responses)
