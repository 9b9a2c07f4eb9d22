import datetime
import io

from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EmployeeFactory


def read(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active


def test_export_follows_the_list_filters_and_scope(client, operator, tree):
    EmployeeFactory(unit=tree.a1, name="Rina", status="pns")
    EmployeeFactory(unit=tree.a1, name="Dewi", status="cpns")
    EmployeeFactory(unit=tree.b, name="Orang B", status="pns")
    client.force_login(operator)
    sheet = read(client.get(reverse("programs:employee_export"), {"status": "pns"}))
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Rina"]


def test_nips_stay_text_and_formulas_never_run(client, admin, tree):
    EmployeeFactory(
        unit=tree.a,
        name='=HYPERLINK("http://evil","klik")',
        gelar_depan="@SUM(A1)",
        phone="+6281234",
        email="",
        nip="198703142010012007",
    )
    client.force_login(admin)
    sheet = read(client.get(reverse("programs:employee_export")))
    header = [cell.value for cell in sheet[1]]
    row = {header[i]: cell for i, cell in enumerate(sheet[2])}
    assert row["NIP"].value == "198703142010012007" and row["NIP"].data_type == "s"
    assert row["Nama"].value == '\'=HYPERLINK("http://evil","klik")'
    assert row["Gelar depan"].value == "'@SUM(A1)"
    assert row["Nomor HP"].value == "'+6281234"
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_export_is_recorded_in_the_audit_trail(client, operator, tree):
    EmployeeFactory.create_batch(3, unit=tree.a1)
    client.force_login(operator)
    client.get(reverse("programs:employee_export"), {"status": "pns"}, REMOTE_ADDR="10.9.8.7")
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == operator and entry.remote_addr == "10.9.8.7"
    assert entry.additional_data["rows"] == 3
    assert entry.additional_data["filters"] == {"status": "pns"}


def test_export_query_count_does_not_grow_with_rows(client, admin, tree, django_assert_max_num_queries):
    client.force_login(admin)
    EmployeeFactory.create_batch(2, unit=tree.a)

    def export():
        response = client.get(reverse("programs:employee_export"))
        b"".join(response.streaming_content)

    # session, user, roles, linked employee, count for the audit, content type, audit insert, rows (+ savepoints)
    with django_assert_max_num_queries(14) as captured:
        export()
    EmployeeFactory.create_batch(60, unit=tree.a)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        export()


def test_pegawai_and_supervisor_cannot_export(client, pegawai, supervisor):
    for user in (pegawai, supervisor):
        client.force_login(user)
        assert client.get(reverse("programs:employee_export")).status_code == 403


def test_audit_trail_page_is_for_the_admin_only(client, admin, operator, tree):
    EmployeeFactory(unit=tree.a, name="Tercatat")
    client.force_login(operator)
    assert client.get(reverse("core:audit_list")).status_code == 403
    client.force_login(admin)
    response = client.get(reverse("core:audit_list"), {"q": "Tercatat"})
    assert "Tercatat" in response.content.decode()


def test_sheets_are_tables_to_work_with(client, admin, tree):
    """Header frozen, auto-filter over every row, widths set, numbers and dates typed."""
    EmployeeFactory.create_batch(3, unit=tree.a)
    client.force_login(admin)
    sheet = read(client.get(reverse("programs:employee_export")))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q4"
    assert sheet.column_dimensions["A"].width >= 20
    header = [cell.value for cell in sheet[1]]
    birth = sheet.cell(row=2, column=header.index("Tanggal lahir") + 1).value
    assert isinstance(birth, datetime.datetime)


def test_list_pages_export_what_they_show(client, admin, tree):
    from programs.models import DevelopmentProgram, Position

    Position.objects.create(name="Kepala Seksi", kind=Position.Kind.PENGAWAS)
    Position.objects.create(name="Pengadministrasi", kind=Position.Kind.PELAKSANA)
    DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana A")
    client.force_login(admin)
    sheet = read(client.get(reverse("programs:position_list"), {"kind": "pelaksana", "format": "xlsx"}))
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [("Pengadministrasi", "Pelaksana")]
    sheet = read(client.get(reverse("programs:plan_list"), {"format": "xlsx"}))
    (row,) = sheet.iter_rows(min_row=2, values_only=True)
    assert row[:3] == ("Rencana A", 2027, "Kecamatan A") and isinstance(row[1], int)
    page = client.get(reverse("programs:position_list"), {"kind": "pelaksana", "page": "1"}).content.decode()
    assert "?kind=pelaksana&amp;format=xlsx" in page


def test_plan_list_export_is_scoped(client, other_unit_operator, tree):
    from programs.models import DevelopmentProgram

    DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana A")
    client.force_login(other_unit_operator)
    sheet = read(client.get(reverse("programs:plan_list"), {"format": "xlsx"}))
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == []


def test_audit_trail_export_is_itself_audited(client, admin, tree):
    EmployeeFactory(unit=tree.a, name="Tercatat")
    client.force_login(admin)
    sheet = read(client.get(reverse("core:audit_list"), {"q": "Tercatat", "format": "xlsx"}))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all("Tercatat" in row[4] for row in rows) and isinstance(rows[0][0], datetime.datetime)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__filters={"q": "Tercatat"}).exists()
