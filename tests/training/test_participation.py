import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Competency, DevelopmentForm
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory, UserFactory
from training import certificates, enrolment, ledger, participation
from training.models import Attendance, Certificate, Enrolment, ExternalClaim, LearningRecord, Mentorship, Session

from .conftest import credit, make_session

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
# A session is finished once its last day has ended: make_session's end at 2 March 2027 15.00 WIB.
AFTER_CLASS = datetime.datetime(2027, 3, 2, 16, 0, tzinfo=JAKARTA)


@pytest.fixture
def running(workshop, tree, admin, operator, pegawai_employee, supervisor_employee):
    """A two-day session with the pegawai and the lurah confirmed."""
    session = make_session(workshop, tree.a, admin)
    for person in (pegawai_employee, supervisor_employee):
        enrolment.request_place(session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED)
    return session


def mine(session, employee):
    return Enrolment.objects.get(session=session, employee=employee)


# --- attendance ------------------------------------------------------------------------------------


def test_roster_marks_everyone_present_in_one_click_then_exceptions(client, operator, running, pegawai_employee):
    first_day = running.days.first()
    client.force_login(operator)
    url = reverse("training:roster", args=[running.pk, first_day.pk])
    client.post(url, {"all_present": "1"})
    assert Attendance.objects.filter(day=first_day, status="present").count() == 2
    client.post(url, {f"status_{mine(running, pegawai_employee).pk}": "excused"})
    assert Attendance.objects.get(day=first_day, enrolment__employee=pegawai_employee).status == "excused"


def test_roster_query_count_is_constant(client, operator, running, tree, django_assert_max_num_queries):
    client.force_login(operator)
    url = reverse("training:roster", args=[running.pk, running.days.first().pk])
    with django_assert_max_num_queries(12) as captured:
        client.get(url)
    running.capacity = 50
    running.save()
    for index in range(15):
        enrolment.request_place(
            session=running,
            employee=EmployeeFactory(unit=tree.a1, name=f"X{index}"),
            by=operator,
            source=Enrolment.Source.NOMINATED,
        )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(url)


def test_other_unit_operator_cannot_take_attendance(client, other_unit_operator, running):
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:roster", args=[running.pk, running.days.first().pk])).status_code == 403
    assert client.get(reverse("training:checkin_screen", args=[running.pk, running.days.first().pk])).status_code == 403


def test_roster_excel_has_a_signature_column_per_day(client, operator, running):
    client.force_login(operator)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("training:roster_xlsx", args=[running.pk])).streaming_content))
    ).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["No.", "NIP", "Nama"] and len(header) == 6
    assert header[4].startswith("Tanda tangan 1 Maret 2027")


def test_roster_excel_of_a_finished_session_lists_its_participants(
    client, operator, running, pegawai_employee, supervisor_employee
):
    """Finishing a session turns every confirmed place into completed or not completed; the
    attendance list, kept for the file, was then empty."""
    attend(running, pegawai_employee, operator, days=2)
    attend(running, supervisor_employee, operator, days=1)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    client.force_login(operator)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("training:roster_xlsx", args=[running.pk])).streaming_content))
    ).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([pegawai_employee.full_name, supervisor_employee.full_name])


@pytest.mark.parametrize(
    "clock,ok",
    [
        (datetime.datetime(2027, 3, 1, 7, 29, tzinfo=JAKARTA), False),  # too early
        (datetime.datetime(2027, 3, 1, 7, 31, tzinfo=JAKARTA), True),  # 30 minutes before 08:00 is fine
        (datetime.datetime(2027, 3, 1, 14, 59, tzinfo=JAKARTA), True),
        (datetime.datetime(2027, 3, 1, 15, 1, tzinfo=JAKARTA), False),  # the day has ended
        (datetime.datetime(2027, 3, 2, 9, 0, tzinfo=JAKARTA), False),  # the next day's window, not this one's
    ],
)
def test_qr_checkin_only_in_the_days_window(running, pegawai, pegawai_employee, clock, ok):
    code = participation.checkin_code(running.days.first())
    if ok:
        attendance = participation.self_checkin(token=code.token, user=pegawai, now=clock)
        assert (attendance.status, attendance.method) == ("present", "qr")
    else:
        with pytest.raises(ValidationError):
            participation.self_checkin(token=code.token, user=pegawai, now=clock)


def test_qr_checkin_through_the_phone(client, running, pegawai, no_role_user):
    code = participation.checkin_code(running.days.first())
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=JAKARTA), tick=False):
        client.force_login(pegawai)
        assert "Hadir" in client.get(reverse("training:checkin", args=[code.token])).content.decode()
        response = client.post(reverse("training:checkin", args=[code.token]))
    assert "tercatat" in response.content.decode()
    with time_machine.travel(datetime.datetime(2027, 3, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        client.force_login(pegawai)
        late = client.post(reverse("training:checkin", args=[code.token]))
    assert late.status_code == 400 and "hanya dapat dilakukan" in late.content.decode()


def test_someone_not_enrolled_cannot_check_in(running, supervisor_employee, tree):
    stranger = EmployeeFactory(unit=tree.a1, user=UserFactory())
    code = participation.checkin_code(running.days.first())
    with pytest.raises(ValidationError, match="tidak terdaftar"):
        participation.self_checkin(
            token=code.token, user=stranger.user, now=datetime.datetime(2027, 3, 1, 9, 0, tzinfo=JAKARTA)
        )


# --- completion, ledger, certificates --------------------------------------------------------------


def attend(session, employee, by, days):
    record = mine(session, employee)
    for day in session.days.all()[:days]:
        participation.mark(day=day, statuses={record.pk: "present"}, by=by)


def test_finishing_computes_completion_and_credits_jp(running, operator, pegawai_employee, supervisor_employee):
    attend(running, pegawai_employee, operator, days=2)
    attend(running, supervisor_employee, operator, days=1)  # 50 % < 80 %
    results = participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    assert results == {"completed": 1, "not_completed": 1}
    assert mine(running, pegawai_employee).status == "completed"
    record = LearningRecord.objects.get()
    assert (record.employee, record.jp, record.year) == (pegawai_employee, Decimal("10.00"), 2027)


def test_a_required_post_test_must_be_passed(running, operator, pegawai_employee, workshop):
    workshop.requires_post_test = True
    workshop.save()
    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    assert mine(running, pegawai_employee).status == "not_completed"


def test_override_with_a_reason(running, operator, pegawai_employee):
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    record = mine(running, pegawai_employee)
    with pytest.raises(ValidationError):
        participation.override_completion(enrolment=record, done=True, by=operator, reason="")
    participation.override_completion(
        enrolment=record, done=True, by=operator, reason="Sakit, tugas pengganti diterima"
    )
    assert (
        mine(running, pegawai_employee).status == "completed"
        and LearningRecord.objects.filter(enrolment=record).exists()
    )


def test_certificates_numbered_verified_and_zipped(
    client, running, operator, pegawai_employee, settings, pegawai, django_capture_on_commit_callbacks
):
    settings.BANGKOM = dict(settings.BANGKOM, CERTIFICATE_NUMBER_FORMAT="{seq:03d}/BKPSDM/{roman_month}/{year}")
    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    with time_machine.travel(datetime.datetime(2027, 3, 20, 10, 0, tzinfo=JAKARTA), tick=False):
        (certificate,) = certificates.issue_certificates(session=running, by=operator)
    assert certificate.number == "001/BKPSDM/III/2027"
    assert certificates.issue_certificates(session=running, by=operator) == []  # not twice
    assert LearningRecord.objects.get().certificate_number == "001/BKPSDM/III/2027"
    client.force_login(pegawai)
    text = " ".join(pdf_text(client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content).split())
    assert "sepuluh" in text and "Staf A1" in text and "001/BKPSDM/III/2027" in text
    client.logout()
    page = client.get(reverse("training:certificate_verify", args=[certificate.verification_code]))
    html = page.content.decode()
    assert page.status_code == 200 and "asli dan berlaku" in html and pegawai_employee.nip not in html
    assert client.get(reverse("training:certificate_verify", args=["tidakada"])).status_code == 404
    client.force_login(operator)
    # The ZIP is built in the background: the POST queues a job, its page links the file when ready.
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("training:session_certificates_zip", args=[running.pk]))
    job_page = client.get(queued.url)
    assert "Siap diunduh" in job_page.content.decode()
    download = client.get(reverse("core:job_download", args=[queued.url.rstrip("/").split("/")[-1]]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 1 and archive.namelist()[0].startswith(pegawai_employee.nip)
    assert "sepuluh" in " ".join(pdf_text(archive.read(archive.namelist()[0])).split())


def test_certificate_of_someone_else_is_404(client, running, operator, pegawai_employee, other_unit_operator):
    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    (certificate,) = certificates.issue_certificates(session=running, by=operator)
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).status_code == 404


def test_revoked_certificate_says_so(client, running, operator, pegawai_employee):
    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    (certificate,) = certificates.issue_certificates(session=running, by=operator)
    participation.override_completion(
        enrolment=mine(running, pegawai_employee), done=False, by=operator, reason="Plagiat"
    )
    html = client.get(reverse("training:certificate_verify", args=[certificate.verification_code])).content.decode()
    assert "dicabut" in html
    assert not Certificate.objects.filter(revoked=False).exists()


def test_number_format_is_configurable():
    assert certificates.format_number(7, datetime.date(2027, 11, 2), "SERT-{year}-{seq:04d}") == "SERT-2027-0007"
    with pytest.raises(ValidationError):
        certificates.format_number(1, datetime.date(2027, 1, 1), "{nomor}")


# --- claims and mentoring ------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4 bukti"


def test_asn_claims_external_learning_and_hr_verifies(client, pegawai, pegawai_employee, operator, reference_data):
    client.force_login(pegawai)
    webinar = DevelopmentForm.objects.get(code="KL06")
    response = client.post(
        reverse("training:claim_create"),
        {
            "development_form": webinar.pk,
            "title": "Webinar ASN Unggul",
            "organiser": "LAN RI",
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-01",
            "days": 1,
            "sessions": 1,
            "program_jp": "",
            "evidence": SimpleUploadedFile("b.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    claim = ExternalClaim.objects.get()
    client.force_login(operator)
    client.post(reverse("training:claim_review", args=[claim.pk]), {"decision": "verify"})
    record = LearningRecord.objects.get()
    assert (record.employee, record.jp, record.source) == (
        pegawai_employee,
        Decimal("4.00"),
        "claim",
    )  # seminar: 4 JP a day


def test_claim_evidence_must_be_a_small_pdf_or_image(client, pegawai, reference_data):
    client.force_login(pegawai)
    data = {
        "development_form": DevelopmentForm.objects.get(code="KL06").pk,
        "title": "X",
        "organiser": "Y",
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "days": 1,
        "sessions": 1,
    }
    response = client.post(
        reverse("training:claim_create"), dict(data, evidence=SimpleUploadedFile("x.pdf", b"MZ\x90 exe"))
    )
    assert "Bukti harus berupa PDF, JPG, atau PNG." in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 1))
    response = client.post(reverse("training:claim_create"), dict(data, evidence=big))
    assert "terlalu besar" in response.content.decode() and not ExternalClaim.objects.exists()


def test_claims_are_scoped(client, pegawai, pegawai_employee, other_unit_operator, reference_data):
    claim = ExternalClaim.objects.create(
        employee=pegawai_employee,
        development_form=DevelopmentForm.objects.get(code="KL06"),
        title="X",
        organiser="Y",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
        evidence=SimpleUploadedFile("b.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:claim_evidence", args=[claim.pk])).status_code == 404
    assert client.post(reverse("training:claim_review", args=[claim.pk]), {"decision": "verify"}).status_code == 404
    assert not LearningRecord.objects.exists()


def test_mentoring_credits_the_mentee(supervisor_employee, pegawai_employee, operator, reference_data):
    mentorship = Mentorship.objects.create(
        mentor=supervisor_employee,
        mentee=pegawai_employee,
        competency=Competency.objects.get(code="M.06"),
        development_form=DevelopmentForm.objects.get(code="NKL11"),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        created_by=operator,
    )
    ledger.log_mentoring(mentorship=mentorship, date=datetime.date(2026, 2, 3), hours=Decimal(1), notes="", by=operator)
    assert LearningRecord.objects.get().jp == Decimal("2.00")  # bimbingan di tempat kerja: 2 JP a session


def test_a_mentor_from_another_office_reads_as_not_found(
    client, operator, admin, tree, pegawai_employee, supervisor_employee, reference_data
):
    """Typing a NIP of another office must not name that person (the pair's page shows the
    mentor), nor open the mentee's mentoring log to them; an admin may still pair across offices."""
    officer = EmployeeFactory(unit=tree.b, name="Pejabat B")
    data = {
        "mentor_nip": officer.nip,
        "mentee_nip": pegawai_employee.nip,
        "competency": Competency.objects.get(code="M.06").pk,
        "development_form": DevelopmentForm.objects.get(code="NKL11").pk,
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
    }
    client.force_login(operator)
    outside = client.post(reverse("training:mentorship_create"), data)
    unknown = client.post(reverse("training:mentorship_create"), {**data, "mentor_nip": "196608011988031001"})
    assert not Mentorship.objects.exists()
    assert outside.context["form"].errors["mentor_nip"] == unknown.context["form"].errors["mentor_nip"]
    assert (
        client.post(reverse("training:mentorship_create"), {**data, "mentor_nip": supervisor_employee.nip}).status_code
        == 302
    )
    client.force_login(admin)
    assert client.post(reverse("training:mentorship_create"), data).status_code == 302


def test_the_mentoring_form_picks_both_people_by_name_and_saves_their_nips(
    client, operator, tree, pegawai_employee, supervisor_employee, reference_data
):
    """The pair is picked from the search (the mentee among the people the operator manages) and the
    form posts the picked values, the NIPs it always took."""
    client.force_login(operator)
    page = client.get(reverse("training:mentorship_create")).content.decode()
    search = reverse("programs:employee_search")
    fields = {
        name: re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0) for name in ("mentor_nip", "mentee_nip")
    }
    assert f'data-picker="{search}"' in fields["mentor_nip"]
    assert f'data-picker="{search}?scope=editable"' in fields["mentee_nip"]
    mentor = client.get(search, {"q": "Lurah A1"}).json()["results"][0]["value"]
    mentee = client.get(search, {"q": "Staf A1", "scope": "editable"}).json()["results"][0]["value"]
    response = client.post(
        reverse("training:mentorship_create"),
        {
            "mentor_nip": mentor,
            "mentee_nip": mentee,
            "competency": Competency.objects.get(code="M.06").pk,
            "development_form": DevelopmentForm.objects.get(code="NKL11").pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
        },
    )
    assert response.status_code == 302
    pair = Mentorship.objects.get()
    assert (pair.mentor, pair.mentee) == (supervisor_employee, pegawai_employee)


# --- the ASN's page and the 20 JP duty ------------------------------------------------------------------


def test_monthly_trend_counts_each_person_in_the_month_their_running_total_reaches_the_target(
    operator, tree, reference_data, settings
):
    from training.compliance import monthly_trend

    settings.BANGKOM = dict(settings.BANGKOM, JP_TARGET_PPPK=24)
    same_day = EmployeeFactory(unit=tree.a1)
    credit(same_day, Decimal(12), on=(2, 10))
    credit(same_day, Decimal(8), on=(2, 10))  # two records of one day reach 20 together, in February
    late = EmployeeFactory(unit=tree.a)
    credit(late, Decimal(5), on=(1, 31))
    credit(late, Decimal(15), on=(11, 1))  # 5 + 15 in November; the year before does not count
    credit(late, Decimal(30), year=2025)
    pppk = EmployeeFactory(unit=tree.a, status="pppk", golongan="p05", nip="199009132021242014")
    credit(pppk, Decimal(20), on=(4, 1))
    credit(pppk, Decimal(4), on=(6, 30))  # PPPK's 24 reached in June, not at 20 in April
    credit(EmployeeFactory(unit=tree.a1), Decimal(19))  # never reaches it
    credit(EmployeeFactory(unit=tree.b), Decimal(40), on=(1, 2))  # another kecamatan: out of scope
    trend = monthly_trend(operator, year=2026)
    assert [row["compliant"] for row in trend] == [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]
    assert trend[-1]["share"] == Decimal(3) / 4


def test_learning_page_shows_jp_against_the_target(
    client, pegawai, pegawai_employee, other_unit_operator, reference_data
):
    credit(pegawai_employee, Decimal(12))
    credit(pegawai_employee, Decimal(30), year=2025)
    client.force_login(pegawai)
    response = client.get(reverse("training:learning_history"), {"tahun": 2026})
    assert (response.context["jp_year"], response.context["missing"]) == (Decimal(12), Decimal(8))
    text = pdf_text(client.get(reverse("training:transcript_pdf", args=[pegawai_employee.pk])).content)
    assert "2025" in text and "2026" in text
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:employee_learning", args=[pegawai_employee.pk])).status_code == 404


def test_compliance_counts_are_exact(client, operator, tree, reference_data, settings):
    settings.BANGKOM = dict(settings.BANGKOM, JP_TARGET_PPPK=24)
    done = EmployeeFactory(unit=tree.a1, name="Sudah")
    credit(done, Decimal(12))
    credit(done, Decimal(8))
    short = EmployeeFactory(unit=tree.a1, name="Kurang")
    credit(short, Decimal("19.5"))
    pppk = EmployeeFactory(unit=tree.a, name="PPPK", status="pppk", golongan="p05", nip="199009132021242014")
    credit(pppk, Decimal(20))  # 20 is not enough where PPPK's target is 24
    EmployeeFactory(unit=tree.a, name="Nol")
    EmployeeFactory(unit=tree.b, name="Unit lain")
    client.force_login(operator)
    response = client.get(reverse("training:compliance"), {"tahun": 2026})
    totals = response.context["data"]["totals"]
    assert (totals["staff"], totals["compliant"], totals["below"], totals["missing_jp"]) == (4, 1, 3, Decimal("24.5"))
    names = [person.name for person in response.context["page_obj"]]
    assert names == ["Nol", "Kurang", "PPPK"]
    rows = {
        row["unit"].name if row["unit"] else None: (row["staff"], row["compliant"])
        for row in response.context["data"]["rows"]
    }
    assert rows == {"Kecamatan A": (2, 0), "Kelurahan A1": (2, 1)}  # the unit itself, then its sub-units


def test_compliance_query_count_is_constant(client, admin, tree, reference_data, django_assert_max_num_queries):
    client.force_login(admin)
    url = reverse("training:compliance")
    EmployeeFactory(unit=tree.a1)
    with django_assert_max_num_queries(14) as captured:
        client.get(url)
    for index in range(25):
        credit(EmployeeFactory(unit=tree.b if index % 2 else tree.a1), Decimal(index))
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(url)


def test_compliance_export_and_siasn_export(client, operator, tree, reference_data):
    person = EmployeeFactory(unit=tree.a1, name="Kurang", siasn_pns_id="A8ACA7")
    credit(person, Decimal(6), year=2026)
    client.force_login(operator)
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(client.get(reverse("training:compliance_xlsx"), {"tahun": 2026}).streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert rows[1][:2] == (person.nip, "Kurang") and rows[1][5:8] == (6, 20, 14)
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(client.get(reverse("training:siasn_learning_xlsx"), {"tahun": 2026}).streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert rows[0][:5] == ("nip", "nama", "pnsOrangId", "instansiId", "jenisDiklatId")
    assert rows[1][2] == "A8ACA7" and rows[1][4] == 9 and rows[1][9] == 6 and rows[1][11] == "01-03-2026"


def test_pegawai_cannot_see_the_compliance_dashboard(client, pegawai):
    client.force_login(pegawai)
    assert client.get(reverse("training:compliance")).status_code == 403


def test_profile_shows_jp(client, supervisor, pegawai_employee, reference_data):
    credit(pegawai_employee, Decimal(5), year=datetime.date.today().year)
    client.force_login(supervisor)
    html = client.get(reverse("programs:employee_detail", args=[pegawai_employee.pk])).content.decode()
    assert "JP dan riwayat pembelajaran" in html and "5 / 20" in html


def test_session_status_enum_is_used_for_finished(running, operator):
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    running.refresh_from_db()
    assert running.status == Session.Status.FINISHED


def test_completion_restored_restores_the_certificate(running, operator, pegawai_employee):
    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    (certificate,) = certificates.issue_certificates(session=running, by=operator)
    record = mine(running, pegawai_employee)
    participation.override_completion(enrolment=record, done=False, by=operator, reason="Salah input")
    certificate.refresh_from_db()
    assert certificate.revoked  # not completed after all: the certificate no longer stands
    participation.override_completion(enrolment=record, done=True, by=operator, reason="Diperbaiki")
    certificate.refresh_from_db()
    assert not certificate.revoked


def test_everyone_with_their_jp_is_exported_in_scope(client, operator, tree, reference_data):
    done = EmployeeFactory(unit=tree.a1, name="Sudah")
    credit(done, Decimal(24), year=2026)
    EmployeeFactory(unit=tree.a1, name="Belum")
    EmployeeFactory(unit=tree.b, name="Unit lain")
    client.force_login(operator)
    page = client.get(reverse("training:compliance"), {"tahun": 2026}).content.decode()
    assert "?tahun=2026&amp;semua=1" in page
    response = client.get(reverse("training:compliance_xlsx"), {"tahun": 2026, "semua": "1"})
    assert 'filename="jp-asn-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"Sudah", "Belum"} and rows["Sudah"][5:8] == (24, 20, 0) and rows["Belum"][5] == 0
    assert sheet.title == "JP ASN 2026"


def test_personal_documents_are_written_to_the_audit_trail(client, running, operator, pegawai, pegawai_employee):
    from auditlog.models import LogEntry

    attend(running, pegawai_employee, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    (certificate,) = certificates.issue_certificates(session=running, by=operator)
    client.force_login(operator)
    b"".join(client.get(reverse("training:roster_xlsx", args=[running.pk])).streaming_content)
    client.get(reverse("training:transcript_pdf", args=[pegawai_employee.pk]))
    client.force_login(pegawai)
    client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("id")
    assert [(entry.actor, entry.object_repr.split(" ")[0]) for entry in logged] == [
        (operator, "Daftar"),
        (operator, "Transkrip"),
        (pegawai, "Sertifikat"),
    ]


def test_below_target_list_pages_lowest_jp_first_in_scope(client, operator, tree, reference_data):
    for name, jp in (("Budi", 0), ("Ani", 0), ("Cici", 10), ("Dodi", 25)):
        person = EmployeeFactory(unit=tree.a1, name=name)
        if jp:
            credit(person, Decimal(jp), year=2026)
            credit(person, Decimal(0), year=2025)
    pppk = EmployeeFactory(unit=tree.a1, name="Eka", status="pppk", golongan="p05", nip="199009132021242014")
    credit(pppk, Decimal(19), year=2026)
    credit(EmployeeFactory(unit=tree.b, name="Lain"), Decimal(1), year=2026)
    client.force_login(operator)
    response = client.get(reverse("training:compliance"), {"tahun": 2026})
    page = response.context["page_obj"]
    assert page.paginator.count == 4
    assert [(p.name, p.jp, p.missing) for p in page] == [
        ("Ani", 0, 20),
        ("Budi", 0, 20),
        ("Cici", 10, 10),
        ("Eka", 19, 1),
    ]


def test_below_target_list_uses_each_status_target(client, operator, tree, reference_data, settings):
    settings.BANGKOM = {**settings.BANGKOM, "JP_TARGET_PPPK": 10, "JP_TARGET_PNS": 20}
    pppk = EmployeeFactory(unit=tree.a1, name="Pppk Cukup", status="pppk", golongan="p05", nip="199009132021242014")
    credit(pppk, Decimal(12), year=2026)
    credit(EmployeeFactory(unit=tree.a1, name="Pns Kurang"), Decimal(15), year=2026)
    client.force_login(operator)
    page = client.get(reverse("training:compliance"), {"tahun": 2026}).context["page_obj"]
    assert [p.name for p in page] == ["Pns Kurang"] and page.paginator.count == 1


def test_a_strange_year_falls_back_to_this_year(client, operator):
    client.force_login(operator)
    assert client.get(reverse("training:compliance"), {"tahun": "²"}).status_code == 200
    assert client.get(reverse("reports:home"), {"year": "²"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_issue_numbers_each_certificate_once(running, operator, pegawai_employee, supervisor_employee):
    from tests.concurrency import race

    for person in (pegawai_employee, supervisor_employee):
        attend(running, person, operator, days=2)
    participation.finish_session(session=running, by=operator, now=AFTER_CLASS)
    results, errors = race(lambda: certificates.issue_certificates(session=running, by=operator), 4)
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    issued = [certificate for batch in results for certificate in batch]
    assert len(issued) == len(numbers) == 2 and numbers[0].startswith("001/") and numbers[1].startswith("002/")


def test_evidence_of_old_decided_claims_is_deleted_and_the_jp_stays(
    client, pegawai, pegawai_employee, operator, reference_data, settings
):
    from django.core.management import call_command

    client.force_login(pegawai)
    form = DevelopmentForm.objects.get(code="KL06")
    fields = {"development_form": form.pk, "organiser": "LAN RI", "days": 1, "sessions": 1, "program_jp": ""}
    for title in ("Webinar lama", "Webinar baru", "Belum diperiksa"):
        client.post(
            reverse("training:claim_create"),
            fields
            | {"title": title, "starts_on": "2026-05-01", "ends_on": "2026-05-01"}
            | {"evidence": SimpleUploadedFile("b.pdf", PDF_BYTES, content_type="application/pdf")},
        )
    old, recent, pending = (
        ExternalClaim.objects.get(title=title) for title in ("Webinar lama", "Webinar baru", "Belum diperiksa")
    )
    for claim in (old, recent):
        ledger.review_claim(claim=claim, by=operator, verified=True)
    six_years_ago = datetime.datetime(2020, 11, 1, tzinfo=JAKARTA)
    ExternalClaim.objects.filter(pk=old.pk).update(reviewed_at=six_years_ago)
    storage, stored = old.evidence.storage, old.evidence.name
    assert storage.exists(stored)
    settings.BANGKOM = dict(settings.BANGKOM, EVIDENCE_RETENTION_YEARS=5)
    call_command("prune_claim_evidence", stdout=io.StringIO())
    for claim in (old, recent, pending):
        claim.refresh_from_db()
    assert not old.evidence and not storage.exists(stored)
    assert recent.evidence and pending.evidence  # younger, or not decided yet: kept
    assert LearningRecord.objects.filter(claim=old).exists()  # the JP it credited stays
    client.force_login(operator)
    assert client.get(reverse("training:claim_evidence", args=[old.pk])).status_code == 404
    assert client.get(reverse("training:claim_evidence", args=[recent.pk])).status_code == 200
    # A row whose file the storage lost (a database restored without its media) answers 404, not 500.
    recent.evidence.storage.delete(recent.evidence.name)
    missing = client.get(reverse("training:claim_evidence", args=[recent.pk]))
    assert missing.status_code == 404 and "tidak ditemukan" in missing.content.decode()


def test_an_operator_cannot_verify_their_own_claim(client, operator, operator_employee, reference_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programs.models import DevelopmentForm
    from training.models import ExternalClaim

    claim = ExternalClaim.objects.create(
        employee=operator_employee,
        development_form=DevelopmentForm.objects.get(code="KL06"),
        title="Webinar",
        organiser="LAN",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
        evidence=SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
    )
    client.force_login(operator)
    assert list(client.get(reverse("training:claim_list")).context["rows"]) == []
    assert client.post(reverse("training:claim_review", args=[claim.pk]), {"decision": "verify"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_mentoring_sessions_stay_in_the_period(supervisor_employee, pegawai_employee, operator, reference_data):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from programs.models import Competency, DevelopmentForm
    from training import ledger
    from training.models import Mentorship

    mentorship = Mentorship.objects.create(
        mentor=supervisor_employee,
        mentee=pegawai_employee,
        competency=Competency.objects.get(code="M.06"),
        development_form=DevelopmentForm.objects.get(code="NKL11"),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        created_by=operator,
    )
    for day in (datetime.date(2025, 12, 31), datetime.date(2026, 7, 1)):
        with pytest.raises(ValidationError):
            ledger.log_mentoring(mentorship=mentorship, date=day, hours=Decimal(1), notes="", by=operator)
