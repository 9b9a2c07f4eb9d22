import io
import zipfile

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import GeneratedFile
from programs import import_jobs
from programs.employee_import import apply_import, plan_import
from programs.models import Employee, OrgUnit, Position

from .siasn import COLUMNS, siasn_row, upload, workbook_bytes


@pytest.fixture
def root(tree, reference_data):
    return tree.root


def test_a_clean_file_creates_employees_units_and_positions(root):
    rows = [
        siasn_row(1),
        siasn_row(2),
        siasn_row(
            3,
            jabatan_id="JAB-AK",
            jabatan_nama="Analis Kebijakan Ahli Muda",
            jenis_jabatan_id="2",
            unor_id="UNOR-KEC-1",
            unor_nama="Kecamatan Satu",
        ),
    ]
    plan = plan_import(upload(rows))
    assert plan.ok, plan.errors
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    apply_import(plan)
    first = Employee.objects.get(nip="198001012005011001")
    assert first.name == "Pegawai Impor 1" and first.golongan == "32" and first.unit.name == "Kelurahan Satu"
    kecamatan = OrgUnit.objects.get(siasn_unor_id="SATKER-KEC-1")
    assert OrgUnit.objects.get_parent(first.unit) == kecamatan
    assert OrgUnit.objects.get_parent(kecamatan) == root
    analis = Position.objects.get(siasn_jabatan_id="JAB-AK")
    assert (analis.kind, analis.jenjang) == ("fungsional_keahlian", "ahli_muda")
    assert analis.requirements.count() == 9  # default standard applied
    assert all(not problems for problems in OrgUnit.objects.find_problems())


def test_importing_the_same_file_twice_changes_nothing(root):
    rows = [siasn_row(n) for n in range(1, 6)]
    apply_import(plan_import(upload(rows)))
    before = (Employee.objects.count(), OrgUnit.objects.count(), Position.objects.count(), LogEntry.objects.count())
    plan = plan_import(upload(rows))
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 5)
    assert not plan.new_units and not plan.new_positions
    apply_import(plan)
    after = (Employee.objects.count(), OrgUnit.objects.count(), Position.objects.count(), LogEntry.objects.count())
    assert before == after


def test_changed_rows_update_by_nip_and_are_audited(root):
    apply_import(plan_import(upload([siasn_row(1), siasn_row(2)])))
    plan = plan_import(upload([siasn_row(1, gol_akhir_id="33", nama="Pegawai Baru Nama"), siasn_row(2)]))
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 1)
    apply_import(plan)
    person = Employee.objects.get(nip="198001012005011001")
    assert person.golongan == "33" and person.name == "Pegawai Baru Nama"
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["golongan"] == ["32", "33"]


def test_one_bad_row_and_nothing_is_written(root):
    rows = [
        siasn_row(1),
        siasn_row(2, nip_baru="19800101200513 1 002"),
        siasn_row(3, tanggal_lahir="02-01-1980"),
        siasn_row(4, jenis_kelamin="X"),
        siasn_row(5, nama=""),
        siasn_row(6, gol_akhir_id="99"),
    ]
    units = OrgUnit.objects.count()
    plan = plan_import(upload(rows))
    assert not plan.ok
    report = {(error.row, error.column) for error in plan.errors}
    assert report == {(3, "nip_baru"), (4, "tanggal_lahir"), (5, "jenis_kelamin"), (6, "nama"), (7, "gol_akhir_id")}
    with pytest.raises(ValueError):
        apply_import(plan)
    assert Employee.objects.count() == 0 and OrgUnit.objects.count() == units


def test_gender_must_agree_with_the_nip(root):
    plan = plan_import(upload([siasn_row(1, jenis_kelamin="F")]))
    assert [(e.column, e.message) for e in plan.errors] == [
        ("jenis_kelamin", "Jenis kelamin tidak sesuai dengan digit ke-15 NIP.")
    ]


def test_duplicate_nips_in_the_file_are_reported(root):
    plan = plan_import(upload([siasn_row(1), siasn_row(1)]))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "nip_baru"), (3, "nip_baru")]


def test_pppk_rows_skip_the_month_check_and_take_roman_golongan(root):
    row = siasn_row(
        1,
        nip_baru="199009132025242014",
        tanggal_lahir="13-09-1990",
        jenis_kelamin="F",
        kedudukan_hukum_id="71",
        gol_akhir_id="IX",
        status_cpns_pns="",
    )
    apply_import(plan_import(upload([row])))
    person = Employee.objects.get()
    assert (person.status, person.golongan) == ("pppk", "p09")


def test_missing_required_columns_are_named(root):
    columns = [c for c in COLUMNS if c not in ("tanggal_lahir", "unor_nama")]
    plan = plan_import(upload([siasn_row(1)], columns=columns))
    assert "tanggal_lahir" in plan.file_error and "unor_nama" in plan.file_error


def test_extra_columns_are_ignored(root):
    plan = plan_import(upload([dict(siasn_row(1), kolom_tambahan="x")], columns=COLUMNS + ["kolom_tambahan"]))
    assert plan.ok


@pytest.mark.parametrize(
    "name,content,fragment",
    [
        ("pegawai.csv", b"nip_baru,nama\n1,2\n", ".xlsx"),
        ("pegawai.xlsx", b"this is not a zip file", "bukan file Excel"),
        ("pegawai.xlsx", b"PK\x03\x04broken zip", "bukan file Excel"),
    ],
)
def test_files_that_are_not_xlsx_get_a_clear_error(root, name, content, fragment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = plan_import(SimpleUploadedFile(name, content))
    assert fragment in plan.file_error


def test_a_zip_that_is_not_a_workbook(root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    plan = plan_import(SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert plan.file_error and not plan.ok


def test_too_large_files_are_refused(root, settings):
    settings.IMPORT_MAX_BYTES = 1000
    plan = plan_import(upload([siasn_row(n) for n in range(1, 40)]))
    assert "terlalu besar" in plan.file_error


def test_a_zip_bomb_is_refused_before_it_is_unpacked(root, monkeypatch):
    from core import xlsx

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1048576))  # 3 MB of zeros in ~3 KB
    monkeypatch.setattr(xlsx, "LARGE_ENTRY", 1048576)  # the real thresholds scaled down a hundredfold
    plan = plan_import(SimpleUploadedFile("bom.xlsx", buffer.getvalue()))
    assert "tidak wajar" in plan.file_error and not plan.ok
    monkeypatch.setattr(xlsx, "LARGE_ENTRY", 10 * 1048576)
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 2 * 1048576)
    assert "tidak wajar" in plan_import(SimpleUploadedFile("bom.xlsx", buffer.getvalue())).file_error
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 200 * 1048576)
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for index in range(30):
            archive.writestr(f"part{index}.xml", "<a/>")
    monkeypatch.setattr(xlsx, "MAX_ENTRIES", 20)
    assert "tidak wajar" in plan_import(SimpleUploadedFile("many.xlsx", many.getvalue())).file_error


def test_a_real_export_passes_the_archive_check(root):
    plan = plan_import(upload([siasn_row(n) for n in range(1, 60)]))
    assert plan.ok, plan.file_error or plan.errors


def test_uploads_are_parsed_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl then refuses entity expansion and external entities


def test_an_empty_sheet(root):
    plan = plan_import(upload([]))
    assert plan.file_error == "Berkas tidak berisi baris data pegawai."


# --- through the browser ---------------------------------------------------------------------


def post_upload(client, capture, file):
    """Upload as the browser does: the request only queues the check (it answers with a redirect to
    the page that polls); the check runs when the request's transaction commits (the test backend
    runs tasks at once). Returns the page once the check is done."""
    with capture(execute=True):
        response = client.post(reverse("programs:employee_import"), {"file": file})
    assert response.status_code == 302
    return client.get(response.url)


def confirm(client, capture, job):
    with capture(execute=True):
        response = client.post(reverse("programs:employee_import_confirm", args=[job.pk]))
    return client.get(response.url)


def test_upload_preview_then_confirm(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    response = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1), siasn_row(2)]))
    html = response.content.decode()
    assert "2 pegawai baru akan ditambahkan" in html
    assert Employee.objects.count() == 0  # a preview writes nothing
    check = response.context["job"]
    response = confirm(client, django_capture_on_commit_callbacks, check)
    assert Employee.objects.count() == 2
    assert "Impor selesai: 2 pegawai baru" in response.content.decode()
    # A double-clicked confirm does not import twice: it shows the save already made.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("programs:employee_import_confirm", args=[check.pk]), follow=True)
    assert "Impor selesai: 2 pegawai baru" in again.content.decode()
    assert Employee.objects.count() == 2


def test_the_preview_lists_each_new_and_updated_person_with_what_changes(
    client, admin, root, django_capture_on_commit_callbacks
):
    """The preview said only '1 pegawai akan diperbarui': now it names each person and, for an update,
    each field from old to new; the full list is a workbook (a province's file is 20,000 rows)."""
    apply_import(plan_import(upload([siasn_row(1), siasn_row(2)])))
    client.force_login(admin)
    rows = [siasn_row(1, gol_akhir_id="33", nama="Pegawai Ganti Nama"), siasn_row(2), siasn_row(3)]
    response = post_upload(client, django_capture_on_commit_callbacks, upload(rows))
    html = response.content.decode()
    assert "Pegawai baru" in html and "Pegawai yang diperbarui" in html
    assert "198001012005011003" in html and "Pegawai Impor 3" in html
    assert "Pegawai Impor 2" not in html  # unchanged: not listed
    assert "Pegawai Impor 1</td>" in html
    assert "Golongan/ruang</span>: III/b → III/c" in html
    assert "Nama</span>: Pegawai Impor 1 → Pegawai Ganti Nama" in html
    download = client.get(reverse("programs:employee_import_errors", args=[response.context["job"].pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("Baris", "NIP", "Nama", "Perubahan", "Kolom", "Semula", "Menjadi")
    assert (2, "198001012005011001", "Pegawai Impor 1", "Diperbarui", "Golongan/ruang", "III/b", "III/c") in lines
    assert any(line[1] == "198001012005011003" and line[3] == "Baru" for line in lines)
    assert Employee.objects.count() == 2  # still a preview


def test_the_preview_shows_the_first_people_and_the_workbook_all(
    client, admin, root, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(import_jobs, "PEOPLE_SHOWN", 2)
    client.force_login(admin)
    response = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(n) for n in range(1, 6)]))
    html = response.content.decode()
    assert "2 pertama dari 5 ditampilkan" in html and "Pegawai Impor 5" not in html
    download = client.get(reverse("programs:employee_import_errors", args=[response.context["job"].pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert {line[2] for line in sheet.iter_rows(min_row=2, values_only=True)} == {
        f"Pegawai Impor {n}" for n in range(1, 6)
    }


def test_the_template_to_download_has_the_columns_and_an_example_that_imports(client, operator, pegawai, root):
    client.force_login(pegawai)
    assert client.get(reverse("programs:employee_import_template")).status_code == 403
    client.force_login(operator)
    page = client.get(reverse("programs:employee_import")).content.decode()
    assert reverse("programs:employee_import_template") in page
    response = client.get(reverse("programs:employee_import_template"))
    assert 'filename="templat-impor-pegawai-siasn.xlsx"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    header, example = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert {"nip_baru", "nama", "tanggal_lahir", "jenis_kelamin", "jabatan_nama", "unor_nama"} <= set(header)
    assert example[header.index("nip_baru")] == "198503142010012007"  # text, not a number Excel rounds
    plan = plan_import(SimpleUploadedFile("templat.xlsx", content))
    assert plan.ok, plan.errors
    assert plan.created == 1 and plan.changes[0].name == "Siti Rahmawati"


def test_errors_are_shown_per_row_and_downloadable(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    response = post_upload(
        client, django_capture_on_commit_callbacks, upload([siasn_row(1), siasn_row(2, nip_baru="123")])
    )
    html = response.content.decode()
    assert "tidak ada data yang disimpan" in html and "NIP harus 18 digit" in html
    download = client.get(reverse("programs:employee_import_errors", args=[response.context["job"].pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Nilai", "Masalah")
    assert rows[1][:3] == (3, "nip_baru", "123")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=admin).exists()


def test_a_broken_upload_is_a_message_not_a_500(client, admin, root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin)
    response = client.post(reverse("programs:employee_import"), {"file": SimpleUploadedFile("x.xlsx", b"garbage")})
    assert response.status_code == 200
    assert "Berkas tidak dapat diimpor" in response.content.decode()


def test_operator_import_is_limited_to_their_subtree(
    client, operator, tree, reference_data, django_capture_on_commit_callbacks
):
    tree.a1.siasn_unor_id = "UNOR-A1"
    tree.a1.save()
    tree.b.siasn_unor_id = "UNOR-B"
    tree.b.save()
    client.force_login(operator)
    rows = [
        siasn_row(1, unor_id="UNOR-A1", unor_nama="Kelurahan A1"),
        siasn_row(2, unor_id="UNOR-B", unor_nama="Kec B"),
        siasn_row(3, unor_id="UNOR-NEW", unor_nama="Unit Baru"),
    ]
    response = post_upload(client, django_capture_on_commit_callbacks, upload(rows))
    errors = {(row, message) for row, _column, _value, message in response.context["result"]["errors"]}
    assert errors == {
        (3, "Unit ini di luar cakupan Anda."),
        (4, "Unit ini belum ada di Bangkom; hanya admin yang dapat membuat unit lewat impor."),
    }
    assert Employee.objects.count() == 0


def test_operator_cannot_reach_another_users_preview(
    client, operator, other_unit_operator, admin, root, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)])).context["job"]
    client.force_login(other_unit_operator)
    assert client.get(reverse("programs:employee_import_job", args=[check.pk])).status_code == 404
    assert client.get(reverse("programs:employee_import_errors", args=[check.pk])).status_code == 404
    assert client.post(reverse("programs:employee_import_cancel", args=[check.pk])).status_code == 404
    assert client.post(reverse("programs:employee_import_confirm", args=[check.pk])).status_code == 404
    assert Employee.objects.count() == 0


def test_the_upload_request_only_queues_the_check(client, admin, root):
    """A 100,000-row file took 80 s to check inside the request; now the request stores it and
    answers at once, and the page polls the worker's progress."""
    client.force_login(admin)
    response = client.post(reverse("programs:employee_import"), {"file": upload([siasn_row(1), siasn_row(2)])})
    assert response.status_code == 302  # the check has not run: it waits for the worker
    job = GeneratedFile.objects.get(kind=import_jobs.IMPORT_CHECK)
    assert job.status == "queued" and response.url == job.get_absolute_url()
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-hx-trigger="every 2s"' in fragment and "<html" not in fragment


def test_saving_also_runs_in_the_worker(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)])).context["job"]
    response = client.post(reverse("programs:employee_import_confirm", args=[check.pk]))
    assert response.status_code == 302 and Employee.objects.count() == 0
    apply = GeneratedFile.objects.get(kind=import_jobs.IMPORT_APPLY)  # the check's own record goes on
    assert (apply.pk, apply.status) == (check.pk, "queued") and response.url == apply.get_absolute_url()


def test_a_locked_database_while_saving_is_waited_out(
    client, admin, root, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """SQLite answers "database is locked" while another process writes: the worker waits and
    tries again; the import is saved whole, once."""
    settings.BANGKOM = {**settings.BANGKOM, "JOB_LOCK_PAUSE_SECONDS": 0}
    calls = []

    def locked_once(plan, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return apply_import(plan, **kwargs)

    monkeypatch.setattr(import_jobs, "apply_import", locked_once)
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1), siasn_row(2)])).context["job"]
    page = confirm(client, django_capture_on_commit_callbacks, check).content.decode()
    assert len(calls) == 2 and Employee.objects.count() == 2
    assert "Impor selesai: 2 pegawai baru" in page
    apply = GeneratedFile.objects.get(kind=import_jobs.IMPORT_APPLY)
    assert (apply.status, apply.attempts) == ("done", 1)


def test_a_save_that_keeps_failing_says_so_and_writes_nothing(
    client, admin, root, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(plan, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(import_jobs, "apply_import", broken)
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)])).context["job"]
    page = confirm(client, django_capture_on_commit_callbacks, check).content.decode()
    assert "Tidak ada data yang disimpan" in page and "Coba lagi" in page and Employee.objects.count() == 0


# --- no upload of personal data is left behind ------------------------------------------------


def stored_uploads():
    try:
        return default_storage.listdir("imports")[1]
    except FileNotFoundError:
        return []


def input_of(job):
    return job.params["input"]


def test_the_upload_is_deleted_once_saved(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)])).context["job"]
    name = input_of(check)
    assert default_storage.exists(name)
    confirm(client, django_capture_on_commit_callbacks, check)
    assert not default_storage.exists(name)
    assert not GeneratedFile.objects.filter(kind=import_jobs.IMPORT_CHECK).exists()


def test_a_file_with_errors_is_not_kept(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    file = upload([siasn_row(1, nip_baru="123")])
    check = post_upload(client, django_capture_on_commit_callbacks, file).context["job"]
    assert not default_storage.exists(input_of(check))


def test_a_new_upload_or_batal_deletes_the_previous_preview(client, admin, root, django_capture_on_commit_callbacks):
    client.force_login(admin)
    page = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)]))
    first = page.context["job"]
    # The preview offers another upload, sent to the upload page.
    assert f'action="{reverse("programs:employee_import")}"' in page.content.decode()
    second = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(2)])).context["job"]
    assert not default_storage.exists(input_of(first)) and not GeneratedFile.objects.filter(pk=first.pk).exists()
    assert default_storage.exists(input_of(second))
    response = client.post(reverse("programs:employee_import_cancel", args=[second.pk]), follow=True)
    assert "sudah dihapus" in response.content.decode()
    assert not default_storage.exists(input_of(second)) and not GeneratedFile.objects.filter(pk=second.pk).exists()


def test_import_files_left_without_their_job_are_pruned(settings, db):
    """The 12 files found on disk: uploads of personal data no job refers to any more."""
    orphan = default_storage.save("imports/left-behind.xlsx", ContentFile(b"PK old upload"))
    later = timezone.now() + timezone.timedelta(hours=settings.BANGKOM["IMPORT_KEEP_HOURS"], minutes=1)
    with time_machine.travel(later, tick=False):
        fresh = default_storage.save("imports/just-uploaded.xlsx", ContentFile(b"PK new upload"))
        call_command("prune_generated_files")
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh)  # an upload being checked right now stays
    default_storage.delete(fresh)


def prune_later(settings, hours=0):
    later = timezone.now() + timezone.timedelta(hours=settings.BANGKOM["IMPORT_KEEP_HOURS"] + hours, minutes=1)
    with time_machine.travel(later, tick=False):
        call_command("prune_generated_files")


def test_abandoned_previews_and_their_reports_are_pruned(
    client, admin, root, settings, django_capture_on_commit_callbacks
):
    """A preview nobody confirms or cancels goes after IMPORT_KEEP_HOURS with its upload, and a
    check's error report (personal data too) with it."""
    client.force_login(admin)
    check = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(1)])).context["job"]
    prune_later(settings)
    assert not GeneratedFile.objects.filter(pk=check.pk).exists() and not default_storage.exists(input_of(check))
    errors = post_upload(client, django_capture_on_commit_callbacks, upload([siasn_row(2, nip_baru="1")])).context[
        "job"
    ]
    report = errors.file.name
    assert default_storage.exists(report)
    prune_later(settings)
    assert not GeneratedFile.objects.filter(pk=errors.pk).exists() and not default_storage.exists(report)


def test_pimpinan_cannot_import(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get(reverse("programs:employee_import")).status_code == 403


# --- command ---------------------------------------------------------------------------------


def test_command_dry_run_then_import(root, tmp_path, capsys):
    path = tmp_path / "siasn.xlsx"
    path.write_bytes(workbook_bytes([siasn_row(1), siasn_row(2)]))
    call_command("import_employees", str(path), "--dry-run")
    assert Employee.objects.count() == 0
    assert "2 new" in capsys.readouterr().out
    call_command("import_employees", str(path))
    assert Employee.objects.count() == 2


def test_command_reports_row_errors_and_writes_nothing(root, tmp_path, capsys):
    path = tmp_path / "siasn.xlsx"
    path.write_bytes(workbook_bytes([siasn_row(1), siasn_row(2, jenis_kelamin="Q")]))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_employees", str(path))
    assert "row 3, jenis_kelamin" in capsys.readouterr().err
    assert Employee.objects.count() == 0
