"""The streamed workbook writer: what it writes reads back as the same table, it starts sending
before the rows are read, and hostile text can neither break the file nor become a formula."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from core.xlsx import write_workbook, xlsx_response

COLUMNS = [("NIP", "nip"), ("Nama", "text"), ("JP", "number"), ("Lahir", "date"), ("Masuk", "datetime")]


def book(sheets):
    target = io.BytesIO()
    write_workbook(target, sheets)
    target.seek(0)
    return load_workbook(target)


def test_values_come_back_typed_and_the_table_is_set_up():
    rows = [
        [
            "198703142010012007",
            "Rina",
            Decimal("12.50"),
            datetime.date(1987, 3, 14),
            datetime.datetime(2026, 1, 2, 8, 30),
        ],
        ["198703142010012008", "  Dewi  ", 3, None, None],
    ]
    sheet = book([("Pegawai", COLUMNS, iter(rows))])["Pegawai"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("NIP", "Nama", "JP", "Lahir", "Masuk")
    assert values[1] == (
        "198703142010012007",
        "Rina",
        12.5,
        datetime.datetime(1987, 3, 14),
        datetime.datetime(2026, 1, 2, 8, 30),
    )
    assert values[2] == ("198703142010012008", "  Dewi  ", 3, None, None)
    assert sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@" and sheet["C2"].data_type == "n"
    assert sheet["D2"].number_format == "dd\\-mm\\-yyyy" and sheet["A1"].font.b
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E3"
    assert sheet.column_dimensions["A"].width == 22 and sheet.column_dimensions["B"].width == 24


def test_hostile_text_stays_text_and_the_file_stays_valid():
    nasty = ['=cmd|"/c calc"!A1', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a\x00b\x1fc", "<b>&amp;</b>", "x" * 40000]
    sheet = book([("Data", [("Teks", "text")], ([text] for text in nasty))]).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[:6] == ['\'=cmd|"/c calc"!A1', "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx"]
    assert values[6] == "abc" and values[7] == "<b>&amp;</b>" and len(values[8]) == 32767
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_several_sheets_with_awkward_names_and_no_rows():
    workbook = book([("Rekap: 2026/2027", COLUMNS, []), ("Jawaban 'A'", [("Nama", "text")], [["x"]])])
    assert workbook.sheetnames == ["Rekap- 2026-2027", "Jawaban 'A'"]
    assert workbook["Rekap- 2026-2027"].max_row == 1 and workbook["Jawaban 'A'"]["A2"].value == "x"


def test_the_first_bytes_leave_before_the_rows_are_read():
    consumed = []

    def rows():
        for number in range(2000):
            consumed.append(number)
            yield [str(number), "Nama", number, None, None]

    stream = iter(xlsx_response("uji.xlsx", [("Data", COLUMNS, rows())]).streaming_content)
    first = next(stream)
    assert first.startswith(b"PK") and consumed == []
    second = next(stream)
    assert 0 < len(consumed) < 2000  # one chunk of rows at a time, not the whole table
    rest = b"".join(stream)
    assert load_workbook(io.BytesIO(first + second + rest)).active.max_row == 2001


def test_values_excel_cannot_hold_are_written_as_text():
    columns = [("Nilai", "number"), ("Tanggal", "date")]
    rows = [
        [Decimal("NaN"), datetime.date(1899, 1, 1)],
        [float("inf"), datetime.datetime(1900, 1, 5, 8, 0)],
        [Decimal("1E+3"), datetime.date(1900, 3, 1)],
    ]
    sheet = book([("Data", columns, rows)]).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values[0] == ("NaN", "1899-01-01") and values[1] == ("inf", "1900-01-05T08:00:00")
    assert values[2] == (1000, datetime.datetime(1900, 3, 1))


def test_a_control_character_cannot_hide_a_formula():
    sheet = book([("Data", [("Teks", "text")], [['\x01=HYPERLINK("http://x")'], ["\ud800ok"]])]).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ['\'=HYPERLINK("http://x")', "ok"]
