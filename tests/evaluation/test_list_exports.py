"""The evaluation list pages export to Excel exactly what they show: same filters, same scope."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import CommunityInput, Question, Questionnaire, ServiceResponse, ServiceSurvey
from programs.models import Competency
from tests.xlsx import export as read_export
from tests.xlsx import header, rows

from .test_ikm import VECTOR


def export(client, name, **params):
    return read_export(client, f"evaluation:{name}", **params)


def make_skm(unit, by, *, title="SKM semester II", code="keca1"):
    return ServiceSurvey.objects.create(
        unit=unit,
        title=title,
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 12, 31),
        population=1000,
        service_types=["KTP"],
        code=code,
        created_by=by,
    )


def add_responses(survey):
    ServiceResponse.objects.bulk_create(
        ServiceResponse(
            survey=survey, received_on=datetime.date(2026, 11, 24), **{f"u{n + 1}": s for n, s in enumerate(row)}
        )
        for row in VECTOR
    )


def make_input(unit, by, summary, competencies=()):
    item = CommunityInput.objects.create(
        unit=unit,
        date=datetime.date(2026, 11, 1),
        channel=CommunityInput.Channel.MUSRENBANG,
        summary=summary,
        follow_up="Loket tambahan",
        created_by=by,
    )
    item.competencies.set(competencies)
    return item


# --- questionnaires -------------------------------------------------------------------------------


def test_questionnaire_export_mirrors_the_table(client, operator):
    reaction = Questionnaire.objects.create(title="Reaksi peserta", kind="reaction", version=2)
    for order in range(3):
        Question.objects.create(questionnaire=reaction, text=f"Pertanyaan {order}", type="likert5", order=order)
    Questionnaire.objects.create(title="Lama", kind="reaction", is_active=False)
    client.force_login(operator)
    sheet = export(client, "questionnaire_list")
    assert header(sheet) == ["Judul", "Versi", "Jenis", "Aktif", "Pertanyaan", "Dipakai"]
    assert rows(sheet) == [
        ("Lama", 1, "Reaksi (level 1)", "Tidak", 0, 0),
        ("Reaksi peserta", 2, "Reaksi (level 1)", "Ya", 3, 0),
    ]
    assert isinstance(sheet["E3"].value, int)
    assert 'href="?format=xlsx"' in client.get(reverse("evaluation:questionnaire_list")).content.decode()


def test_pegawai_cannot_export_questionnaires(client, pegawai):
    client.force_login(pegawai)
    assert client.get(reverse("evaluation:questionnaire_list"), {"format": "xlsx"}).status_code == 403


# --- SKM ------------------------------------------------------------------------------------------


def test_skm_export_mirrors_the_table(client, operator, tree, admin):
    survey = make_skm(tree.a, admin)
    add_responses(survey)
    client.force_login(operator)
    sheet = export(client, "skm_list")
    assert header(sheet) == ["Unit layanan", "Judul", "Periode mulai", "Periode selesai", "Responden"]
    (row,) = rows(sheet)
    assert row == ("Kecamatan A", "SKM semester II", datetime.datetime(2026, 7, 1), datetime.datetime(2026, 12, 31), 5)
    assert isinstance(row[4], int)
    assert "format=xlsx" in client.get(reverse("evaluation:skm_list")).content.decode()


def test_skm_export_is_scoped(client, operator, other_unit_operator, tree, admin):
    make_skm(tree.a1, admin, title="SKM kelurahan", code="kel-a1")
    make_skm(tree.b, admin, title="SKM B", code="kec-b")
    client.force_login(operator)
    assert [row[1] for row in rows(export(client, "skm_list"))] == ["SKM kelurahan"]
    client.force_login(other_unit_operator)
    assert [row[1] for row in rows(export(client, "skm_list"))] == ["SKM B"]


# --- community input ------------------------------------------------------------------------------


def test_community_export_mirrors_the_table(client, operator, tree, admin, reference_data):
    make_input(tree.a1, admin, "Pelayanan KTP lambat", Competency.objects.filter(code__in=["M.03", "M.06"]))
    client.force_login(operator)
    sheet = export(client, "community_list")
    assert header(sheet) == [
        "Tanggal",
        "Unit",
        "Kanal",
        "Ringkasan",
        "Tindak lanjut",
        "Kompetensi terkait",
        "Status",
    ]
    (row,) = rows(sheet)
    assert row[0] == datetime.datetime(2026, 11, 1)
    assert row[1:5] == ("Kelurahan A1", "Musrenbang", "Pelayanan KTP lambat", "Loket tambahan")
    assert row[5].count(", ") == 1 and "M.03" in row[5] and "M.06" in row[5]
    assert row[6] == "Baru"


def test_community_export_is_scoped(client, operator, other_unit_operator, tree, admin):
    make_input(tree.a1, admin, "Masukan A")
    make_input(tree.b, admin, "Masukan B")
    client.force_login(operator)
    assert [row[3] for row in rows(export(client, "community_list"))] == ["Masukan A"]
    client.force_login(other_unit_operator)
    assert [row[3] for row in rows(export(client, "community_list"))] == ["Masukan B"]


# --- query ceiling --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["questionnaire_list", "skm_list", "community_list"])
def test_export_query_counts_do_not_grow_with_rows(
    client, operator, admin, tree, reference_data, name, django_assert_max_num_queries
):
    competencies = list(Competency.objects.filter(code__in=["M.03", "M.06"]))

    def add_rows(index):
        questionnaire = Questionnaire.objects.create(title=f"Kuesioner {index}", kind="reaction")
        Question.objects.create(questionnaire=questionnaire, text="Puas?", type="likert5")
        add_responses(make_skm(tree.a, admin, title=f"SKM {index}", code=f"skm-{index}"))
        make_input(tree.a1, admin, f"Masukan {index}", competencies)

    def download():
        response = client.get(reverse(f"evaluation:{name}"), {"format": "xlsx"})
        return len(rows(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active))

    add_rows(0)
    client.force_login(operator)
    # session, user, roles, linked employee, rows, prefetched competencies (+ savepoints)
    with django_assert_max_num_queries(10) as captured:
        assert download() == 1
    for index in range(1, 21):
        add_rows(index)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert download() == 21
