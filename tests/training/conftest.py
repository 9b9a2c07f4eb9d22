import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import DevelopmentForm
from training.models import LearningRecord, Session
from training.scheduling import save_session

MONDAY = datetime.date(2027, 3, 1)


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


CLAIM_PDF = b"%PDF-1.4 bukti"


def claim_data(**extra):
    """The claim form as an ASN sends it, with a small PDF as evidence."""
    return {
        "development_form": DevelopmentForm.objects.get(code="KL06").pk,
        "title": "Webinar ASN Unggul",
        "organiser": "LAN RI",
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "days": 1,
        "sessions": 1,
        "program_jp": "",
        "evidence": SimpleUploadedFile("b.pdf", CLAIM_PDF, content_type="application/pdf"),
    } | extra


def credit(employee, jp, year=2026, form_code="KL06", on=(3, 1)):
    day = datetime.date(year, *on)
    return LearningRecord.objects.create(
        employee=employee,
        source="claim",
        title="Kegiatan",
        development_form=DevelopmentForm.objects.get(code=form_code),
        starts_on=day,
        ends_on=day,
        year=year,
        jp=jp,
    )
