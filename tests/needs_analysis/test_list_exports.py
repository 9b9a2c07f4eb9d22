"""The needs-analysis list pages export to Excel exactly what they show: same filters, same scope."""

import datetime
import io

from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from needs_analysis import campaigns
from tests.factories import EmployeeFactory
from tests.xlsx import export as read_export
from tests.xlsx import header, rows

from .conftest import ALL_AT_STANDARD, answer, make_survey


def export(client, name, **params):
    return read_export(client, f"needs_analysis:{name}", **params)


# --- campaigns ------------------------------------------------------------------------------------


def test_survey_export_mirrors_the_table(client, admin, survey, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(admin)
    sheet = export(client, "survey_list")
    assert header(sheet) == [
        "Survei",
        "Unit penyelenggara",
        "Tahun",
        "Dibuka",
        "Ditutup",
        "Status",
        "Terisi",
        "Pegawai sasaran",
    ]
    (row,) = rows(sheet)
    assert row[:3] == ("AKPK uji", "Pemerintah Kota Contoh", survey.year) and isinstance(row[2], int)
    assert row[3] == datetime.datetime.combine(survey.opens_on, datetime.time())
    assert row[5] == "Dibuka"
    assert row[6:] == (1, survey.assessments.count())
    assert 'href="?format=xlsx"' in client.get(reverse("needs_analysis:survey_list")).content.decode()


def test_survey_export_is_scoped(client, other_unit_operator, operator, survey, tree, admin):
    make_survey(tree.a, admin, title="AKPK Kecamatan A")
    client.force_login(other_unit_operator)
    # The instansi-wide campaign reaches B's staff, but counts only them; A's own campaign is not there.
    assert [(row[0], row[6], row[7]) for row in rows(export(client, "survey_list"))] == [("AKPK uji", 0, 1)]
    client.force_login(operator)
    assert sorted(row[0] for row in rows(export(client, "survey_list"))) == ["AKPK Kecamatan A", "AKPK uji"]


# --- validation -----------------------------------------------------------------------------------


def test_validation_export_holds_only_the_submitted_assessments(client, supervisor, survey, staff):
    answer(survey.assessments.get(employee=staff["pegawai"]), ALL_AT_STANDARD)
    answer(survey.assessments.get(employee=staff["a1"]), ALL_AT_STANDARD, submit=False)  # a draft waits for no one
    client.force_login(supervisor)
    sheet = export(client, "validation_list")
    assert header(sheet) == ["NIP", "Nama", "Unit", "Survei", "Dikirim pada"]
    (row,) = rows(sheet)
    assert row[:4] == (staff["pegawai"].nip, "Staf A1", "Kelurahan A1", "AKPK uji")
    assert isinstance(row[0], str) and sheet["A2"].data_type == "s"
    assert isinstance(row[4], datetime.datetime)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == supervisor and entry.additional_data["rows"] == 1
    assert "format=xlsx" in client.get(reverse("needs_analysis:validation_list")).content.decode()


def test_validation_export_is_scoped(client, operator, other_unit_operator, survey, staff):
    for key in ("lurah", "b"):  # neither has a supervisor: their unit's operator validates
        answer(survey.assessments.get(employee=staff[key]), ALL_AT_STANDARD)
    client.force_login(operator)
    assert [row[1] for row in rows(export(client, "validation_list"))] == ["Lurah A1"]
    client.force_login(other_unit_operator)
    assert [row[1] for row in rows(export(client, "validation_list"))] == ["Staf B"]


# --- query ceiling --------------------------------------------------------------------------------


def test_export_query_counts_do_not_grow_with_rows(
    client, operator, admin, tree, position, survey, staff, django_assert_max_num_queries
):
    answer(survey.assessments.get(employee=staff["lurah"]), ALL_AT_STANDARD)

    def download(name):
        response = client.get(reverse(f"needs_analysis:{name}"), {"format": "xlsx"})
        return len(rows(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active))

    names = ["survey_list", "validation_list"]
    client.force_login(operator)
    counts, sizes = {}, {}
    for name in names:
        # session, user, roles, linked employee, (audit count + content type + insert), rows (+ savepoints)
        with django_assert_max_num_queries(12) as captured:
            sizes[name] = download(name)
        counts[name] = len(captured.captured_queries)
    for index in range(10):
        person = EmployeeFactory(unit=tree.a, position=position, name=f"Tanpa atasan {index}")
        more = make_survey(tree.a, admin, title=f"AKPK {index}", targets=[tree.a])
        campaigns.open_survey(survey=more, by=admin)
        answer(more.assessments.get(employee=person), ALL_AT_STANDARD)
    for name in names:
        with django_assert_max_num_queries(counts[name]):
            assert download(name) == sizes[name] + 10
