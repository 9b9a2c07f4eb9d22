import datetime
from decimal import Decimal

import pytest

from programs.models import Competency, DevelopmentForm
from training.models import Course, CourseCompetency, Instructor, Provider, Session
from training.scheduling import save_session

MONDAY = datetime.date(2027, 3, 1)


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="BPSDM Provinsi", kind=Provider.Kind.BPSDM_LAN)


@pytest.fixture
def workshop(reference_data, provider):
    course = Course.objects.create(
        code="WS-KOM",
        title="Workshop Komunikasi Publik",
        development_form=DevelopmentForm.objects.get(code="KL07"),
        jp=Decimal(10),
        default_provider=provider,
    )
    CourseCompetency.objects.create(course=course, competency=Competency.objects.get(code="M.03"), target_level=3)
    return course


@pytest.fixture
def instructor(db):
    return Instructor.objects.create(name="Dr. Hartono", institution="BPSDM")


def day(date, start=(8, 0), end=(15, 0)):
    return {"date": date, "starts_at": datetime.time(*start), "ends_at": datetime.time(*end)}


def make_session(course, unit, by, *, days=None, status=Session.Status.OPEN, instructors=(), **fields):
    values = {
        "name": "Angkatan I",
        "provider": course.default_provider,
        "organiser_unit": unit,
        "capacity": 30,
        "venue": "Aula BKPSDM",
        "jp": None,
        "status": status,
    }
    values.update(fields)
    session = Session(course=course, **values)
    save_session(
        session=session,
        days=days or [day(MONDAY), day(MONDAY + datetime.timedelta(days=1))],
        instructors=list(instructors),
        by=by,
    )
    return session
