import datetime

from training.models import Session
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
