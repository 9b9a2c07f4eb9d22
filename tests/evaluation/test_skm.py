import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from core import uploads
from evaluation import skm
from evaluation.models import CommunityInput, RejectedSubmission, ServiceResponse, ServiceSurvey, UnsurCompetency
from evaluation.standard import load_unsur_competencies
from programs.models import Signatory
from tests import word
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory

from .test_ikm import VECTOR

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()


@pytest.fixture
def survey(skm_survey):
    return skm_survey


def add_vector(survey):
    ServiceResponse.objects.bulk_create(
        ServiceResponse(survey=survey, received_on=TODAY, **{f"u{n + 1}": score for n, score in enumerate(row)})
        for row in VECTOR
    )


def public_data(**overrides):
    data = {f"u{n}": "3" for n in range(1, 10)} | {
        "gender": "p",
        "age": "34",
        "education": "sma",
        "occupation": "self",
        "service_type": "KTP",
        "suggestion": "Antrean lama",
        "started": skm.form_token(),
        "website": "",
    }
    data.update(overrides)
    return data


def test_report_matches_the_regulations_vector(client, operator, survey):
    add_vector(survey)
    client.force_login(operator)
    data = client.get(reverse("evaluation:skm_detail", args=[survey.pk])).context["data"]
    assert data["result"].converted == Decimal("82.78") and data["result"].mutu == "B"
    assert data["sample"] == 278 and data["short"]


def test_report_query_count_is_constant(client, operator, survey, django_assert_max_num_queries):
    client.force_login(operator)
    add_vector(survey)
    with django_assert_max_num_queries(16) as captured:
        client.get(reverse("evaluation:skm_detail", args=[survey.pk]))
    for _round in range(20):
        add_vector(survey)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("evaluation:skm_detail", args=[survey.pk]))


def test_public_form_takes_an_anonymous_answer(client, survey):
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = client.get(reverse("skm_public", args=[survey.code]))
        assert "Persyaratan" in page.content.decode() and "Sangat sopan dan ramah" in page.content.decode()
        data = public_data()
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=False):
        response = client.post(reverse("skm_public", args=[survey.code]), data)
    assert "Terima kasih" in response.content.decode()
    stored = ServiceResponse.objects.get()
    assert (stored.u7, stored.gender, stored.age, stored.received_on) == (3, "p", 34, datetime.date(2026, 11, 24))
    assert not [f.name for f in ServiceResponse._meta.fields if "ip" in f.name or "address" in f.name]


def test_missing_answers_are_explained_and_nothing_is_stored(client, survey):
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        data = public_data(u7="")
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=False):
        response = client.post(reverse("skm_public", args=[survey.code]), data)
    assert "Mohon lengkapi" in response.content.decode() and not ServiceResponse.objects.exists()


@pytest.mark.parametrize(
    "overrides,reason", [({"website": "http://spam"}, "honeypot"), ({"started": "forged"}, "too_fast")]
)
def test_robots_are_refused_and_counted(client, survey, overrides, reason):
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        data = public_data(**overrides)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=False):
        response = client.post(reverse("skm_public", args=[survey.code]), data)
    assert "Terima kasih" in response.content.decode()  # a robot learns nothing
    assert not ServiceResponse.objects.exists()
    assert list(RejectedSubmission.objects.values_list("reason", flat=True)) == [reason]


def test_too_fast_and_duplicates_and_rate_limit(client, survey):
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, 0, tzinfo=datetime.UTC), tick=False):
        fast = public_data()
        client.post(reverse("skm_public", args=[survey.code]), fast)  # the same second it was shown
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=False):
        client.post(reverse("skm_public", args=[survey.code]), fast)
        client.post(reverse("skm_public", args=[survey.code]), fast)  # the very same answers again
        for age in range(40, 40 + skm.RATE_LIMIT_PER_HOUR + 2):
            last = client.post(
                reverse("skm_public", args=[survey.code]), public_data(age=str(age)) | {"started": fast["started"]}
            )
    reasons = sorted(RejectedSubmission.objects.values_list("reason", flat=True))
    assert reasons.count("too_fast") == 1 and reasons.count("duplicate") == 1 and reasons.count("rate_limit") >= 1
    assert last.status_code == 429
    assert ServiceResponse.objects.count() <= skm.RATE_LIMIT_PER_HOUR


def test_closed_survey_says_so(client, survey):
    survey.is_open = False
    survey.save()
    assert client.get(reverse("skm_public", args=[survey.code])).status_code == 410


def test_paper_grid_is_all_or_nothing(client, operator, survey):
    client.force_login(operator)
    data = {"rows": "3", **{f"r0_u{n}": "4" for n in range(1, 10)}, **{f"r1_u{n}": "3" for n in range(1, 10)}}
    data["r1_u5"] = "7"
    response = client.post(reverse("evaluation:skm_paper", args=[survey.pk]), data)
    assert "Baris 2" in response.content.decode() and not ServiceResponse.objects.exists()
    data["r1_u5"] = ""
    client.post(reverse("evaluation:skm_paper", args=[survey.pk]), data)
    assert ServiceResponse.objects.filter(source="paper").count() == 2
    assert ServiceResponse.objects.filter(u5__isnull=True).count() == 1


def test_other_unit_operator_cannot_see_or_enter(client, other_unit_operator, pimpinan, survey):
    client.force_login(other_unit_operator)
    for name in ("skm_detail", "skm_pdf", "skm_poster", "skm_xlsx", "skm_paper"):
        assert client.get(reverse(f"evaluation:{name}", args=[survey.pk])).status_code == 404, name
    client.force_login(pimpinan)
    assert client.get(reverse("evaluation:skm_detail", args=[survey.pk])).status_code == 200
    assert client.get(reverse("evaluation:skm_paper", args=[survey.pk])).status_code == 403


def test_exports_and_poster(client, operator, survey):
    add_vector(survey)
    client.force_login(operator)
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("evaluation:skm_xlsx", args=[survey.pk])).streaming_content))
    )
    assert book["Hasil IKM"]["A2"].value.startswith("U1") and book["Hasil IKM"]["E11"].value == 82.78
    assert book["Data kuesioner"].max_row == 6
    text = pdf_text(client.get(reverse("evaluation:skm_pdf", args=[survey.pk])).content)
    assert "82,78" in text or "82.78" in text
    poster = client.get(reverse("evaluation:skm_poster", args=[survey.pk]))
    assert poster.content.startswith(b"%PDF") and "/s/keca1/" in pdf_text(poster.content)


def test_ikm_report_word_copy_says_what_the_pdf_says(client, pimpinan, survey, tree):
    add_vector(survey)
    first, second, third = ServiceResponse.objects.filter(survey=survey).order_by("pk")[:3]
    ServiceResponse.objects.filter(pk__in=[first.pk, second.pk]).update(suggestion="Antrean lama")
    ServiceResponse.objects.filter(pk=third.pk).update(suggestion="Ruang tunggu panas")
    camat = EmployeeFactory(unit=tree.a, name="Camat A", gelar_belakang="S.STP.")
    Signatory.objects.create(unit=tree.a, employee=camat, office="Camat A")
    client.force_login(pimpinan)
    page = client.get(reverse("evaluation:skm_detail", args=[survey.pk])).content.decode()
    assert reverse("evaluation:skm_docx", args=[survey.pk]) in page
    document = word.opened(client.get(reverse("evaluation:skm_docx", args=[survey.pk])))
    body = word.lines(document)
    assert body[:3] == ["PEMERINTAH KOTA SEMARANG (DEMO)", "KECAMATAN A", "LAPORAN SURVEI KEPUASAN MASYARAKAT"]
    assert "SKM semester II · Periode 1 Juli 2026 – 31 Desember 2026" in body
    assert body[body.index("Camat A,") + 1 :][:2] == [camat.full_name, camat.golongan_pangkat]
    assert f"NIP {camat.nip_display}" in body
    suggestions = [paragraph for paragraph in document.paragraphs if paragraph.style.name == "List Bullet"]
    assert [paragraph.text for paragraph in suggestions] == ["Antrean lama (2×)", "Ruang tunggu panas"]
    (grid,) = word.grids(document)
    assert grid[0] == ["Unsur", "Jumlah nilai", "n", "NRR", "NRR tertimbang", "Mutu"] and len(grid) == 11
    assert grid[-1] == ["IKM (1–4): 3,3111", "82,78", "B"]
    assert grid[1] == ["U1 Persyaratan", "18", "5", "3,600", "0,400", "A"]  # 4+3+4+3+4 over 5 answers, NRR / 9
    pdf = client.get(reverse("evaluation:skm_pdf", args=[survey.pk])).content
    word.assert_says_what_the_pdf_says(document, pdf)


def test_ikm_report_word_copy_is_refused_where_the_pdf_is(client, other_unit_operator, pegawai, survey):
    for user, status in ((other_unit_operator, 404), (pegawai, 403)):
        client.force_login(user)
        for name in ("evaluation:skm_pdf", "evaluation:skm_docx"):
            assert client.get(reverse(name, args=[survey.pk])).status_code == status, (user, name)


def test_weak_unsur_and_community_input_reach_the_needs_recap(client, admin, survey, reference_data, tree):
    from needs_analysis import campaigns
    from programs.models import Competency, Position
    from programs.standards import apply_default_standard
    from tests.factories import EmployeeFactory
    from tests.needs_analysis.conftest import ALL_AT_STANDARD, answer, make_survey

    load_unsur_competencies()
    ServiceResponse.objects.bulk_create(
        ServiceResponse(
            survey=survey, received_on=TODAY, **{f"u{n}": 3 for n in range(1, 10)} | {"u7": 2 if i < 3 else 3}
        )
        for i in range(10)
    )  # U7: NRR 2.7 -> band C
    position = Position.objects.create(name="Staf", kind="pelaksana")
    apply_default_standard(position)
    person = EmployeeFactory(unit=tree.a, position=position)
    needs = make_survey(tree.root, admin, targets=[tree.a])
    campaigns.open_survey(survey=needs, by=admin)
    answer(needs.assessments.get(employee=person), ALL_AT_STANDARD)
    item = CommunityInput.objects.create(
        unit=tree.a, date=TODAY, channel="forum", summary="Petugas kurang ramah", created_by=admin
    )
    item.competencies.set([Competency.objects.get(code="M.03")])
    client.force_login(admin)
    html = client.get(reverse("needs_analysis:survey_recap", args=[needs.pk])).content.decode()
    assert "unsur Perilaku Pelaksana bermutu C" in html and "Pelayanan Publik" in html
    assert "Petugas kurang ramah" in html
    assert UnsurCompetency.objects.filter(unsur=7).count() == 3


def skm_workbook(rows, header=None):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header or [f"U{n}" for n in range(1, 10)] + ["jenis_kelamin", "usia", "pendidikan", "tanggal"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("kertas.xlsx", buffer.getvalue(), content_type=uploads.XLSX.served_type)


def test_paper_import_is_all_or_nothing_with_a_row_report(client, operator, survey):
    client.force_login(operator)
    good = [4, 4, 3, 4, 3, 4, 4, 3, 3, "P", 40, "sma", "01-08-2026"]
    bad = [4, 9, 3, 4, 3, 4, 4, 3, 3, "X", 40, "phd", "01-08-2030"]
    response = client.post(reverse("evaluation:skm_import", args=[survey.pk]), {"file": skm_workbook([good, bad])})
    errors = response.context["result"].errors
    assert {(row, column) for row, column, _message in errors} == {
        (3, "U2"),
        (3, "jenis_kelamin"),
        (3, "pendidikan"),
        (3, "tanggal"),
    }
    assert not ServiceResponse.objects.exists()
    client.post(reverse("evaluation:skm_import", args=[survey.pk]), {"file": skm_workbook([good, good])})
    assert ServiceResponse.objects.filter(source="paper", gender="p", education="sma").count() == 2


def test_paper_import_names_missing_columns(client, operator, survey):
    client.force_login(operator)
    response = client.post(
        reverse("evaluation:skm_import", args=[survey.pk]), {"file": skm_workbook([], header=["U1", "U2"])}
    )
    assert "U3" in response.context["result"].file_error


def test_comparison_across_units_and_periods(client, operator, survey, admin, tree):
    add_vector(survey)
    earlier = ServiceSurvey.objects.create(
        unit=tree.a,
        title="Semester I",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        code="keca0",
        created_by=admin,
    )
    ServiceResponse.objects.create(
        survey=earlier, received_on=datetime.date(2026, 3, 1), **{f"u{n}": 4 for n in range(1, 10)}
    )
    client.force_login(operator)
    response = client.get(reverse("evaluation:skm_compare"))
    assert response.context["chart"]["values"] == [100.0, 82.78]


def test_ikm_before_and_after_shows_on_the_session(client, operator, admin, survey, tree, workshop, pegawai_employee):
    from evaluation.skm import ikm_around
    from tests.training.conftest import make_session
    from training import enrolment as enrolment_service
    from training import participation
    from training.models import Enrolment

    from .conftest import AFTER_CLASS

    session = make_session(workshop, tree.a, admin)  # 1-2 March 2027
    enrolment_service.request_place(
        session=session, employee=pegawai_employee, by=operator, source=Enrolment.Source.NOMINATED
    )
    for day in session.days.all():
        participation.mark(day=day, statuses={e.pk: "present" for e in session.enrolments.all()}, by=operator)
    participation.finish_session(session=session, by=operator, now=AFTER_CLASS)
    add_vector(survey)  # semester II 2026: before the training
    after = ServiceSurvey.objects.create(
        unit=tree.a,
        title="Semester II 2027",
        starts_on=datetime.date(2027, 7, 1),
        ends_on=datetime.date(2027, 12, 31),
        code="keca2",
        created_by=admin,
    )
    ServiceResponse.objects.create(
        survey=after, received_on=datetime.date(2027, 8, 1), **{f"u{n}": 4 for n in range(1, 10)}
    )
    ((unit, before, later),) = ikm_around(session)
    assert unit == tree.a and before[1] == Decimal("82.78") and later[1] == Decimal("100.00")
    client.force_login(operator)
    assert "82,78" in client.get(reverse("training:session_detail", args=[session.pk])).content.decode()


def test_community_input_is_recorded_updated_and_scoped(client, operator, other_unit_operator, tree, reference_data):
    client.force_login(operator)
    client.post(
        reverse("evaluation:community_create"),
        {
            "unit": tree.a1.pk,
            "date": "2026-11-01",
            "channel": "musrenbang",
            "summary": "Pelayanan KTP lambat",
            "expectation": "Lebih cepat",
            "follow_up": "",
            "status": "open",
        },
    )
    item = CommunityInput.objects.get()
    client.post(
        reverse("evaluation:community_edit", args=[item.pk]),
        {
            "unit": tree.a1.pk,
            "date": "2026-11-01",
            "channel": "musrenbang",
            "summary": "Pelayanan KTP lambat",
            "expectation": "Lebih cepat",
            "follow_up": "Loket tambahan dibuka",
            "status": "done",
        },
    )
    item.refresh_from_db()
    assert (item.status, item.follow_up) == ("done", "Loket tambahan dibuka")
    client.force_login(other_unit_operator)
    assert client.get(reverse("evaluation:community_edit", args=[item.pk])).status_code == 404
    assert "Pelayanan KTP lambat" not in client.get(reverse("evaluation:community_list")).content.decode()


def test_weak_unsur_show_on_the_plan(client, admin, survey, tree, reference_data):
    from programs.models import DevelopmentProgram

    load_unsur_competencies()
    ServiceResponse.objects.bulk_create(
        ServiceResponse(
            survey=survey, received_on=TODAY, **{f"u{n}": 3 for n in range(1, 10)} | {"u6": 2 if i < 3 else 3}
        )
        for i in range(10)
    )
    program = DevelopmentProgram.objects.create(year=2027, unit=tree.root, title="Rencana kota")
    client.force_login(admin)
    html = client.get(reverse("programs:plan_detail", args=[program.pk])).content.decode()
    assert "unsur Kompetensi Pelaksana bermutu C" in html


def test_paper_grid_with_a_tampered_row_count_is_not_a_500(client, operator, survey):
    client.force_login(operator)
    for rows in ("abc", "-3", "99999999"):
        response = client.post(reverse("evaluation:skm_paper", args=[survey.pk]), {"rows": rows})
        assert response.status_code in (200, 302)
    assert not ServiceResponse.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_citizens_double_tap_on_send_stores_one_answer(survey):
    from django.test import Client

    from tests.concurrency import race

    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        data = public_data()
    url = reverse("skm_public", args=[survey.code])
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=True):
        responses, errors = race(lambda: Client(REMOTE_ADDR="10.9.8.7").post(url, data), 5)
    assert errors == [] and [response.status_code for response in responses] == [200] * 5  # all thanked
    assert ServiceResponse.objects.filter(survey=survey).count() == 1  # the copies are refused quietly
    assert RejectedSubmission.objects.filter(survey=survey, reason="duplicate").count() == 4


def test_raw_answers_go_at_the_end_of_retention_and_every_figure_stays(client, operator, survey, settings):
    add_vector(survey)
    ServiceResponse.objects.filter(survey=survey).update(
        gender="P", age=30, education="s1", occupation="asn", service_type="KTP", suggestion="Pak Budi 0812-3456 ramah"
    )
    client.force_login(operator)
    detail = reverse("evaluation:skm_detail", args=[survey.pk])
    before = client.get(detail).context["data"]
    assert before["suggestions"]
    survey.__class__.objects.filter(pk=survey.pk).update(is_open=False)

    settings.BANGKOM = {**settings.BANGKOM, "SKM_RAW_RETENTION_YEARS": 3}
    assert skm.prune_raw_responses(today=datetime.date(2029, 12, 31)) == 0  # three years not yet over
    assert skm.prune_raw_responses(today=datetime.date(2030, 1, 1)) == 1
    assert skm.prune_raw_responses(today=datetime.date(2030, 1, 2)) == 0  # once only
    assert not ServiceResponse.objects.filter(survey=survey).exists()

    page = client.get(detail)
    after = page.context["data"]
    assert after["result"] == before["result"] and after["result"].converted == Decimal("82.78")
    for figure in ("profile", "ages", "services"):
        assert after[figure] == before[figure], figure
    assert after["suggestions"] == [] and "Pak Budi" not in page.content.decode()
    assert "dihapus pada 1 Januari 2030" in page.content.decode()
    assert skm.results_for([ServiceSurvey.objects.get(pk=survey.pk)])[survey.pk] == before["result"]

    # The exports say where the rows went; nothing can be added to a summary.
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("evaluation:skm_xlsx", args=[survey.pk])).streaming_content))
    )
    assert "dihapus" in book["Data kuesioner"]["O2"].value and book["Data kuesioner"].max_row == 2
    assert book["Hasil IKM"]["E11"].value == 82.78
    refused = client.post(reverse("evaluation:skm_paper", args=[survey.pk]), {"rows": "1", "r0_u1": "4"})
    assert refused.status_code == 302 and not ServiceResponse.objects.filter(survey=survey).exists()
    assert client.get(reverse("evaluation:skm_import", args=[survey.pk])).status_code == 302


def test_retention_zero_keeps_raw_answers_and_the_command_reports(survey, settings, capsys):
    from django.core.management import call_command

    add_vector(survey)
    settings.BANGKOM = {**settings.BANGKOM, "SKM_RAW_RETENTION_YEARS": 0}
    assert skm.prune_raw_responses(today=datetime.date(2040, 1, 1)) == 0
    settings.BANGKOM = {**settings.BANGKOM, "SKM_RAW_RETENTION_YEARS": 3}
    with time_machine.travel(datetime.datetime(2031, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("prune_skm_responses")
    assert "1 survey(s) summarised" in capsys.readouterr().out
    assert ServiceSurvey.objects.get(pk=survey.pk).summary["count"] == len(VECTOR)
