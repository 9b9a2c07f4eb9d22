"""Subject access (UU 27/2022): a person downloads what Bangkom stores about them; the export is audited."""

from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse

from tests.xlsx import read_sheets
from training.models import LearningRecord


def download(client, person):
    return client.get(reverse("reports:personal_data", args=[person.pk]))


def test_an_asn_downloads_their_own_data_from_their_profile(client, pegawai, pegawai_employee, reference_data):
    from programs.models import DevelopmentForm

    LearningRecord.objects.create(
        employee=pegawai_employee,
        source="claim",
        title="Pelatihan Kearsipan",
        development_form=DevelopmentForm.objects.first(),
        starts_on="2026-03-01",
        ends_on="2026-03-02",
        year=2026,
        jp=Decimal(16),
    )
    client.force_login(pegawai)
    profile = client.get(reverse("programs:employee_detail", args=[pegawai_employee.pk])).content.decode()
    assert reverse("reports:personal_data", args=[pegawai_employee.pk]) in profile
    assert "Unduh data pribadi saya" in profile
    sheets = read_sheets(download(client, pegawai_employee))
    assert {"Data pribadi", "Riwayat pembelajaran", "Pendaftaran pelatihan", "Penilaian kompetensi"} <= set(sheets)
    fields = {row[0]: row[1] for row in sheets["Data pribadi"][1:]}
    assert fields["Nama lengkap"] == pegawai_employee.full_name and fields["Nama pengguna"] == pegawai.username
    assert sheets["Riwayat pembelajaran"][1][1] == "Pelatihan Kearsipan"
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == pegawai and pegawai_employee.nip in entry.additional_data["export"]


def test_the_units_operator_exports_it_and_others_cannot(
    client, operator, other_unit_operator, supervisor, pimpinan, pegawai_employee
):
    client.force_login(operator)
    assert download(client, pegawai_employee).status_code == 200
    client.force_login(other_unit_operator)
    assert download(client, pegawai_employee).status_code == 404  # another unit's person does not exist for them
    for reader in (supervisor, pimpinan):  # they read the person's pages, but do not take the data away
        client.force_login(reader)
        assert download(client, pegawai_employee).status_code == 403
    client.logout()
    assert download(client, pegawai_employee).status_code == 302


def test_the_export_reads_a_fixed_number_of_queries(
    client, operator, pegawai_employee, reference_data, django_assert_max_num_queries
):
    from programs.models import DevelopmentForm

    for form in DevelopmentForm.objects.all()[:6]:  # records of different forms: no query per record
        LearningRecord.objects.create(
            employee=pegawai_employee,
            source="claim",
            title=form.name,
            development_form=form,
            starts_on="2026-03-01",
            ends_on="2026-03-01",
            year=2026,
            jp=Decimal(2),
        )
    client.force_login(operator)
    with django_assert_max_num_queries(14):
        response = download(client, pegawai_employee)
        b"".join(response.streaming_content)
