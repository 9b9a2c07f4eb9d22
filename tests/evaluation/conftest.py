"""The evaluation tests' session and questionnaires: a finished session and its anonymous reaction questionnaire."""

import datetime

import pytest
import time_machine

from evaluation import distributions
from evaluation.models import Questionnaire
from evaluation.standard import load_standard_questionnaires
from tests.training.conftest import make_session
from training import enrolment as enrolment_service
from training import participation
from training.models import Enrolment

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
AFTER_CLASS = datetime.datetime(2027, 3, 2, 16, 0, tzinfo=JAKARTA)


@pytest.fixture
def standard(db):
    load_standard_questionnaires()
    return {q.kind: q for q in Questionnaire.objects.all()}


@pytest.fixture
def finished(workshop, tree, admin, operator, pegawai_employee, supervisor_employee):
    """A finished two-day session (1-2 March 2027) that the pegawai and the lurah attended and completed."""
    session = make_session(workshop, tree.a, admin)
    for person in (pegawai_employee, supervisor_employee):
        enrolment_service.request_place(
            session=session, employee=person, by=operator, source=Enrolment.Source.NOMINATED
        )
    for day in session.days.all():
        participation.mark(day=day, statuses={e.pk: "present" for e in session.enrolments.all()}, by=operator)
    participation.finish_session(session=session, by=operator, now=AFTER_CLASS)
    return session


@pytest.fixture
def reaction(finished, standard, admin):
    with time_machine.travel(AFTER_CLASS, tick=False):
        return distributions.attach(
            session=finished, questionnaire=standard["reaction"], purpose="reaction", by=admin, is_anonymous=True
        )
