import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from needs_analysis import campaigns
from needs_analysis.models import Assessment, Need, NeedsSurvey
from programs.models import DevelopmentForm, DevelopmentProgram, Signatory
from tests import word
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory

from .conftest import ALL_AT_STANDARD, answer, make_survey


def level_data(assessment, levels, **extra):
    items = {item.competency.code: item.competency_id for item in assessment.items.select_related("competency")}
    data = {f"level_{items[code]}": level for code, level in levels.items()}
    data.update(extra)
    return data


# --- the ASN fills in ----------------------------------------------------------------------------


def test_pegawai_sees_levels_with_descriptions(client, pegawai, pegawai_assessment):
    client.force_login(pegawai)
    html = client.get(reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk])).content.decode()
    assert "Pelayanan Publik" in html and "level yang dipersyaratkan jabatan Anda: <strong>3</strong>" in html
    assert "Menjadi teladan" in html  # level 5's description is there to choose from


def test_save_draft_then_submit(client, pegawai, pegawai_assessment):
    client.force_login(pegawai)
    url = reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk])
    client.post(url, level_data(pegawai_assessment, {"M.01": 2}, draft="1", training_wish="Pelatihan Excel"))
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == "draft" and pegawai_assessment.training_wish == "Pelatihan Excel"
    response = client.post(url, level_data(pegawai_assessment, ALL_AT_STANDARD, submit="1"))
    pegawai_assessment.refresh_from_db()
    assert response.status_code == 302 and pegawai_assessment.status == "submitted"


def test_submitting_incomplete_answers_keeps_them_and_explains(client, pegawai, pegawai_assessment):
    client.force_login(pegawai)
    url = reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk])
    response = client.post(
        url, level_data(pegawai_assessment, {"M.01": 2, "M.02": 1}, submit="1", training_wish="Kursus")
    )
    html = response.content.decode()
    assert "Pilih level untuk semua kompetensi" in html
    assert 'value="2" checked' in html and "Kursus" in html
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == "draft"  # what was typed is kept on the server too
    assert pegawai_assessment.items.get(competency__code="M.01").self_level == 2


def test_autosave_stores_a_draft(client, pegawai, pegawai_assessment):
    client.force_login(pegawai)
    url = reverse("needs_analysis:assessment_autosave", args=[pegawai_assessment.pk])
    response = client.post(url, level_data(pegawai_assessment, {"M.03": 2}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "tersimpan" in response.content.decode()
    assert pegawai_assessment.items.get(competency__code="M.03").self_level == 2


def test_after_submission_it_is_read_only(client, pegawai, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(pegawai)
    fill = client.get(reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk]))
    assert fill.status_code == 302
    autosave = client.post(reverse("needs_analysis:assessment_autosave", args=[pegawai_assessment.pk]), {})
    assert autosave.status_code == 409
    assert client.get(reverse("needs_analysis:assessment_detail", args=[pegawai_assessment.pk])).status_code == 200


def test_nobody_fills_someone_elses_assessment(client, supervisor, other_unit_operator, pegawai_assessment):
    for user in (supervisor, other_unit_operator):
        client.force_login(user)
        assert client.get(reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk])).status_code == 404


def test_pegawai_lists_their_assessments(client, pegawai, pegawai_assessment):
    client.force_login(pegawai)
    html = client.get(reverse("needs_analysis:my_assessments")).content.decode()
    assert "AKPK uji" in html and "Belum mengisi" in html


# --- validation ---------------------------------------------------------------------------------


def test_supervisor_validates_a_direct_report(client, supervisor, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(supervisor)
    assert "Staf A1" in client.get(reverse("needs_analysis:validation_list")).content.decode()
    m05 = pegawai_assessment.items.get(competency__code="M.05")
    data = level_data(pegawai_assessment, ALL_AT_STANDARD)
    data[f"level_{m05.competency_id}"] = 2
    data[f"note_{m05.competency_id}"] = "Masih perlu pendampingan"
    client.post(reverse("needs_analysis:assessment_validate", args=[pegawai_assessment.pk]), data)
    pegawai_assessment.refresh_from_db()
    m05.refresh_from_db()
    assert pegawai_assessment.status == "validated" and pegawai_assessment.validated_by == supervisor
    assert (m05.self_level, m05.supervisor_level, m05.supervisor_note) == (3, 2, "Masih perlu pendampingan")


def test_only_the_direct_supervisor_validates(client, pimpinan, operator, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    for user in (pimpinan, operator):  # pegawai has an active supervisor, so the operator may not either
        client.force_login(user)
        assert (
            client.get(reverse("needs_analysis:assessment_validate", args=[pegawai_assessment.pk])).status_code == 403
        )


def test_operator_validates_when_the_supervisor_is_missing(client, operator, survey, staff):
    assessment = survey.assessments.get(employee=staff["lurah"])  # the lurah has no supervisor
    answer(assessment, ALL_AT_STANDARD)
    client.force_login(operator)
    assert "Lurah A1" in client.get(reverse("needs_analysis:validation_list")).content.decode()
    client.post(
        reverse("needs_analysis:assessment_validate", args=[assessment.pk]), level_data(assessment, ALL_AT_STANDARD)
    )
    assessment.refresh_from_db()
    assert assessment.status == "validated" and assessment.validated_by == operator


def test_other_unit_operator_cannot_validate(client, other_unit_operator, survey, staff):
    assessment = survey.assessments.get(employee=staff["lurah"])
    answer(assessment, ALL_AT_STANDARD)
    client.force_login(other_unit_operator)
    assert client.get(reverse("needs_analysis:assessment_validate", args=[assessment.pk])).status_code == 404


# --- campaign pages -------------------------------------------------------------------------------


def test_admin_creates_and_opens_a_survey(client, admin, tree, staff):
    client.force_login(admin)
    response = client.post(
        reverse("needs_analysis:survey_create"),
        {
            "year": 2027,
            "title": "AKPK 2027",
            "instructions": "",
            "opens_on": "2026-11-01",
            "closes_on": "2026-12-31",
            "owner_unit": tree.root.pk,
            "target_units": [tree.a.pk],
            "covers_manajerial": "on",
            "covers_sosial_kultural": "on",
            "covers_teknis": "on",
            "ask_free_text": "on",
        },
    )
    survey = NeedsSurvey.objects.get(title="AKPK 2027")
    assert response.status_code == 302 and survey.status == "draft"
    client.post(reverse("needs_analysis:survey_open", args=[survey.pk]))
    client.post(reverse("needs_analysis:survey_open", args=[survey.pk]))  # a double click
    assert survey.assessments.count() == 4


def test_survey_form_rejects_dates_in_the_wrong_order(client, admin, tree):
    client.force_login(admin)
    response = client.post(
        reverse("needs_analysis:survey_create"),
        {
            "year": 2027,
            "title": "X",
            "opens_on": "2026-12-31",
            "closes_on": "2026-11-01",
            "owner_unit": tree.root.pk,
            "covers_teknis": "on",
        },
    )
    assert "Tanggal tutup tidak boleh sebelum tanggal buka." in response.content.decode()


def test_progress_per_unit_is_scoped(client, operator, other_unit_operator, survey, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(operator)
    progress = client.get(reverse("needs_analysis:survey_detail", args=[survey.pk])).context["progress"]
    assert progress.total == 4 and progress.answered == 1  # A and A1, not B
    assert [unit.name for unit, _counts, _total in progress.rows] == ["Kecamatan A", "Kelurahan A1"]
    client.force_login(other_unit_operator)
    progress = client.get(reverse("needs_analysis:survey_detail", args=[survey.pk])).context["progress"]
    assert progress.total == 1


def test_a_campaign_of_another_unit_is_404(client, other_unit_operator, operator, tree, admin, staff):
    survey = make_survey(tree.a, admin, targets=[tree.a])
    client.force_login(other_unit_operator)
    for name in (
        "survey_detail",
        "survey_recap",
        "survey_recap_xlsx",
        "survey_answers_xlsx",
        "survey_pdf",
        "survey_docx",
        "survey_edit",
    ):
        assert client.get(reverse(f"needs_analysis:{name}", args=[survey.pk])).status_code == 404, name


def test_pimpinan_reads_but_does_not_run_the_campaign(client, pimpinan, survey):
    client.force_login(pimpinan)
    assert client.get(reverse("needs_analysis:survey_detail", args=[survey.pk])).status_code == 200
    assert client.post(reverse("needs_analysis:survey_close", args=[survey.pk])).status_code == 403


def test_reminders_by_email_and_whatsapp(client, admin, survey, staff, mailoutbox):
    staff["pegawai"].email = "staf@example.go.id"
    staff["pegawai"].phone = "081234567890"
    staff["pegawai"].save()
    client.force_login(admin)
    page = client.get(reverse("needs_analysis:survey_remind", args=[survey.pk])).content.decode()
    assert "https://wa.me/6281234567890?text=" in page
    client.post(reverse("needs_analysis:survey_remind", args=[survey.pk]))
    assert [message.to for message in mailoutbox] == [["staf@example.go.id"]]
    assert "/kebutuhan/penilaian/" in mailoutbox[0].body


def test_each_reminder_says_where_the_assessment_stands_and_all_can_be_copied(client, admin, survey, staff, mailoutbox):
    """One who has started a draft is asked to finish and send it, not to start; the operator copies
    every personal reminder of the list at once."""
    from urllib.parse import unquote

    for key, phone in (("pegawai", "081111111111"), ("a1", "082222222222")):
        staff[key].phone, staff[key].email = phone, f"{key}@example.go.id"
        staff[key].save()
    Assessment.objects.filter(survey=survey, employee=staff["pegawai"]).update(status=Assessment.Status.DRAFT)
    client.force_login(admin)
    page = client.get(reverse("needs_analysis:survey_remind", args=[survey.pk])).content.decode()
    links = dict(re.findall(r'href="https://wa.me/(\d+)\?text=([^"]+)"', page))
    draft, not_started = unquote(links["6281111111111"]), unquote(links["6282222222222"])
    assert staff["pegawai"].full_name in draft and "sudah mulai diisi tetapi belum dikirim" in draft
    assert staff["a1"].full_name in not_started and "belum mulai mengisi" in not_started
    copied = re.search(r'<textarea id="assessment-reminders"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert html.escape(draft) in copied and html.escape(not_started) in copied
    client.post(reverse("needs_analysis:survey_remind", args=[survey.pk]))
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "belum dikirim" in bodies["pegawai@example.go.id"] and "belum mulai" in bodies["a1@example.go.id"]


# --- recap ----------------------------------------------------------------------------------------


@pytest.fixture
def answered(survey, staff):
    answer(survey.assessments.get(employee=staff["pegawai"]), dict(ALL_AT_STANDARD, **{"M.05": 1}))
    answer(survey.assessments.get(employee=staff["a1"]), dict(ALL_AT_STANDARD, **{"M.05": 2}))
    answer(survey.assessments.get(employee=staff["b"]), ALL_AT_STANDARD)
    return survey


def test_recap_ranks_the_gap(client, operator, answered):
    client.force_login(operator)
    recap = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk])).context["recap"]
    top = recap.cells[0]
    assert recap.competencies[top.competency_id].code == "M.05" and recap.units[top.unit_id].name == "Kelurahan A1"
    assert (top.with_gap, top.population, str(top.mean_gap)) == (2, 3, "1.50")  # gaps 2 and 1 over 2 answers
    assert {recap.units[cell.unit_id].name for cell in recap.cells} == {"Kelurahan A1"}  # B is out of scope


def test_recap_figures_are_kept_until_recomputed(client, operator, answered, staff, django_assert_max_num_queries):
    client.force_login(operator)
    url = reverse("needs_analysis:survey_recap", args=[answered.pk])
    first = client.get(url)
    assert first.context["recap"].assessed_people == 2 and "Hitung ulang" in first.content.decode()
    answer(answered.assessments.get(employee=staff["lurah"]), ALL_AT_STANDARD)  # a third answer arrives
    with django_assert_max_num_queries(8):  # the figures come from the cache, as computed
        kept = client.get(url)
    assert kept.context["recap"].assessed_people == 2
    assert kept.context["computed_at"] == first.context["computed_at"]
    fresh = client.get(url, {"segar": "1"})
    assert fresh.context["recap"].assessed_people == 3
    assert client.get(url).context["recap"].assessed_people == 3  # and the recomputed figures are kept


def test_recap_query_count_does_not_grow(client, admin, tree, position, answered, django_assert_max_num_queries):
    client.force_login(admin)
    url = reverse("needs_analysis:survey_recap", args=[answered.pk]) + "?segar=1"  # recomputed, not cached
    with django_assert_max_num_queries(16) as captured:
        client.get(url)
    for index in range(30):
        person = EmployeeFactory(unit=tree.a1, position=position, name=f"Tambahan {index}")
        campaigns.add_latecomers(survey=answered, by=admin)
        answer(answered.assessments.get(employee=person), ALL_AT_STANDARD)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(url)


def test_recap_excel_and_answers_excel(client, admin, answered):
    client.force_login(admin)
    recap_file = client.get(reverse("needs_analysis:survey_recap_xlsx", args=[answered.pk]))
    book = load_workbook(io.BytesIO(b"".join(recap_file.streaming_content)))
    first = list(book["Prioritas per unit"].iter_rows(min_row=2, values_only=True))[0]
    assert first[1:4] == ("Kelurahan A1", "M.05", "Pelayanan Publik") and first[7] == 2
    answers_file = client.get(reverse("needs_analysis:survey_answers_xlsx", args=[answered.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(answers_file.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 3 * 9 + 9  # header, three answered, the lurah's unanswered items
    assert all(isinstance(row[0], str) and len(row[0]) == 18 for row in rows[1:])


def test_recap_pdf_for_the_head(client, pimpinan, answered):
    client.force_login(pimpinan)
    response = client.get(reverse("needs_analysis:survey_pdf", args=[answered.pk]))
    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Pelayanan Publik" in text and "Kelurahan A1" in text and "Kecamatan B" not in text


def test_recap_word_copy_says_what_the_pdf_says(client, pimpinan, answered, tree):
    head = EmployeeFactory(unit=tree.root, name="Kepala BKPSDM", gelar_belakang="M.Si.")
    Signatory.objects.create(unit=tree.root, employee=head, office="Kepala BKPSDM")
    client.force_login(pimpinan)
    page = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk])).content.decode()
    assert reverse("needs_analysis:survey_docx", args=[answered.pk]) in page
    document = word.opened(client.get(reverse("needs_analysis:survey_docx", args=[answered.pk])))
    body = word.lines(document)
    assert body[:3] == [
        "PEMERINTAH KOTA SEMARANG (DEMO)",
        tree.root.name.upper(),
        "RINGKASAN ANALISIS KEBUTUHAN PENGEMBANGAN KOMPETENSI",
    ]
    assert f"AKPK uji · Tahun {answered.year}" in body
    assert "Kepala BKPSDM," in body and head.full_name in body and f"NIP {head.nip_display}" in body
    by_competency, priorities = word.grids(document)
    # In Kecamatan A: the pegawai (gap 1) and Staf kedua A1 (gap 2) on M.05; Staf B is out of scope.
    assert ["M.05 Pelayanan Publik", "2", "2", "100,0%", "1,50"] in by_competency
    assert len(by_competency) == 1 + len(answered.assessments.get(employee__name="Staf B").items.all())
    assert priorities[:2] == [
        ["#", "Unit", "Kompetensi", "Dengan kesenjangan", "Persentase", "Skor"],
        ["1", "Kelurahan A1", "Pelayanan Publik", "2 / 3", "66,7%", "3,00"],
    ]
    assert len(priorities) == len(by_competency) and all(row[3] == "0 / 3" for row in priorities[2:])
    pdf = client.get(reverse("needs_analysis:survey_pdf", args=[answered.pk])).content
    text = word.assert_says_what_the_pdf_says(document, pdf)
    assert "Kecamatan B" not in text


def test_recap_word_copy_is_refused_where_the_pdf_is(client, pegawai, answered):
    client.force_login(pegawai)
    for name in ("needs_analysis:survey_pdf", "needs_analysis:survey_docx"):
        assert client.get(reverse(name, args=[answered.pk])).status_code == 403, name


def test_gap_profile_appears_on_the_employee_profile(client, supervisor, answered, staff):
    client.force_login(supervisor)
    response = client.get(reverse("programs:employee_detail", args=[staff["pegawai"].pk]))
    html = response.content.decode()
    assert "Profil kesenjangan kompetensi" in html and "gap-chart-data" in html
    # (8 x 1 + 1) / (8 x 1 + 3), named in Indonesian: the page said 'Job-person match'
    assert "Kesesuaian pegawai dengan jabatan (JPM): <strong>81,8%</strong>" in html
    assert "Job-person match" not in html


def test_profile_without_answers_says_so(client, pegawai, staff):
    client.force_login(pegawai)
    html = client.get(reverse("programs:employee_detail", args=[staff["pegawai"].pk])).content.decode()
    assert "Belum ada penilaian kompetensi yang dikirim." in html


# --- to the plan --------------------------------------------------------------------------------


def test_a_need_becomes_a_plan_item_that_remembers_it(client, operator, answered, tree):
    program = DevelopmentProgram.objects.create(year=answered.year, unit=tree.a, title="Rencana Kecamatan A")
    client.force_login(operator)
    recap = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk])).context["recap"]
    top = recap.cells[0]
    url = reverse("needs_analysis:need_to_plan", args=[answered.pk, top.unit_id, top.competency_id])
    form = client.get(url).context["form"]
    assert form.initial["planned_participants"] == 2 and "Pelayanan Publik" in form.initial["title"]
    workshop = DevelopmentForm.objects.get(code="KL07")
    client.post(
        url,
        {
            "program": program.pk,
            "title": "Workshop pelayanan prima",
            "development_form": workshop.pk,
            "planned_participants": 2,
            "planned_jp": 15,
            "quarter": 2,
            "provider": "BPSDM",
            "budget": 3000000,
        },
    )
    item = program.items.get()
    need = Need.objects.get()
    assert (item.title, item.planned_participants, item.quarter) == ("Workshop pelayanan prima", 2, 2)
    assert need.plan_item == item and need.people_with_gap == 2 and list(item.target_units.all()) == [tree.a1]


def test_other_unit_operator_cannot_plan_from_anothers_needs(client, other_unit_operator, answered, staff):
    client.force_login(other_unit_operator)
    url = reverse("needs_analysis:need_to_plan", args=[answered.pk, staff["pegawai"].unit_id, 1])
    assert client.get(url).status_code == 404


def test_assessment_detail_is_scoped(client, other_unit_operator, pimpinan, pegawai_assessment):
    client.force_login(other_unit_operator)
    assert client.get(reverse("needs_analysis:assessment_detail", args=[pegawai_assessment.pk])).status_code == 404
    client.force_login(pimpinan)
    assert client.get(reverse("needs_analysis:assessment_detail", args=[pegawai_assessment.pk])).status_code == 200


def test_survey_list_counts_only_the_scope(client, other_unit_operator, survey):
    client.force_login(other_unit_operator)
    (row,) = client.get(reverse("needs_analysis:survey_list")).context["page_obj"]
    assert (row.people, row.answered) == (1, 0)


def test_assessment_statuses_are_the_four_of_the_brief():
    assert Assessment.Status.values == ["not_started", "draft", "submitted", "returned", "validated"]


def test_everyone_with_a_gap_is_nominated_in_one_step(client, operator, admin, answered, tree, staff):
    import datetime
    from decimal import Decimal

    from training.models import Course, Enrolment, Provider, Session
    from training.scheduling import save_session

    provider = Provider.objects.create(name="BPSDM", kind="bpsdm_lan")
    course = Course.objects.create(
        code="PP",
        title="Pelayanan Prima",
        jp=Decimal(20),
        default_provider=provider,
        development_form=DevelopmentForm.objects.get(code="KL02"),
    )
    course.course_competencies.create(competency=staff["pegawai"].position.competencies.get(code="M.05"))
    session = Session(
        course=course,
        name="Angkatan I",
        provider=provider,
        organiser_unit=tree.a,
        capacity=10,
        venue="Aula",
        status="open",
        jp=None,
    )
    start = datetime.date.today() + datetime.timedelta(days=20)
    save_session(
        session=session,
        days=[{"date": start, "starts_at": datetime.time(8), "ends_at": datetime.time(12)}],
        instructors=[],
        by=admin,
    )
    m05 = course.competencies.get()
    client.force_login(operator)
    url = reverse("needs_analysis:need_nominate", args=[answered.pk, tree.a1.pk, m05.pk])
    page = client.get(url)
    assert sorted(p.name for p in page.context["people"]) == ["Staf A1", "Staf kedua A1"]
    client.post(url, {"session": session.pk})
    enrolments = Enrolment.objects.filter(session=session)
    assert enrolments.count() == 2 and set(enrolments.values_list("source", flat=True)) == {"needs"}


def test_other_unit_operator_cannot_nominate_from_anothers_needs(client, other_unit_operator, answered, tree):
    client.force_login(other_unit_operator)
    url = reverse("needs_analysis:need_nominate", args=[answered.pk, tree.a1.pk, 1])
    assert client.get(url).status_code == 404


def test_progress_rows_are_paged_and_the_totals_cover_every_unit(
    client, operator, survey, pegawai_assessment, monkeypatch
):
    from needs_analysis import views

    monkeypatch.setattr(views, "PROGRESS_ROWS_PER_PAGE", 1)
    client.force_login(operator)
    url = reverse("needs_analysis:survey_detail", args=[survey.pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert [unit.name for unit, _counts, _total in first.context["page_obj"]] == ["Kecamatan A"]
    assert [unit.name for unit, _counts, _total in second.context["page_obj"]] == ["Kelurahan A1"]
    assert first.context["progress"].total == second.context["progress"].total == 4
    assert "Halaman 1 dari 2" in first.content.decode()
