"""Build SIASN employee export files for the import tests."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

COLUMNS = [
    line.strip()
    for line in (Path(__file__).resolve().parents[2] / "programs/reference/siasn-export-columns.txt")
    .read_text()
    .splitlines()
    if line.strip() and not line.startswith("#")
]


def siasn_row(n=1, **overrides):
    """A valid row; `n` varies the NIP and name."""
    row = {
        "pns_id": f"A8ACA7{n:06d}",
        "nip_baru": f"19800101200501{1 if n % 2 else 2}{n:03d}",
        "nama": f"Pegawai Impor {n}",
        "gelar_depan": "",
        "gelar_belakang": "S.E.",
        "tanggal_lahir": "01-01-1980",
        "jenis_kelamin": "M" if n % 2 else "F",
        "status_cpns_pns": "P",
        "kedudukan_hukum_id": "01",
        "gol_akhir_id": "32",
        "jenis_jabatan_id": "4",
        "jabatan_id": "JAB-PENGADM",
        "jabatan_nama": "Pengadministrasi Perkantoran",
        "unor_id": "UNOR-KEL-1",
        "unor_nama": "Kelurahan Satu",
        "satuan_kerja_kerja_id": "SATKER-KEC-1",
        "satuan_kerja_kerja_nama": "Kecamatan Satu",
        "email": f"pegawai{n}@example.go.id",
        "nomor_hp": "08123456789",
    }
    row.update(overrides)
    return row


def workbook_bytes(rows, columns=None):
    columns = columns or COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(rows, columns=None, name="siasn.xlsx"):
    return SimpleUploadedFile(name, workbook_bytes(rows, columns), content_type="application/octet-stream")
