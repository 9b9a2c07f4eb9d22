"""The documents of a session: a preview takes no number, issuing takes the next number of one register
per kind, year and unit, a double submit or a race issues once, and a change of participants is a
revision under the same number."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.formats import date_time, long_date
from documents.esign import sha256 as esign_sha
from documents.models import IssuedDocument, Register, Revision
from tests.concurrency import race
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session
from training import enrolment
from training.models import Enrolment

from .conftest import pdf_pages, pdf_text

TODAY = datetime.date(2027, 2, 15)


def issue(client, session, kind):
    return client.post(reverse("documents:issue", args=[session.pk, kind]))


def test_preview_takes_no_number_and_says_it_is_a_draft(client, operator, session):
    client.force_login(operator)
    response = client.get(reverse("documents:preview", args=[session.pk, "undangan"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "KONSEP" in text
    assert "800.2/…/KEC.A/" in text
    assert Register.objects.count() == 0
    assert IssuedDocument.objects.count() == 0


def test_issuing_numbers_from_one_register_per_kind_year_and_unit(client, operator, session, workshop, tree, admin):
    client.force_login(operator)
    year = datetime.date.today().year
    issue(client, session, "undangan")
    issue(client, session, "keputusan")
    second = make_session(workshop, tree.a, admin, name="Angkatan 2")
    issue(client, second, "undangan")
    other_unit = make_session(workshop, tree.b, admin, name="Angkatan B")
    client.force_login(admin)
    issue(client, other_unit, "undangan")
    numbers = {(d.session_id, d.kind): d.number for d in IssuedDocument.objects.all()}
    assert numbers == {
        (session.pk, "undangan"): f"800.2/1/KEC.A/{year}",
        (session.pk, "keputusan"): f"800.2/1/KEP/KEC.A/{year}",
        (second.pk, "undangan"): f"800.2/2/KEC.A/{year}",
        (other_unit.pk, "undangan"): f"800.2/1/KEC-B/{year}",
    }


def test_a_double_submit_issues_once(client, operator, session):
    client.force_login(operator)
    first = issue(client, session, "undangan")
    second = issue(client, session, "undangan")
    assert first.status_code == second.status_code == 302
    assert IssuedDocument.objects.filter(session=session).count() == 1
    assert Register.objects.get().last_number == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_leaves_no_gap_and_no_duplicate(workshop, tree, admin, operator):
    sessions = [make_session(workshop, tree.a, admin, name=f"Angkatan {i}") for i in range(6)]
    queue = list(sessions)

    def send():
        client = Client()
        client.force_login(operator)
        return issue(client, queue.pop(), "surat_tugas").status_code

    codes, errors = race(send, 6)
    assert errors == []
    assert codes == [302] * 6
    assert sorted(IssuedDocument.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Register.objects.get(kind="surat_tugas").last_number == 6


@pytest.mark.django_db(transaction=True)
def test_the_same_document_issued_in_a_race_is_one_number(workshop, tree, admin, operator):
    session = make_session(workshop, tree.a, admin)

    def send():
        client = Client()
        client.force_login(operator)
        return issue(client, session, "keputusan").status_code

    codes, errors = race(send, 4)
    assert errors == []
    assert IssuedDocument.objects.filter(session=session).count() == 1
    assert Register.objects.get(kind="keputusan").last_number == 1


def test_the_invitation_goes_to_each_unit_head_with_its_participants(
    client, operator, admin, session, pegawai_employee, supervisor_employee, head, tree
):
    other = EmployeeFactory(unit=tree.b, name="Citra Lestari")
    enrolment.request_place(session=session, employee=other, by=admin, source=Enrolment.Source.NOMINATED)
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "undangan").url.split("/")[-2])
    text = pdf_text(client.get(reverse("documents:document_pdf", args=[document.pk])).content)
    # Kecamatan A's head is known by office; Kecamatan B has none recorded.
    assert "Yth. Camat A" in text
    assert "Yth. Kepala Kecamatan B" in text
    assert text.count(document.number) >= 4  # each letter and its annex
    for person in (pegawai_employee, supervisor_employee, other):
        assert person.nip_display in text
    assert f"Kota Contoh, {long_date(document.issued_on)}" in text
    assert "Drs. Budi Santoso, M.Si." in text
    assert head.nip_display in text
    assert "PEMERINTAH KOTA CONTOH" in text
    assert "Jalan Merdeka 1" in text


def test_the_decree_has_its_parts_and_its_annex(client, operator, session, pegawai_employee):
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "keputusan").url.split("/")[-2])
    text = pdf_text(client.get(reverse("documents:document_pdf", args=[document.pk])).content)
    for part in (
        "KEPUTUSAN CAMAT A",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "Menimbang",
        "Mengingat",
        "MEMUTUSKAN",
        "KESATU",
        "KEDUA",
        "Ditetapkan di Kota Contoh",
        "Undang-Undang Nomor 20 Tahun 2023",
    ):
        assert part in text, part
    assert pegawai_employee.nip_display in text


def test_the_attendance_sheet_has_one_page_per_day(client, operator, session):
    client.force_login(operator)
    response = client.get(reverse("documents:preview", args=[session.pk, "daftar_hadir"]))
    assert pdf_pages(response.content) == session.days.count() == 2
    assert "Tanda Tangan" in pdf_text(response.content)


def test_the_instructors_assignment_names_the_instructors(client, operator, session, instructor):
    client.force_login(operator)
    text = pdf_text(client.get(reverse("documents:preview", args=[session.pk, "surat_tugas_pengajar"])).content)
    assert instructor.name in text
    assert "SURAT TUGAS" in text


def test_a_change_of_participants_is_a_revision_under_the_same_number(
    client, operator, session, pegawai_employee, tree
):
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    number = document.number
    newcomer = EmployeeFactory(unit=tree.a1, name="Dewi Anggraini")
    enrolment.request_place(session=session, employee=newcomer, by=operator, source=Enrolment.Source.NOMINATED)
    Enrolment.objects.filter(session=session, employee=pegawai_employee).update(status=Enrolment.Status.WITHDRAWN)

    page = client.get(document.get_absolute_url()).content.decode()
    assert "Dewi Anggraini" in page and "Perbarui naskah" in page
    assert "peserta berubah: perbarui" in client.get(session.get_absolute_url()).content.decode()
    # Until it is regenerated, the issued letter names the people it was issued with.
    assert pegawai_employee.nip_display in pdf_text(
        client.get(reverse("documents:document_pdf", args=[document.pk])).content
    )

    client.post(reverse("documents:refresh", args=[document.pk]))
    document.refresh_from_db()
    assert document.number == number and document.revision == 1
    revision = Revision.objects.get(document=document)
    assert "Dewi Anggraini" in revision.note and pegawai_employee.name in revision.note
    text = pdf_text(client.get(reverse("documents:document_pdf", args=[document.pk])).content)
    assert newcomer.nip_display in text
    assert pegawai_employee.nip_display not in text
    assert "Perubahan ke-1" in text
    assert Register.objects.get(kind="surat_tugas").last_number == 1

    client.post(reverse("documents:refresh", args=[document.pk]))
    assert Revision.objects.filter(document=document).count() == 1  # nothing changed since


def test_the_session_page_lists_its_documents(client, operator, session):
    client.force_login(operator)
    issue(client, session, "undangan")
    page = client.get(session.get_absolute_url()).content.decode()
    number = IssuedDocument.objects.get().number
    assert number in page
    assert reverse("documents:preview", args=[session.pk, "keputusan"]) in page


@pytest.mark.parametrize(
    "kind", ["undangan", "surat_tugas", "surat_tugas_pengajar", "keputusan", "daftar_hadir", "laporan_pelaksanaan"]
)
def test_every_kind_previews_with_constant_queries(client, operator, session, kind, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("documents:preview", args=[session.pk, kind]))
    assert response.status_code == 200


def test_preview_queries_do_not_grow_with_participants(client, operator, session, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(operator)
    url = reverse("documents:preview", args=[session.pk, "undangan"])
    client.get(url)  # the first preview makes the kind's texts from the defaults
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    session.capacity = 40
    session.save()
    for i in range(12):
        person = EmployeeFactory(unit=tree.b if i % 2 else tree.a1, name=f"Peserta {i}")
        enrolment.request_place(session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_an_unknown_kind_is_404(client, operator, session):
    client.force_login(operator)
    assert client.get(reverse("documents:preview", args=[session.pk, "sertifikat"])).status_code == 404


def test_only_who_runs_the_session_makes_its_documents(client, operator, other_unit_operator, pimpinan, session):
    """The schedule is open to read, so another unit's operator and a pimpinan see the session but may
    not preview or issue its letters (403); its issued letters name people, so for them they do not
    exist (404)."""
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "undangan").url.split("/")[-2])
    for user in (other_unit_operator, pimpinan):
        client.force_login(user)
        assert client.get(reverse("documents:preview", args=[session.pk, "undangan"])).status_code == 403
        assert issue(client, session, "keputusan").status_code == 403
        assert client.get(reverse("documents:document_pdf", args=[document.pk])).status_code == 404
        assert client.get(reverse("documents:document_docx", args=[document.pk])).status_code == 404
        assert client.get(reverse("documents:document_detail", args=[document.pk])).status_code == 404
        assert client.post(reverse("documents:refresh", args=[document.pk])).status_code == 404
    assert IssuedDocument.objects.count() == 1


def test_session_report_tells_attendance_jp_and_costs(client, operator, session):
    client.force_login(operator)
    text = pdf_text(client.get(reverse("documents:preview", args=[session.pk, "laporan_pelaksanaan"])).content)
    for part in ("A. Pelaksanaan", "B. Peserta", "C. Evaluasi", "D. Biaya", "JP yang diakui", "2 (dua) orang"):
        assert part in text, part


def test_the_operator_signs_an_issued_letter_electronically(client, operator, session, signing_certificate):
    from core.signing import verify_pdf

    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    assert "Tandatangani secara elektronik" in client.get(document.get_absolute_url()).content.decode()
    client.post(reverse("documents:sign", args=[document.pk]))
    copy = document.current_copy()
    assert copy.signed_at is not None
    signed = client.get(reverse("documents:document_pdf", args=[document.pk])).content
    result = verify_pdf(signed)
    assert result.unmodified and result.trusted
    text = pdf_text(signed)
    assert "Ditandatangani secara elektronik" in text
    assert str(document.verification_token) in text.replace("\n", "")
    public = client.get(reverse("document_verification:document_verify", args=[document.verification_token]))
    assert document.number in public.content.decode()
    assert copy.sha256 in public.content.decode()


def test_signing_without_a_certificate_says_so_and_signs_nothing(client, operator, session):
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    assert "Tandatangani secara elektronik" not in client.get(document.get_absolute_url()).content.decode()
    response = client.post(reverse("documents:sign", args=[document.pk]), follow=True)
    assert not document.signed_copies.exists()
    assert response.status_code == 200


def test_a_signed_letter_revised_and_signed_again_keeps_both_copies_each_marked_right(
    client, operator, other_unit_operator, session, pegawai_employee, tree, signing_certificate
):
    """The copy signed before the participants changed stays stored, listed and downloadable as it was;
    the PDF of the revision in force is unsigned (no electronic-signature mark, no note) until it is
    signed again, and then carries the mark, the note and the revision's footer."""
    from core.signing import verify_pdf

    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    client.post(reverse("documents:sign", args=[document.pk]))
    first = document.current_copy()
    first_pdf = client.get(reverse("documents:document_pdf", args=[document.pk])).content
    newcomer = EmployeeFactory(unit=tree.a1, name="Dewi Anggraini")
    enrolment.request_place(session=session, employee=newcomer, by=operator, source=Enrolment.Source.NOMINATED)

    client.post(reverse("documents:refresh", args=[document.pk]))

    document.refresh_from_db()
    assert document.current_copy() is None
    assert first.file.storage.exists(first.file.name)  # the copy sent out is kept
    unsigned = client.get(reverse("documents:document_pdf", args=[document.pk])).content
    text = pdf_text(unsigned)
    assert newcomer.nip_display in text and "Perubahan ke-1" in text
    assert "Ditandatangani secara elektronik" not in text and "ditandatangani secara elektronik" not in text
    assert not verify_pdf(unsigned).signed
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Tandatangani secara elektronik" in page  # the new revision may be signed
    assert "sudah diganti" in page and first.sha256 in page

    client.post(reverse("documents:sign", args=[document.pk]))

    second = document.current_copy()
    assert second.revision == 1 and second.pk != first.pk
    resigned = client.get(reverse("documents:document_pdf", args=[document.pk])).content
    assert esign_sha(resigned) == second.sha256
    text = pdf_text(resigned)
    assert "Ditandatangani secara elektronik" in text and "Perubahan ke-1" in text
    assert "Dokumen ini ditandatangani secara elektronik" in text
    assert newcomer.nip_display in text
    assert verify_pdf(resigned).unmodified
    page = client.get(document.get_absolute_url()).content.decode()
    assert first.sha256 in page and second.sha256 in page
    assert "berlaku" in page and "sudah diganti" in page
    assert "PAdES B-B (tanpa cap waktu tepercaya)" in page
    old = client.get(reverse("documents:signed_copy_pdf", args=[document.pk, first.pk]))
    assert b"".join(old.streaming_content) == first_pdf
    assert old["Content-Type"] == "application/pdf"
    assert "Perubahan ke-1" not in pdf_text(first_pdf)
    client.force_login(other_unit_operator)
    assert client.get(reverse("documents:signed_copy_pdf", args=[document.pk, first.pk])).status_code == 404


def test_a_copy_of_another_document_is_not_reached_through_this_one(client, operator, session, signing_certificate):
    client.force_login(operator)
    letter = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    invitation = IssuedDocument.objects.get(pk=issue(client, session, "undangan").url.split("/")[-2])
    client.post(reverse("documents:sign", args=[letter.pk]))

    url = reverse("documents:signed_copy_pdf", args=[invitation.pk, letter.current_copy().pk])

    assert client.get(url).status_code == 404


def test_a_timestamped_signature_says_so_on_the_document_page(
    client, operator, session, signing_certificate, timestamping_authority
):
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])

    response = client.post(reverse("documents:sign", args=[document.pk]), follow=True)

    copy = document.current_copy()
    page = response.content.decode()
    assert "dengan cap waktu tepercaya" in page
    assert "PAdES B-T (dengan cap waktu tepercaya)" in page
    assert f"cap waktu tepercaya {date_time(copy.timestamp_at)}" in page


def test_the_session_page_marks_only_a_signed_revision_in_force(client, operator, session, tree, signing_certificate):
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "surat_tugas").url.split("/")[-2])
    client.post(reverse("documents:sign", args=[document.pk]))
    badge = '<span class="badge text-bg-success">TTE</span>'
    assert badge in client.get(session.get_absolute_url()).content.decode()
    newcomer = EmployeeFactory(unit=tree.a1, name="Dewi Anggraini")
    enrolment.request_place(session=session, employee=newcomer, by=operator, source=Enrolment.Source.NOMINATED)
    client.post(reverse("documents:refresh", args=[document.pk]))

    assert badge not in client.get(session.get_absolute_url()).content.decode()


def test_the_invitation_names_accepted_proposals_and_no_other(client, operator, admin, session, tree):
    """Units' proposals reach the invitation only once accepted: a person waiting for the decision or
    turned down is in no letter, and a unit with nobody accepted gets no letter."""
    from programs.models import OrgUnit, Role
    from tests.factories import OrgUnitFactory, UserFactory, grant
    from training import proposals

    unit_c = OrgUnitFactory(parent=tree.root, code="KEC-C", name="Kecamatan C", kind=OrgUnit.Kind.KECAMATAN)
    unit_c.refresh_from_db()
    accepted, declined = EmployeeFactory(unit=tree.b, name="Diterima B"), EmployeeFactory(unit=tree.b, name="Ditolak B")
    waiting = EmployeeFactory(unit=unit_c, name="Menunggu C")
    operator_b = grant(UserFactory(username="operator_kec_b"), Role.OPERATOR, tree.b)
    operator_c = grant(UserFactory(username="operator_kec_c"), Role.OPERATOR, unit_c)
    proposals.propose(session=session, employees=[accepted, declined], by=operator_b, source="staff")
    proposals.propose(session=session, employees=[waiting], by=operator_c, source="below_jp")
    ids = dict(session.proposals.values_list("employee__name", "pk"))
    proposals.decide(session=session, proposal_ids=[ids["Diterima B"]], by=operator, accept=True)
    proposals.decide(session=session, proposal_ids=[ids["Ditolak B"]], by=operator, accept=False, reason="Penuh")
    client.force_login(operator)
    document = IssuedDocument.objects.get(pk=issue(client, session, "undangan").url.split("/")[-2])
    text = pdf_text(client.get(reverse("documents:document_pdf", args=[document.pk])).content)
    assert "Yth. Kepala Kecamatan B" in text and accepted.nip_display in text
    assert declined.nip_display not in text
    assert waiting.nip_display not in text and "Kecamatan C" not in text
