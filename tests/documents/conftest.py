import datetime
import io

import pytest
from pypdf import PdfReader

from documents.models import IssuedDocument
from programs.models import DocumentKind, Golongan, Letterhead, Signatory
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session
from training import enrolment
from training.models import Enrolment


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data):
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def head(tree):
    """The camat of Kecamatan A, who signs its documents."""
    person = EmployeeFactory(
        unit=tree.a, name="Budi Santoso", gelar_depan="Drs.", gelar_belakang="M.Si.", golongan=Golongan.IV_A
    )
    Signatory.objects.create(unit=tree.a, kind="", employee=person, office="Camat A")
    return person


@pytest.fixture
def letterheads(tree):
    Letterhead.objects.create(unit=tree.root, government_line="Pemerintah Kota Contoh", place="Kota Contoh")
    return Letterhead.objects.create(
        unit=tree.a, short_code="KEC.A", address="Jalan Merdeka 1", phone="(024) 123456", email="kec.a@contoh.go.id"
    )


@pytest.fixture
def session(workshop, tree, admin, operator, pegawai_employee, supervisor_employee, instructor, head, letterheads):
    """A two-day session of Kecamatan A with two confirmed participants and an instructor."""
    session = make_session(workshop, tree.a, admin, instructors=[instructor])
    for person in (pegawai_employee, supervisor_employee):
        enrolment.request_place(session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED)
    return session


# An issued document with a signatory snapshot, for the signing and verification tests.
SIGNATORY = {
    "office_lines": ["Camat A,"],
    "name": "Drs. Budi Santoso, M.Si.",
    "pangkat": "Pembina",
    "nip": "197001011990031001",
}


@pytest.fixture
def document(workshop, tree, admin):
    session = make_session(workshop, tree.a, admin)
    return IssuedDocument.objects.create(
        kind=DocumentKind.ASSIGNMENT,
        session=session,
        unit=tree.a,
        year=2026,
        sequence=7,
        number="800.2/7/KEC-A/2026",
        issued_on=datetime.date(2026, 12, 5),
        issued_by=admin,
        signatory=SIGNATORY,
    )
