import io

import pytest
from pypdf import PdfReader

from programs.models import Golongan, Letterhead, Signatory
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
