"""Guards found in review: nobody signs off on their own records, bad parameters are not 500s,
results stay within the reader's scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Competency, DevelopmentForm, Role
from tests.factories import EmployeeFactory, UserFactory, grant
from tests.training.conftest import make_session
from training import enrolment, ledger
from training.models import Enrolment, ExternalClaim, Mentorship


@pytest.fixture
def operator_employee(tree, operator):
    """The operator is also an ASN in their own unit, with no supervisor."""
    return EmployeeFactory(unit=tree.a, name="Operator sendiri", user=operator)


def test_an_operator_cannot_approve_their_own_registration(workshop, tree, admin, operator, operator_employee):
    session = make_session(workshop, tree.a, admin)
    mine = enrolment.request_place(
        session=session, employee=operator_employee, by=operator, source=Enrolment.Source.SELF
    )
    with pytest.raises(PermissionDenied):
        enrolment.approve(enrolment=mine, by=operator)


def test_an_operator_cannot_verify_their_own_claim(client, operator, operator_employee, reference_data):
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


def test_an_operator_cannot_validate_their_own_assessment(operator, operator_employee):
    from needs_analysis.campaigns import can_validate
    from programs.access import access_for

    assessment = type("A", (), {"employee": operator_employee})()
    assert not can_validate(access_for(operator), assessment)


def test_pimpinan_elsewhere_cannot_read_a_units_evaluation(client, workshop, tree, admin, reference_data):
    from evaluation.models import Distribution, Questionnaire

    session = make_session(workshop, tree.a, admin)
    questionnaire = Questionnaire.objects.create(title="Q", kind="reaction")
    now = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    distribution = Distribution.objects.create(
        session=session,
        questionnaire=questionnaire,
        purpose="reaction",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=3),
        created_by=admin,
    )
    head_of_b = grant(UserFactory(username="camat_b"), Role.PIMPINAN, tree.b)
    client.force_login(head_of_b)
    assert client.get(reverse("evaluation:distribution_detail", args=[distribution.pk])).status_code == 403
    head_of_a = grant(UserFactory(username="camat_a2"), Role.PIMPINAN, tree.a)
    client.force_login(head_of_a)
    assert client.get(reverse("evaluation:distribution_detail", args=[distribution.pk])).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/pelatihan/jadwal/tambah/?course=abc",
        "/pelatihan/kalender/?bulan=0001-01",
        "/pelatihan/kalender/?bulan=9999-12",
        "/pelatihan/kalender/?bulan=x",
    ],
)
def test_bad_parameters_are_not_errors(client, admin, url):
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_mentoring_sessions_stay_in_the_period(supervisor_employee, pegawai_employee, operator, reference_data):
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
