"""Who signs: the signature blocks (own name, a.n., Plt., Plh., up the tree), the admin's page, and the
real signatory, rank, NIP and place-date on the certificate, the plan and the annual report."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from programs.models import DevelopmentProgram, DocumentKind, Golongan, Letterhead, PlanItem, Signatory
from programs.signatories import signature_for
from tests.factories import EmployeeFactory
from tests.programs.test_letterheads import pdf_text
from training import certificates, enrolment, participation
from training.models import Enrolment

from ..training.conftest import make_session

ON = datetime.date(2026, 12, 5)
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def kepala(tree):
    return EmployeeFactory(
        unit=tree.a,
        name="Siti Aminah",
        gelar_depan="Dr.",
        gelar_belakang="S.E., M.Si.",
        golongan=Golongan.IV_C,
        nip="197001012000032001",
    )


@pytest.fixture
def sekretaris(tree):
    return EmployeeFactory(unit=tree.a, name="Bambang", gelar_belakang="S.Sos.", golongan=Golongan.IV_A)


def head_of(unit, person, office, capacity=""):
    return Signatory.objects.create(unit=unit, employee=person, office=office, capacity=capacity)


def test_the_head_signs_in_their_own_name(tree, kepala):
    head_of(tree.a, kepala, "Camat A")
    block = signature_for(tree.a, DocumentKind.PLAN, on=ON, place="Semarang")
    assert block.office_lines == ("Camat A,",)
    assert (block.name, block.pangkat, block.nip) == (
        "Dr. Siti Aminah, S.E., M.Si.",
        "Pembina Utama Muda (IV/c)",
        "19700101 200003 2 001",
    )
    assert block.place_date == "Semarang, 5 Desember 2026"


def test_a_kind_signed_on_behalf_of_the_head(tree, kepala, sekretaris):
    head_of(tree.a, kepala, "Camat A")
    Signatory.objects.create(
        unit=tree.a, kind=DocumentKind.CERTIFICATE, employee=sekretaris, office="Sekretaris Kecamatan", capacity="a.n."
    )
    block = signature_for(tree.a, DocumentKind.CERTIFICATE, on=ON)
    assert block.office_lines == ("a.n. Camat A", "Sekretaris Kecamatan,") and block.name == "Bambang, S.Sos."
    assert signature_for(tree.a, DocumentKind.PLAN, on=ON).name == kepala.full_name  # other kinds: the head


@pytest.mark.parametrize("capacity", ["Plt.", "Plh."])
def test_an_acting_head(tree, sekretaris, capacity):
    head_of(tree.a, sekretaris, "Camat A", capacity)
    assert signature_for(tree.a, DocumentKind.PLAN, on=ON).office_lines == (f"{capacity} Camat A,",)


def test_a_unit_without_a_signatory_asks_up_the_tree(tree, kepala):
    head_of(tree.a, kepala, "Camat A")
    assert signature_for(tree.a1, DocumentKind.SCHEDULE, on=ON).name == kepala.full_name
    blank = signature_for(tree.b, DocumentKind.SCHEDULE, on=ON)
    assert blank.is_blank and blank.office_lines == ("Kepala Kecamatan B,",) and blank.name.startswith("(....")


def test_a_deactivated_signatory_is_passed_over(tree, kepala, sekretaris):
    head_of(tree.root, sekretaris, "Sekretaris Daerah")
    head_of(tree.a, kepala, "Camat A")
    kepala.is_active = False
    kepala.save()
    assert signature_for(tree.a, DocumentKind.PLAN, on=ON).name == sekretaris.full_name


def test_the_head_does_not_sign_on_behalf_of_themself(tree, kepala):
    with pytest.raises(IntegrityError):
        head_of(tree.a, kepala, "Camat A", "a.n.")


# --- the admin's page ----------------------------------------------------------------------------------


def rows(*rows):
    data = {"signatories-TOTAL_FORMS": str(len(rows)), "signatories-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"signatories-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_admin_sets_the_head_and_a_certificate_signatory(client, admin, tree, kepala, sekretaris):
    client.force_login(admin)
    url = reverse("programs:signatory_edit", args=[tree.a.pk])
    page = client.get(url).content.decode()
    # The NIP fields pick from a search (core/picker.py) instead of a datalist of the first 500 people.
    assert f'data-picker="{reverse("programs:employee_search")}"' in page and "<datalist" not in page
    found = client.get(reverse("programs:employee_search"), {"q": kepala.name[:5]}).json()["results"]
    assert kepala.nip_display in [row["value"] for row in found]
    response = client.post(
        url,
        rows(
            {"kind": "", "employee_nip": kepala.nip_display, "office": "Camat A", "capacity": ""},
            {"kind": "sertifikat", "employee_nip": sekretaris.nip, "office": "Sekretaris", "capacity": "a.n."},
        ),
    )
    assert response.status_code == 302
    assert signature_for(tree.a, DocumentKind.CERTIFICATE).office_lines == ("a.n. Camat A", "Sekretaris,")
    overview = client.get(response.url).content.decode()
    assert "a.n. Camat A" in overview and sekretaris.full_name in overview


def test_clear_errors_on_the_signatory_page(client, admin, tree, kepala, sekretaris):
    gone = EmployeeFactory(unit=tree.a, is_active=False)
    client.force_login(admin)
    response = client.post(
        reverse("programs:signatory_edit", args=[tree.a.pk]),
        rows(
            {"kind": "", "employee_nip": kepala.nip, "office": "Camat A", "capacity": "a.n."},
            {"kind": "jadwal", "employee_nip": gone.nip, "office": "Sekretaris", "capacity": ""},
            {"kind": "rencana", "employee_nip": sekretaris.nip, "office": "Sekretaris", "capacity": ""},
            {"kind": "rencana", "employee_nip": kepala.nip, "office": "Camat", "capacity": ""},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Signatory.objects.exists()
    assert "Kepala unit tidak menandatangani a.n. dirinya sendiri." in html
    assert f"Tidak ada pegawai aktif dengan NIP {gone.nip}." in html
    assert "Jenis naskah ini sudah punya penandatangan di baris 3." in html


def test_the_admin_cannot_name_someone_outside_the_tree_they_see(client, operator, tree):
    """An operator is refused the page (403); the NIP check itself follows Employee.objects.for_user."""
    stranger = EmployeeFactory(unit=tree.b)
    from programs.forms import SignatoryForm

    form = SignatoryForm(
        {"kind": "", "employee_nip": stranger.nip, "office": "Camat", "capacity": ""},
        user=operator,
        instance=Signatory(unit=tree.a),
    )
    assert not form.is_valid() and "Tidak ada pegawai aktif" in form.errors["employee_nip"][0]


def test_the_admin_removes_a_signatory(client, admin, tree, kepala, sekretaris):
    head_of(tree.a, kepala, "Camat A")
    rule = Signatory.objects.create(unit=tree.a, kind="jadwal", employee=sekretaris, office="Sekretaris")
    client.force_login(admin)
    data = rows()
    data.update({"signatories-TOTAL_FORMS": "2", "signatories-INITIAL_FORMS": "2"})
    for index, (existing, nip) in enumerate([(Signatory.objects.get(kind=""), kepala.nip), (rule, sekretaris.nip)]):
        data.update(
            {
                f"signatories-{index}-id": existing.pk,
                f"signatories-{index}-unit": tree.a.pk,
                f"signatories-{index}-kind": existing.kind,
                f"signatories-{index}-employee_nip": nip,
                f"signatories-{index}-office": existing.office,
                f"signatories-{index}-capacity": "",
            }
        )
    data["signatories-1-DELETE"] = "on"
    assert client.post(reverse("programs:signatory_edit", args=[tree.a.pk]), data).status_code == 302
    assert list(Signatory.objects.values_list("kind", flat=True)) == [""]


# --- the real signatory on the documents ------------------------------------------------------------------


@pytest.fixture
def semarang(tree):
    Letterhead.objects.create(unit=tree.root, government_line="Pemerintah Kota Semarang", place="Semarang")


def test_a_certificate_carries_the_signatory_of_its_day(client, admin, operator, tree, workshop, kepala, sekretaris):
    Letterhead.objects.create(unit=tree.root, government_line="Pemerintah Kota Semarang", place="Semarang")
    head_of(tree.a, kepala, "Camat A")
    Signatory.objects.create(
        unit=tree.a, kind=DocumentKind.CERTIFICATE, employee=sekretaris, office="Sekretaris", capacity="a.n."
    )
    participant = EmployeeFactory(unit=tree.a1, name="Peserta Satu")
    session = make_session(workshop, tree.a, admin)
    enrolment.request_place(session=session, employee=participant, by=operator, source=Enrolment.Source.NOMINATED)
    record = Enrolment.objects.get(session=session)
    for day in session.days.all():
        participation.mark(day=day, statuses={record.pk: "present"}, by=operator)
    participation.finish_session(session=session, by=operator, now=datetime.datetime(2027, 3, 2, 16, 0, tzinfo=JAKARTA))
    with time_machine.travel(datetime.datetime(2027, 3, 20, 10, 0, tzinfo=JAKARTA), tick=False):
        (certificate,) = certificates.issue_certificates(session=session, by=operator)
    assert (certificate.signatory_name, certificate.signatory_nip) == (sekretaris.full_name, sekretaris.nip)
    assert certificate.signatory_office_lines == ["a.n. Camat A", "Sekretaris,"]
    # Who signed is kept: a later change of signatory does not rewrite an issued certificate.
    Signatory.objects.filter(kind=DocumentKind.CERTIFICATE).delete()
    client.force_login(operator)
    text = pdf_text(client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content)
    assert "PEMERINTAH KOTA SEMARANG" in text and "KECAMATAN A" in text
    assert "Semarang, 20 Maret 2027" in text and "a.n. Camat A Sekretaris," in text
    assert f"{sekretaris.full_name} Pembina (IV/a) NIP {sekretaris.nip_display}" in text


def test_without_a_signatory_certificates_fall_back_to_the_settings(admin, operator, tree, workshop, settings):
    settings.BANGKOM = dict(settings.BANGKOM, CERTIFICATE_SIGNATORY_NAME="Kepala BKPSDM (setelan)")
    snapshot = certificates.signatory_snapshot(tree.b, ON)
    assert snapshot["signatory_name"] == "Kepala BKPSDM (setelan)" and snapshot["signed_place"] == "Semarang"


def test_the_plan_pdf_shows_the_head_with_rank_nip_place_and_date(client, admin, tree, semarang, kepala):
    head_of(tree.a, kepala, "Camat A")
    program = DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana Kecamatan A")
    client.force_login(admin)
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        text = pdf_text(client.get(reverse("programs:plan_pdf", args=[program.pk])).content)
    assert "PEMERINTAH KOTA SEMARANG" in text and "KECAMATAN A" in text
    assert "Semarang, 5 Desember 2026 Camat A," in text
    assert "Dr. Siti Aminah, S.E., M.Si. Pembina Utama Muda (IV/c) NIP 19700101 200003 2 001" in text


def test_the_plan_pdf_reads_a_fixed_number_of_queries(
    client, admin, tree, semarang, kepala, reference_data, django_assert_max_num_queries
):
    """Session and user (2), the plan (1), its items with their relations (2), the letterhead's lineage and
    rows (2), the signatory's lineage and rules (2): the same for one item or many."""
    from programs.models import Competency, DevelopmentForm

    head_of(tree.a, kepala, "Camat A")
    program = DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana Kecamatan A")
    competency, form = Competency.objects.first(), DevelopmentForm.objects.first()
    client.force_login(admin)
    url = reverse("programs:plan_pdf", args=[program.pk])
    counts = []
    for total in (1, 8):
        while program.items.count() < total:
            PlanItem.objects.create(
                program=program, competency=competency, development_form=form, title="Butir", planned_participants=5
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14, counts


def test_the_annual_report_shows_the_real_signatory(admin, tree, semarang, kepala):
    from reports.annual import annual_report

    head_of(tree.root, kepala, "Sekretaris Daerah")
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        data = annual_report(admin, year=2026)
    assert data["kop"].government_line == "PEMERINTAH KOTA SEMARANG"
    assert data["signature"].name == kepala.full_name and data["signature"].place_date == "Semarang, 5 Desember 2026"
    from core.pdf import render_pdf

    text = pdf_text(render_pdf("reports/pdf/annual_report.html", data))
    assert "Sekretaris Daerah, Dr. Siti Aminah, S.E., M.Si. Pembina Utama Muda (IV/c) NIP 19700101 200003 2 001" in (
        text
    )
    assert text.count("Semarang, 5 Desember 2026") == 2  # the cover and the signature
