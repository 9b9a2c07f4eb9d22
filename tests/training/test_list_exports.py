"""Every training list page exports to Excel exactly what it shows: same filters, same scope."""

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.formats import long_date
from programs.models import Competency, DevelopmentForm
from tests.factories import EmployeeFactory
from tests.xlsx import export as read_export
from tests.xlsx import header, rows
from training import enrolment, ledger
from training.models import Agreement, Enrolment, ExternalClaim, Instructor, Mentorship, Provider

from .conftest import make_session


def export(client, name, **params):
    return read_export(client, f"training:{name}", **params)


def make_claim(employee, *, title="Seminar nasional", status=ExternalClaim.Status.PENDING):
    return ExternalClaim.objects.create(
        employee=employee,
        development_form=DevelopmentForm.objects.get(code="KL06"),  # 4 JP a day
        title=title,
        organiser="LAN",
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 5),
        days=2,
        evidence=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4"),
        status=status,
    )


def make_mentorship(mentor, mentee, by):
    return Mentorship.objects.create(
        mentor=mentor,
        mentee=mentee,
        competency=Competency.objects.get(code="M.06"),
        development_form=DevelopmentForm.objects.get(code="NKL11"),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        created_by=by,
    )


# --- providers and instructors ----------------------------------------------------------------------


def test_provider_export_mirrors_the_table(client, operator, workshop, tree, admin, provider):
    make_session(workshop, tree.a, admin)
    ends = timezone.localdate() + datetime.timedelta(days=10)
    Agreement.objects.create(
        provider=provider, number="PKS-01", subject="Diklat", starts_on=datetime.date(2025, 1, 1), ends_on=ends
    )
    Provider.objects.create(name="Universitas Contoh", kind=Provider.Kind.UNIVERSITY, is_active=False)
    client.force_login(operator)
    sheet = export(client, "provider_list")
    assert header(sheet) == ["Nama", "Jenis", "Aktif", "Program", "Angkatan", "Perjanjian"]
    assert rows(sheet) == [
        (
            "BPSDM Provinsi",
            "BPSDM/LAN",
            "Ya",
            1,
            1,
            f"Perjanjian kerja sama (PKS) PKS-01: Segera berakhir {long_date(ends)}",
        ),
        ("Universitas Contoh", "Perguruan tinggi", "Tidak", 0, 0, None),
    ]
    assert isinstance(sheet["D2"].value, int)
    assert 'href="?format=xlsx"' in client.get(reverse("training:provider_list")).content.decode()


def test_instructor_export_is_recorded(client, operator, workshop, tree, admin, instructor):
    make_session(workshop, tree.a, admin, instructors=[instructor])
    Instructor.objects.create(name="Bu Sari", institution="=cmd|' /C calc'!A0")
    client.force_login(operator)
    sheet = export(client, "instructor_list")
    assert header(sheet) == ["Nama", "Instansi/lembaga", "Angkatan"]
    assert rows(sheet) == [("Bu Sari", "'=cmd|' /C calc'!A0", 0), ("Dr. Hartono", "BPSDM", 1)]
    assert isinstance(sheet["C3"].value, int)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == operator and entry.additional_data["rows"] == 2


def test_pegawai_cannot_export_providers_or_instructors(client, pegawai):
    client.force_login(pegawai)
    for name in ("provider_list", "instructor_list"):
        assert client.get(reverse(f"training:{name}"), {"format": "xlsx"}).status_code == 403


# --- approvals ------------------------------------------------------------------------------------


@pytest.fixture
def session(workshop, tree, admin):
    return make_session(workshop, tree.a, admin)


def self_register(session, employee, by):
    return enrolment.request_place(session=session, employee=employee, by=by, source=Enrolment.Source.SELF)


def test_approval_export_holds_only_the_pending_registrations(client, operator, admin, session, tree, pegawai_employee):
    waiting = self_register(session, pegawai_employee, admin)
    nominated = EmployeeFactory(unit=tree.a1, name="Sudah dinominasikan")
    enrolment.request_place(session=session, employee=nominated, by=operator, source=Enrolment.Source.NOMINATED)
    client.force_login(operator)
    sheet = export(client, "approval_list")
    assert header(sheet) == ["NIP", "Nama", "Unit", "Kegiatan", "Mulai", "Sumber", "Diajukan pada"]
    (row,) = rows(sheet)
    assert row[:6] == (
        pegawai_employee.nip,
        "Staf A1",
        "Kelurahan A1",
        "Workshop Komunikasi Publik — Angkatan I",
        datetime.datetime.combine(session.starts_on, datetime.time()),
        waiting.get_source_display(),
    )
    assert isinstance(row[0], str) and sheet["A2"].data_type == "s"
    assert isinstance(row[6], datetime.datetime)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=operator).count() == 1
    assert "format=xlsx" in client.get(reverse("training:approval_list")).content.decode()


def test_approval_export_is_scoped(client, operator, other_unit_operator, admin, session, tree, pegawai_employee):
    self_register(session, pegawai_employee, admin)
    self_register(session, EmployeeFactory(unit=tree.b, name="Orang B"), admin)
    client.force_login(operator)
    assert [row[1] for row in rows(export(client, "approval_list"))] == ["Staf A1"]
    client.force_login(other_unit_operator)
    assert [row[1] for row in rows(export(client, "approval_list"))] == ["Orang B"]


# --- claims ---------------------------------------------------------------------------------------


def test_claim_export_holds_only_the_pending_claims(client, operator, tree, pegawai_employee, reference_data):
    claim = make_claim(pegawai_employee)
    make_claim(pegawai_employee, title="Sudah diverifikasi", status=ExternalClaim.Status.VERIFIED)
    client.force_login(operator)
    sheet = export(client, "claim_list")
    assert header(sheet) == [
        "NIP",
        "Nama",
        "Unit",
        "Kegiatan",
        "Bentuk pengembangan",
        "Penyelenggara",
        "Mulai",
        "Selesai",
        "JP menurut aturan",
        "Diajukan pada",
    ]
    (row,) = rows(sheet)
    assert row[0] == pegawai_employee.nip and row[1:4] == ("Staf A1", "Kelurahan A1", "Seminar nasional")
    assert row[6] == datetime.datetime(2026, 5, 4) and row[7] == datetime.datetime(2026, 5, 5)
    assert isinstance(row[8], int | float) and Decimal(str(row[8])) == ledger.claim_jp(claim) == Decimal(8)
    assert isinstance(row[9], datetime.datetime)


def test_claim_export_is_scoped(client, operator, other_unit_operator, tree, pegawai_employee, reference_data):
    make_claim(pegawai_employee, title="Klaim A")
    make_claim(EmployeeFactory(unit=tree.b), title="Klaim B")
    client.force_login(operator)
    assert [row[3] for row in rows(export(client, "claim_list"))] == ["Klaim A"]
    client.force_login(other_unit_operator)
    assert [row[3] for row in rows(export(client, "claim_list"))] == ["Klaim B"]


# --- mentorships ----------------------------------------------------------------------------------


def test_mentorship_export_mirrors_the_table(client, operator, supervisor_employee, pegawai_employee, reference_data):
    mentorship = make_mentorship(supervisor_employee, pegawai_employee, operator)
    ledger.log_mentoring(mentorship=mentorship, date=datetime.date(2026, 2, 3), hours=Decimal(1), notes="", by=operator)
    client.force_login(operator)
    sheet = export(client, "mentorship_list")
    assert header(sheet) == [
        "NIP mentor",
        "Mentor",
        "NIP mentee",
        "Mentee",
        "Kompetensi",
        "Bentuk pengembangan",
        "Mulai",
        "Selesai",
        "Sesi",
    ]
    (row,) = rows(sheet)
    assert row[:4] == (supervisor_employee.nip, "Lurah A1", pegawai_employee.nip, "Staf A1")
    assert sheet["A2"].data_type == "s" and sheet["C2"].data_type == "s"
    assert row[6] == datetime.datetime(2026, 1, 1) and row[8] == 1 and isinstance(row[8], int)


def test_mentorship_export_is_scoped(
    client, operator, pegawai, tree, supervisor_employee, pegawai_employee, admin, reference_data
):
    make_mentorship(supervisor_employee, pegawai_employee, admin)
    make_mentorship(EmployeeFactory(unit=tree.b, name="Mentor B"), EmployeeFactory(unit=tree.b, name="Mentee B"), admin)
    make_mentorship(EmployeeFactory(unit=tree.a, name="Mentor A"), EmployeeFactory(unit=tree.a, name="Mentee A"), admin)
    client.force_login(operator)
    assert sorted(row[3] for row in rows(export(client, "mentorship_list"))) == ["Mentee A", "Staf A1"]
    client.force_login(pegawai)  # the mentee sees their own only
    assert [row[3] for row in rows(export(client, "mentorship_list"))] == ["Staf A1"]


# --- query ceiling --------------------------------------------------------------------------------


def test_export_query_counts_do_not_grow_with_rows(
    client, operator, admin, workshop, tree, session, supervisor_employee, django_assert_max_num_queries
):
    def add_rows(index):
        person = EmployeeFactory(unit=tree.a1, name=f"Orang {index}", supervisor=supervisor_employee)
        self_register(session, person, admin)
        make_claim(person, title=f"Klaim {index}")
        make_mentorship(supervisor_employee, person, admin)
        provider = Provider.objects.create(name=f"Mitra {index}", kind=Provider.Kind.PRIVATE)
        Agreement.objects.create(
            provider=provider,
            number=f"PKS-{index}",
            subject="Diklat",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2021, 1, 1),
        )
        Instructor.objects.create(name=f"Pengajar {index}")

    def download(name):
        response = client.get(reverse(f"training:{name}"), {"format": "xlsx"})
        return len(rows(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active))

    names = ["provider_list", "instructor_list", "approval_list", "claim_list", "mentorship_list"]
    add_rows(0)
    client.force_login(operator)
    counts, sizes = {}, {}
    for name in names:
        # session, user, roles, linked employee, audit count + content type + insert, rows, prefetch (+ savepoints)
        with django_assert_max_num_queries(14) as captured:
            sizes[name] = download(name)
        counts[name] = len(captured.captured_queries)
    for index in range(1, 21):
        add_rows(index)
    for name in names:
        with django_assert_max_num_queries(counts[name]):
            assert download(name) == sizes[name] + 20
