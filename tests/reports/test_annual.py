"""The annual report: its figures on known data, its scope, its query count, and the PDF itself."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import GeneratedFile
from evaluation.models import ServiceResponse, ServiceSurvey
from needs_analysis.models import Need
from programs.models import Competency, DevelopmentForm, DevelopmentProgram, PlanItem, Signatory
from reports.annual import annual_report
from tests import word
from tests.core.test_pdf import pdf_text
from tests.evaluation.conftest import finished, reaction, standard  # noqa: F401 - fixtures
from tests.evaluation.test_evaluation import answer_all
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session
from training.models import Enrolment, LearningRecord, Session

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
YEAR = 2027
DECEMBER = datetime.datetime(YEAR, 12, 20, 10, 0, tzinfo=JAKARTA)


def credit(employee, month, jp):
    return LearningRecord.objects.create(
        employee=employee,
        source=LearningRecord.Source.CLAIM,
        title="Webinar",
        development_form=DevelopmentForm.objects.get(code="KL06"),
        starts_on=datetime.date(YEAR, month, 5),
        ends_on=datetime.date(YEAR, month, 5),
        year=YEAR,
        jp=Decimal(jp),
    )


@pytest.fixture
def year_of_work(tree, admin, pimpinan, finished, reaction, standard, pegawai_employee):  # noqa: F811
    """Kecamatan A: the pegawai and the lurah completed the 10 JP workshop (March), the pegawai adds
    12 JP in May; Kecamatan B: one ASN with 25 JP in January. The workshop realises a plan item of
    10 people x 10 JP with a budget of Rp 1.500.000; a need of Kecamatan A points at that item."""
    camat = EmployeeFactory(unit=tree.a, name="Camat A", user=pimpinan)
    Signatory.objects.create(unit=tree.a, employee=camat, office="Camat A")
    credit(pegawai_employee, 5, 12)
    credit(EmployeeFactory(unit=tree.b, name="Staf B"), 1, 25)
    answer_all(reaction, standard["reaction"], 4)
    program = DevelopmentProgram.objects.create(
        year=YEAR, unit=tree.a, title="Rencana 2027", status=DevelopmentProgram.Status.APPROVED
    )
    competency = Competency.objects.get(code="M.03")
    item = PlanItem.objects.create(
        program=program,
        competency=competency,
        title="Workshop komunikasi",
        planned_participants=10,
        development_form=DevelopmentForm.objects.get(code="KL07"),
        planned_jp=10,
        budget=1_500_000,
    )
    Session.objects.filter(pk=finished.pk).update(plan_item=item, cost=1_250_000)
    Need.objects.create(
        unit=tree.a,
        competency=competency,
        people_with_gap=4,
        people_assessed=8,
        mean_gap=Decimal("1.5"),
        priority=6,
        plan_item=item,
    )
    tree.a.is_service_unit = True
    tree.a.save()
    survey = ServiceSurvey.objects.create(
        unit=tree.a,
        title="SKM 2027",
        starts_on=datetime.date(YEAR, 1, 1),
        ends_on=datetime.date(YEAR, 6, 30),
        population=1000,
        code="skm-a-2027",
        created_by=admin,
    )
    ServiceResponse.objects.bulk_create(
        ServiceResponse(survey=survey, received_on=datetime.date(YEAR, 3, 1), **{f"u{n}": 3 for n in range(1, 10)})
        for _ in range(4)
    )
    return item


@time_machine.travel(DECEMBER, tick=False)
def test_figures_of_the_whole_agency(admin, year_of_work):
    data = annual_report(admin, year=YEAR)
    assert data["unit"] is None and data["staff"]["total"] == 4
    assert (data["duty"]["totals"]["staff"], data["duty"]["totals"]["compliant"]) == (4, 2)
    # Staf B reached 20 JP in January, the pegawai in May (10 in March + 12 in May).
    assert [row["compliant"] for row in data["trend"]] == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert data["trend"][4]["share"] == Decimal("0.5")
    totals = data["plan"]["totals"]
    assert (totals["planned_participants"], totals["participants"], totals["planned_jp"], totals["jp"]) == (
        10,
        2,
        100,
        Decimal(20),
    )
    assert (totals["budget"], totals["cost"], totals["sessions"], totals["held"]) == (1_500_000, 1_250_000, 1, 1)
    (session,) = data["sessions"]
    assert (session.participants, session.completed) == (2, 2)
    assert (data["summary"]["jp"], data["summary"]["completed"], data["summary"]["held"]) == (Decimal(20), 2, 1)
    (need,) = data["needs"]["rows"]
    assert need.plan_item == year_of_work and (need.sessions, need.held) == (1, 1)
    assert data["evaluation"]["overall"]["reaction"] == pytest.approx(100.0)
    assert data["evaluation"]["overall"]["follow_up"] is None
    (ikm,) = data["ikm"]["rows"]
    assert ikm["latest"].converted == Decimal("75.00") and ikm["trend"] == [None, None, Decimal("75.00")]
    assert data["signature"].is_blank  # nobody signs for the instansi itself


@time_machine.travel(DECEMBER, tick=False)
def test_participants_who_did_not_complete_are_counted_as_participants(admin, year_of_work, finished, tree):  # noqa: F811
    """The report said '2 peserta lulus (dari 2)' when a third person took part and did not complete."""
    Enrolment.objects.create(
        session=finished,
        employee=EmployeeFactory(unit=tree.a1, name="Tidak Lulus"),
        status=Enrolment.Status.NOT_COMPLETED,
        source=Enrolment.Source.NOMINATED,
        requested_by=admin,
    )
    data = annual_report(admin, year=YEAR)
    (session,) = data["sessions"]
    assert (session.participants, session.completed) == (3, 2)
    assert (data["summary"]["participants"], data["summary"]["completed"]) == (3, 2)
    assert data["plan"]["totals"]["participants"] == 3


@time_machine.travel(DECEMBER, tick=False)
def test_a_unit_report_sees_only_its_subtree(operator, other_unit_operator, year_of_work, tree):
    data = annual_report(operator, year=YEAR)
    assert data["unit"] == tree.a and data["staff"]["total"] == 3  # lurah, pegawai, camat; not Staf B
    assert data["duty"]["totals"]["compliant"] == 1 and len(data["sessions"]) == 1
    assert data["signature"].name == "Camat A"
    other = annual_report(other_unit_operator, year=YEAR)
    assert other["staff"]["total"] == 1 and other["sessions"] == []
    assert other["needs"]["rows"] == [] and other["ikm"]["rows"] == [] and other["plan"]["rows"] == []


@time_machine.travel(DECEMBER, tick=False)
def test_query_count_does_not_grow_with_the_data(admin, year_of_work, tree, workshop):
    annual_report(admin, year=YEAR)  # the user's access is computed once, then kept on the user
    with CaptureQueriesContext(connection) as few:
        annual_report(admin, year=YEAR)
    for index in range(5):
        make_session(workshop, tree.b, admin, name=f"Angkatan {index + 2}", plan_item=year_of_work)
        credit(EmployeeFactory(unit=tree.a1), index + 1, 20)
    with CaptureQueriesContext(connection) as many:
        data = annual_report(admin, year=YEAR)
    assert len(data["sessions"]) == 6 and data["staff"]["total"] == 9
    assert len(many.captured_queries) == len(few.captured_queries)


@time_machine.travel(DECEMBER, tick=False)
def test_the_pdf_a_head_of_office_signs(client, pimpinan, year_of_work, django_capture_on_commit_callbacks):
    client.force_login(pimpinan)
    assert client.get(reverse("reports:annual_report")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("reports:annual_report"), {"year": YEAR})
    job_page = client.get(queued.url).content.decode()
    assert "Siap diunduh" in job_page
    download = client.get(reverse("core:job_download", args=[queued.url.rstrip("/").split("/")[-1]]))
    assert download["Content-Disposition"].startswith('attachment; filename="laporan-tahunan-2027-KEC-A.pdf"')
    text = " ".join(pdf_text(b"".join(download.streaming_content)).split())
    assert "LAPORAN TAHUNAN PENGEMBANGAN KOMPETENSI" in text and "Tahun 2027" in text
    # Indonesian numbers and dates; the head's name and NIP under the signature.
    assert "1.500.000" in text and "1.250.000" in text and "33,3%" in text
    assert "Semarang, 20 Desember 2027" in text and "Camat A" in text
    assert "Workshop Komunikasi Publik" in text and "Halaman 2 /" in text


def annual_download(client, data, capture):
    with capture(execute=True):
        queued = client.post(reverse("reports:annual_report"), data)
    job = GeneratedFile.objects.get(pk=queued.url.rstrip("/").split("/")[-1])
    return job, client.get(reverse("core:job_download", args=[job.pk]))


@time_machine.travel(DECEMBER, tick=False)
def test_the_word_copy_says_what_the_pdf_says(client, pimpinan, year_of_work, django_capture_on_commit_callbacks):
    client.force_login(pimpinan)
    page = client.get(reverse("reports:annual_report")).content.decode()
    assert 'name="format" value="docx"' in page
    job, download = annual_download(client, {"year": YEAR, "format": "docx"}, django_capture_on_commit_callbacks)
    assert download["Content-Disposition"].startswith('attachment; filename="laporan-tahunan-2027-KEC-A.docx"')
    assert job.title.endswith("(Word)")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_repr=job.title).count() == 1  # audited
    document = word.opened(download)
    body = word.lines(document)
    assert body[:3] == [
        "PEMERINTAH KOTA SEMARANG (DEMO)",
        "KECAMATAN A",
        "LAPORAN TAHUNAN PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA",
    ]
    assert "Tahun 2027" in body and "Semarang, 20 Desember 2027" in body
    assert "Laporan Tahunan Pengembangan Kompetensi 2027 · Kecamatan A" in body
    camat = Signatory.objects.get(unit=year_of_work.program.unit).employee
    signature = [
        "Semarang, 20 Desember 2027",
        "Camat A,",
        "Camat A",
        camat.golongan_pangkat,
        f"NIP {camat.nip_display}",
    ]
    assert body[-5:] == signature
    summary, plan, duty, trend, needs, levels, courses, ikm, sessions = word.grids(document)
    assert summary[0] == ["3", "ASN aktif (PNS 3, CPNS 0, PPPK 0)"]  # lurah, pegawai, camat
    assert summary[1] == ["33,3%", "ASN memenuhi target JP (1 dari 3)"]
    assert plan[1] == [
        "1",
        "Workshop komunikasi\nKomunikasi · Workshop/lokakarya",
        "1 (1)",
        "10 / 2",
        "100 / 20",
        "Rp1.500.000 / Rp1.250.000",
    ]
    assert plan[2] == ["Jumlah", "1 (1)", "10 / 2", "100 / 20", "Rp1.500.000 / Rp1.250.000"]
    assert duty[-1] == ["Jumlah", "3", "1", "2", "33,3%", "30"]  # the lurah 10 JP short, the camat 20
    # The monthly trend, a drawing in the PDF, is a table of its figures here: the pegawai from May.
    assert trend[0] == ["Bulan", "Memenuhi", "Persentase"] and len(trend) == 13
    assert trend[5] == ["Mei", "1", "33,3%"] and trend[4] == ["Apr", "0", "0,0%"]
    assert needs[1][:4] == ["Komunikasi", "Kecamatan A", "4", "6,00"]
    assert needs[1][4] == "Workshop komunikasi\n1 angkatan, 1 selesai"
    assert levels[0] == ["100,0%", "Level 1 — reaksi (rata-rata skala Likert)"]
    assert ikm[1] == ["Kecamatan A", "-", "-", "75,00", "C (Kurang baik)"]  # 75,00 is band C (65,00–76,60)
    assert [row[1] for row in sessions[1:]] == ["Workshop Komunikasi Publik\nAngkatan I"]
    assert "Halaman" in word.footer(document)
    _job, pdf = annual_download(client, {"year": YEAR}, django_capture_on_commit_callbacks)
    # The PDF draws its charts with axis marks (0% … 100%) and the IKM bar's value to one decimal.
    word.assert_says_what_the_pdf_says(
        document,
        b"".join(pdf.streaming_content),
        drawn=("0%", "25%", "50%", "75%", "100%", "75,0"),
        tabled=("Bulan",),
    )


def test_a_unit_outside_the_scope_cannot_be_asked_for(client, operator, tree):
    client.force_login(operator)
    response = client.post(reverse("reports:annual_report"), {"year": 2026, "unit": tree.b.pk})
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_only_unit_roles_get_the_annual_report(client, pegawai):
    client.force_login(pegawai)
    assert client.get(reverse("reports:annual_report")).status_code == 403


@time_machine.travel(DECEMBER, tick=False)
def test_head_dashboard_trend_plan_and_evaluation(client, admin, year_of_work, tree, workshop):
    client.force_login(admin)
    url = reverse("reports:home")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, {"year": YEAR})
    head = response.context["head"]
    assert [row["compliant"] for row in head["trend"]] == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert (head["plan"]["held"], head["plan"]["sessions"], head["plan"]["budget"]) == (1, 1, 1_500_000)
    assert head["evaluation"]["reaction"]["percent"] == pytest.approx(100.0)
    html = response.content.decode()
    assert 'id="trend-chart-data"' in html and "?tahun=2027" in html
    for index in range(4):
        make_session(workshop, tree.b, admin, name=f"Angkatan {index + 2}", plan_item=year_of_work)
        credit(EmployeeFactory(unit=tree.a1), index + 1, 20)
    with CaptureQueriesContext(connection) as cached:
        stale = client.get(url, {"year": YEAR}).context["head"]
    assert stale["plan"]["sessions"] == 1  # kept figures, said so on the page, until recomputed
    assert not [query for query in cached.captured_queries if "training_learningrecord" in query["sql"]]
    with CaptureQueriesContext(connection) as many:
        fresh = client.get(url, {"year": YEAR, "segar": "1"}).context["head"]
    assert fresh["plan"]["sessions"] == 5 and "Hitung ulang" in html
    assert len(many.captured_queries) == len(few.captured_queries)
    # A year that has not started shows no trend; a nonsense year falls back to this year.
    assert client.get(url, {"year": YEAR + 1}).context["head"]["trend"] == []
    assert client.get(url, {"year": "abc"}).context["year"] == YEAR


@time_machine.travel(DECEMBER, tick=False)
def test_ikm_of_the_year_is_its_last_survey_and_the_trend_averages_them(admin, year_of_work, tree):
    later = ServiceSurvey.objects.create(
        unit=tree.a,
        title="SKM semester II 2027",
        starts_on=datetime.date(YEAR, 7, 1),
        ends_on=datetime.date(YEAR, 12, 31),
        population=1000,
        code="skm-a-2027-2",
        created_by=admin,
    )
    ServiceResponse.objects.bulk_create(
        ServiceResponse(survey=later, received_on=datetime.date(YEAR, 9, 1), **{f"u{n}": 4 for n in range(1, 10)})
        for _ in range(4)
    )
    (row,) = annual_report(admin, year=YEAR)["ikm"]["rows"]
    assert row["latest"].converted == Decimal("100.00") and row["trend"][-1] == Decimal("87.50")


def test_a_report_of_several_units_is_labelled_with_them(pimpinan, tree, year_of_work):
    from programs.models import Role
    from tests.factories import grant

    grant(pimpinan, Role.PIMPINAN, tree.b)
    data = annual_report(pimpinan, year=YEAR)
    assert data["unit"] is None and data["scope_name"] == "Kecamatan A, Kecamatan B" and data["signature"].is_blank
